// The uninstaller's question, asked of a real data dir: calls that have not
// reached LeadSquared (waiting for a key here) are counted; delivered ones are not.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callInput, openEngine } from '../../../test/support/engine';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { countUnsent, outboxStatusLine } from './unsent';

const tempDir = useTempDirs();

describe('countUnsent', () => {
  it('is 0 for a data dir with no database yet', () => {
    expect(countUnsent(tempDir())).toBe(0);
    expect(outboxStatusLine(0)).toMatch(/^Outbox empty/);
  });

  it('counts calls not yet with LeadSquared, while the app still has the database open', async () => {
    const dir = tempDir();
    const engine = await openEngine(dir);
    try {
      const sent = engine.svc.logCall(callInput());
      await waitFor('the first call to be accepted', () => ['accepted', 'in_queue', 'success'].includes(engine.svc.getEntry(sent.id).state));
      engine.svc.clearKey();
      engine.svc.logCall(callInput());
      engine.svc.logCall(callInput());
      expect(countUnsent(dir)).toBe(2);
      // A test call for the sandbox (waiting here: no sandbox runs in this engine) is not the CRM's: not counted.
      await engine.svc.updateSettings({ useSandbox: true });
      expect(engine.svc.getEntry(engine.svc.logCall(callInput()).id).state).toBe('needs_setup');
      expect(countUnsent(dir)).toBe(2);
      expect(outboxStatusLine(1)).toMatch(/^1 call on this computer has not reached LeadSquared yet\./);
      expect(outboxStatusLine(2)).toBe('2 calls on this computer have not reached LeadSquared yet. Open Call Log and let them send (or export them) before uninstalling.');
    } finally {
      await engine.close();
    }
  });

  it("counts only the app's own table: a view named entries in someone's folder is refused, not counted", () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'calls.sqlite'));
    db.exec("CREATE TABLE t (state TEXT); INSERT INTO t VALUES ('queued'), ('queued'), ('queued'); CREATE VIEW entries AS SELECT state FROM t;");
    db.close();
    expect(() => countUnsent(dir)).toThrow('its calls table is not the one Call Log makes');
  });
});
