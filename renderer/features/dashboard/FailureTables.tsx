// The Dashboard's failures a supervisor can act on, in either scope: which agents' calls
// fail (an agent whose number is not mapped in LeadSquared fails every call) and for what
// reason. Each row opens History, in the scope shown, filtered to those failed calls.
import { useId } from 'react';
import type { ChannelOutput } from '../../../shared/ipc';
import type { HistoryFilters } from '../history/filters';
import { BarTable } from './BarTable';
import { failedCallsLink } from './failed-calls-link';

type Failures = ChannelOutput<'teamDashboard'>;

const panelClass = (extra?: string) => (extra ? `panel chart-panel ${extra}` : 'panel chart-panel');

interface Props {
  dayLabel: string;
  onOpenHistory(f: HistoryFilters): void;
  className?: string;
}

export function FailuresByAgent({ rows, dayLabel, onOpenHistory, className }: Props & { rows: Failures['failuresByAgent'] }) {
  const id = useId();
  return (
    <section className={panelClass(className)} aria-labelledby={id}>
      <h2 id={id}>Failures by agent</h2>
      <p className="hint">Failed calls of each agent’s calls that day; the bar is the share that failed.</p>
      <BarTable
        caption={`Failed calls by agent on ${dayLabel}`}
        labelHeader="Agent"
        valueHeader="Failed"
        rows={rows.map((a) => ({
          label: a.agent || '(no name)',
          value: a.failed,
          of: a.total,
          open: failedCallsLink(a.failed, { agent: a.agent }, onOpenHistory),
        }))}
        empty="No agent’s call failed on this day."
      />
    </section>
  );
}

/** `seenBy`: who saw the errors that are not LeadSquared's ("the desktop", "this computer"). */
export function FailuresByReason({ rows, dayLabel, onOpenHistory, className, seenBy }: Props & { rows: Failures['failuresByReason']; seenBy: string }) {
  const id = useId();
  return (
    <section className={panelClass(className)} aria-labelledby={id}>
      <h2 id={id}>Failures by reason</h2>
      <p className="hint">LeadSquared’s StatusReason, or the error {seenBy} saw.</p>
      <BarTable
        caption={`Failed calls by reason on ${dayLabel}`}
        labelHeader="Reason"
        valueHeader="Failed"
        rows={rows.map((r) => ({ label: r.reason, value: r.count, open: failedCallsLink(r.count, { reason: r.reason }, onOpenHistory) }))}
        empty="No call failed on this day."
      />
    </section>
  );
}
