// Vitest-only: engines opened in a test are closed after it.
import { afterEach } from 'vitest';
import { openEngine, type EngineFixture } from './engine';

/** `engine(opts)` opens an engine in a fresh temp dir; all are closed after each test. */
export function useEngines(tempDir: () => string) {
  const open: EngineFixture[] = [];
  afterEach(async () => {
    for (const f of open.splice(0)) await f.close();
  });
  /** Closed after the test, or by the test itself before (a desktop shut down mid-test): once either way. */
  const track = (f: EngineFixture): EngineFixture => {
    let closed: Promise<void> | null = null;
    const once = { ...f, close: () => (closed ??= f.close()) };
    open.push(once);
    return once;
  };
  return {
    track,
    async engine(opts: Parameters<typeof openEngine>[1] = {}) {
      return track(await openEngine(tempDir(), opts));
    },
    /** One desktop (one data dir) on the team database at `teamUrl`, started again by each call: a shift ending and the next. */
    desktop(opts: Parameters<typeof openEngine>[1], teamUrl: string): () => Promise<EngineFixture> {
      const dir = tempDir();
      return async () => {
        const d = track(await openEngine(dir, opts));
        await d.svc.team.setDatabase(teamUrl);
        return d;
      };
    },
  };
}
