import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // The CSP forbids inline scripts; keep every asset a file.
    assetsInlineLimit: 0,
  },
  test: {
    root: here('.'),
    environment: 'node',
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts'],
    // A real PostgreSQL server for the team database's tests (Debian's postgresql package).
    globalSetup: ['test/support/pg-global.ts'],
    // Electron cannot run here: the one shared mock stands in for the module.
    alias: { electron: here('./test/electron-mock.ts') },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
