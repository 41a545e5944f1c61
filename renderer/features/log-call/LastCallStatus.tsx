// Where the last logged call is, live. The entry query sits under ['entries'],
// so main's entriesChanged push refreshes it: no polling here.
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { StateBadge } from '../../app/StateBadge';
import type { EntryState } from '../../../shared/entry';
import { oneCall, openHereInHistory } from '../history/open-history';
import type { LastLogged } from './session-memory';

/** States whose "why" is worth showing right away, and where the why is kept. */
function reasonOf(e: { state: EntryState; statusReason: string | null; lastError: string | null }): string | null {
  switch (e.state) {
    case 'failure':
    case 'error':
      return e.statusReason ?? e.lastError;
    case 'retry_wait':
    case 'needs_key':
    case 'needs_setup':
      return e.lastError;
    default:
      return null;
  }
}

export function LastCallStatus({ last, onOpenSettings, onOpenHistory }: { last: LastLogged; onOpenSettings?: (() => void) | undefined; onOpenHistory?: (() => void) | undefined }) {
  const entry = useQuery({ queryKey: keys.entry(last.id), queryFn: () => call('getEntry', { id: last.id }) });
  const who = `${last.direction === 'Inbound' ? 'Call from' : 'Call to'} ${last.leadNumber} saved`;

  if (entry.isError) {
    return (
      <p>
        {who}. Its progress could not be read: {entry.error.message}
      </p>
    );
  }
  const e = entry.data;
  if (!e) return <p>{who}.</p>;
  const reason = reasonOf(e);
  return (
    <>
      <p className="last-call-line">
        {who} — <StateBadge state={e.state} />
        {e.requestId && (
          <>
            {' · '}RequestID <span className="request-id">{e.requestId}</span>
          </>
        )}
      </p>
      {reason && (
        <p className={e.state === 'retry_wait' ? 'hint' : 'field-error'}>
          {e.state === 'failure' || e.state === 'error' ? `Reason: ${reason}` : reason}
          {(e.state === 'needs_key' || e.state === 'needs_setup') && onOpenSettings && (
            <>
              {' '}
              <button type="button" className="button button-link" onClick={onOpenSettings}>
                Open Settings
              </button>
            </>
          )}
          {/* Fixed where it can be: History, its details open, Edit and resend beside them. */}
          {(e.state === 'failure' || e.state === 'error') && onOpenHistory && (
            <>
              {' '}
              <button type="button" className="button button-link" onClick={() => openHereInHistory(oneCall(e.callSessionId), onOpenHistory, e)}>
                Open in History to fix it
              </button>
            </>
          )}
        </p>
      )}
    </>
  );
}
