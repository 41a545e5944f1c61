// The menu's lasting word on this computer's failed calls. Log call shows only the
// last call, so a failure followed by another call went unseen (and the browser host
// has no desktop notification): this stays until each failed call leaves Failure or
// Error, which is what the agent does to it (Edit and resend, Retry). Live: its
// count sits under ['entries'], refreshed by main's entriesChanged push.
import { useQuery } from '@tanstack/react-query';
import { call } from '../bridge';
import { allFailedCalls, openHereInHistory } from '../features/history/open-history';
import { keys } from './query';

export function FailedCallsIndicator({ onOpenHistory }: { onOpenHistory(): void }) {
  const failed = useQuery({ queryKey: keys.failedCalls, queryFn: () => call('countFailedCalls') });
  // Shares the banner's query: Settings' save refreshes it, so turning the sandbox off or on shows at once.
  const mode = useQuery({ queryKey: keys.connection, queryFn: () => call('getConnectionInfo') }).data?.mode;
  // Test calls count while the sandbox is on: trainers use it to practise fixing a failed call.
  // Once it is off they went nowhere a customer sees and resending waits for the sandbox: no one's job.
  const withTests = mode === 'sandbox';
  const n = (failed.data?.account ?? 0) + (withTests ? (failed.data?.test ?? 0) : 0);
  return (
    // Always in the DOM, so a failure is heard when it happens, not only seen.
    <span className="nav-failed-slot" role="status">
      {n > 0 && (
        <button
          type="button"
          className="nav-button nav-failed"
          aria-label={`${n} failed ${n === 1 ? 'call needs' : 'calls need'} you — open them in History`}
          title="Calls that ended in Failure or Error: open them in History to edit and resend"
          onClick={() => openHereInHistory(allFailedCalls(withTests), onOpenHistory)}
        >
          {n} failed
        </button>
      )}
    </span>
  );
}
