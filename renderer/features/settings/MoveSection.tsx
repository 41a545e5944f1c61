// Moving to a new PC: export this computer's unsent calls and settings to one
// file (never the API key; the moved calls pause here), import it there.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { call } from '../../bridge';
import { keys } from '../../app/query';

type Outcome = { ok: boolean; text: string } | null;

export function MoveSection({ onImported }: { onImported: () => void }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const run = async (work: () => Promise<{ ok: boolean; text: string }>) => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await work());
    } catch (err) {
      setOutcome({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: keys.entries });
    }
  };

  const exportFile = () =>
    run(async () => {
      const r = await call('exportTransfer');
      return { ok: r.saved, text: r.message };
    });

  const importFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void run(async () => {
      const r = await call('importTransfer', { fileName: file.name, text: await file.text() });
      // Settings changed underneath the form: the page shows them afresh.
      await qc.invalidateQueries({ queryKey: keys.settings });
      onImported();
      void qc.invalidateQueries({ queryKey: keys.connection });
      return { ok: true, text: [r.message, ...r.skipped.map((s) => `Kept as set here: ${s}`)].join(' ') };
    });
  };

  return (
    <section className="panel settings-section" aria-labelledby="settings-move">
      <h2 id="settings-move">Move to a new PC</h2>
      <p className="hint" id="settings-move-hint">
        The file holds your settings and the calls not yet sent, never your API key (enter it again on the new PC). Calls you export pause here.
      </p>
      <div className="settings-actions">
        <button type="button" className="button" aria-busy={busy} aria-describedby="settings-move-hint" onClick={() => void exportFile()}>
          Export calls and settings
        </button>
        <label className="button file-button" data-disabled={busy || undefined}>
          Import from the old PC
          {/* Not disabled while busy (that drops keyboard focus on the page's body): the chooser just does not open. */}
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Import calls and settings from the old PC"
            aria-disabled={busy}
            onClick={(e) => busy && e.preventDefault()}
            onChange={importFile}
          />
        </label>
      </div>
      <p role="status" aria-label="Move result" className={outcome ? (outcome.ok ? 'form-status-ok' : 'field-error') : undefined}>
        {outcome?.text}
      </p>
    </section>
  );
}
