// Vitest-only: engines opened in a test are closed after it.
import { afterEach } from 'vitest';
import { openEngine, type EngineFixture } from './engine';

/** `engine(opts)` opens an engine in a fresh temp dir; all are closed after each test. */
export function useEngines(tempDir: () => string) {
  const open: EngineFixture[] = [];
  afterEach(async () => {
    for (const f of open.splice(0)) await f.close();
  });
  return {
    track(f: EngineFixture) {
      open.push(f);
      return f;
    },
    async engine(opts: Parameters<typeof openEngine>[1] = {}) {
      const f = await openEngine(tempDir(), opts);
      open.push(f);
      return f;
    },
  };
}
