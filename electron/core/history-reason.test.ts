// History filtered by a failure's reason (the Dashboard's failures by reason): any reason
// a call can carry is one the filter takes, up to the longest LeadSquared's reply is kept at.
import { describe, expect, it } from 'vitest';
import { MAX_REPLY_TEXT } from '../../shared/leadsquared';
import { startSandbox } from '../sandbox/server';
import { callInput, waitForState } from '../../test/support/engine';
import { useEngines } from '../../test/support/use-engines';
import { useTempDirs } from '../../test/support/temp-dir';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

describe('History’s reason filter', () => {
  it('finds a call by its reason however long LeadSquared’s reason was (kept up to MAX_REPLY_TEXT)', async () => {
    const sandbox = await startSandbox({ processingDelayMs: 20 });
    try {
      const d = await engine({ existingSandbox: sandbox });
      sandbox.setFaults({ failureNext: 1, failureReason: `MXInvalidInput: ${'the field is not valid; '.repeat(60)}` });
      const failed = await waitForState(d.svc, d.svc.logCall(callInput()).id, ['failure']);
      const reason = failed.statusReason!;
      expect(reason.length).toBe(MAX_REPLY_TEXT);
      const listed = d.svc.listEntries({ reason, states: ['failure', 'error'] });
      expect(listed.items.map((i) => i.id)).toEqual([failed.id]);
    } finally {
      await sandbox.close();
    }
  });
});
