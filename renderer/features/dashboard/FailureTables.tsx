// The Dashboard's failures a supervisor can act on, in either scope: which agents' calls
// fail (an agent whose number is not mapped in LeadSquared fails every call) and for what
// reason. Each row opens History, in the scope shown, filtered to those failed calls of
// every day (History has no day filter to carry over): the tables say so where a sighted
// supervisor reads them, not only in the rows' accessible names.
import { useId } from 'react';
import type { ChannelOutput } from '../../../shared/ipc';
import type { HistoryFilters } from '../history/filters';
import { BarTable, type BarRow } from './BarTable';
import { failedCallsLink } from './failed-calls-link';

type Failures = ChannelOutput<'teamDashboard'>;

interface Props {
  dayLabel: string;
  onOpenHistory(f: HistoryFilters): void;
}

/** Said only when a row opens History: that it lists the failed calls of every day, not this one's. */
function EveryDayHint({ rows, children }: { rows: BarRow[]; children: string }) {
  return rows.some((r) => r.open) ? <p className="hint">{children}</p> : null;
}

export function FailuresByAgent({ rows, dayLabel, onOpenHistory }: Props & { rows: Failures['failuresByAgent'] }) {
  const id = useId();
  const bars = rows.map((a) => ({
    label: a.agent || '(no name)',
    value: a.failed,
    of: a.total,
    open: failedCallsLink(a.failed, { agent: a.agent }, onOpenHistory),
  }));
  return (
    <section className="panel chart-panel" aria-labelledby={id}>
      <h2 id={id}>Failures by agent</h2>
      <p className="hint">Failed calls of each agent’s calls that day; the bar is the share that failed.</p>
      <EveryDayHint rows={bars}>
        A name opens History with that agent’s failed calls of every day, not only this one.
      </EveryDayHint>
      <BarTable caption={`Failed calls by agent on ${dayLabel}`} labelHeader="Agent" valueHeader="Failed" rows={bars} empty="No agent’s call failed on this day." />
    </section>
  );
}

/** `seenBy`: who saw the errors that are not LeadSquared's ("the desktop", "this computer"). */
export function FailuresByReason({ rows, dayLabel, onOpenHistory, seenBy }: Props & { rows: Failures['failuresByReason']; seenBy: string }) {
  const id = useId();
  const bars = rows.map((r) => ({ label: r.reason, value: r.count, open: failedCallsLink(r.count, { reason: r.reason }, onOpenHistory) }));
  return (
    <section className="panel chart-panel" aria-labelledby={id}>
      <h2 id={id}>Failures by reason</h2>
      <p className="hint">LeadSquared’s StatusReason, or the error {seenBy} saw.</p>
      <EveryDayHint rows={bars}>
        A reason opens History with its failed calls of every day, not only this one.
      </EveryDayHint>
      <BarTable caption={`Failed calls by reason on ${dayLabel}`} labelHeader="Reason" valueHeader="Failed" rows={bars} empty="No call failed on this day." />
    </section>
  );
}
