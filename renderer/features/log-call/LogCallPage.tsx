// Log call: the page agents live on. The form needs Settings (defaults, call
// statuses, templates) before it can be filled, so it waits for them; the
// status line says where the last call logged here has got to.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { LastCallStatus } from './LastCallStatus';
import { LogCallForm } from './LogCallForm';
import { sessionMemory, type LastLogged } from './session-memory';
import './log-call.css';
import { LoadError } from '../../app/LoadError';

export function LogCallPage({ onOpenHistory, onOpenSettings }: { onOpenHistory?: () => void; onOpenSettings?: () => void }) {
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => call('getSettings') });
  const [last, setLast] = useState<LastLogged | null>(sessionMemory.lastLogged);

  const logged = (l: LastLogged) => {
    sessionMemory.lastLogged = l;
    setLast(l);
  };

  return (
    <section className="log-call" aria-labelledby="log-call-title">
      <h1 id="log-call-title">Log call</h1>
      {/* Always in the DOM, so screen readers hear each change of the last call's state. */}
      <div className="status-line" role="status" aria-live="polite" aria-label="Last call">
        {last && <LastCallStatus key={last.id} last={last} onOpenSettings={onOpenSettings} onOpenHistory={onOpenHistory} />}
      </div>
      {settings.data ? (
        <LogCallForm settings={settings.data} onLogged={logged} />
      ) : settings.isError ? (
        <LoadError what="Settings could not be read" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <p className="hint">Loading…</p>
      )}
    </section>
  );
}
