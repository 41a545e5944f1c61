// Support: one archive for IT (recent logs, settings without secrets, queue
// counts, versions). The desktop app asks where to save it; the browser host
// puts it in the data folder and says where.
import { useState } from 'react';
import { call } from '../../bridge';

type State = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; ok: boolean; text: string };

export function DiagnosticsSection() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const run = async () => {
    if (state.kind === 'running') return;
    setState({ kind: 'running' });
    try {
      const r = await call('exportDiagnostics');
      setState({ kind: 'done', ok: r.saved, text: r.message });
    } catch (err) {
      setState({ kind: 'done', ok: false, text: `Diagnostics could not be exported: ${(err as Error).message}` });
    }
  };
  return (
    <section className="panel settings-section" aria-labelledby="settings-support">
      <h2 id="settings-support">Support</h2>
      <div className="settings-actions">
        <button type="button" className="button" aria-busy={state.kind === 'running'} onClick={() => void run()} aria-describedby="settings-diagnostics-hint">
          Export diagnostics
        </button>
        <span id="settings-diagnostics-hint" className="hint">
          One file for IT: recent logs, settings and queue counts. Never your API key.
        </span>
      </div>
      <p role="status" aria-label="Diagnostics" className={state.kind === 'done' ? (state.ok ? 'form-status-ok' : 'field-error') : undefined}>
        {state.kind === 'running' && 'Exporting…'}
        {state.kind === 'done' && state.text}
      </p>
    </section>
  );
}
