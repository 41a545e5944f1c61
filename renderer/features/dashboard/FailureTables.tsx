// The Dashboard's failures a supervisor can act on, in either scope: which agents' calls
// fail (an agent whose number is not mapped in LeadSquared fails every call) and for what
// reason. Each row opens History, in the scope shown, filtered to exactly the failed calls
// the row counts: that agent's or reason's, logged on the Dashboard's day.
import { useId } from 'react';
import type { ChannelOutput } from '../../../shared/ipc';
import { BarTable } from './BarTable';
import { failedCallsLink, type FailedCallsOfDay } from './failed-calls-link';

type Failures = ChannelOutput<'teamDashboard'>;

interface Props {
  dayLabel: string;
  failedCalls: FailedCallsOfDay;
}

export function FailuresByAgent({ rows, dayLabel, failedCalls }: Props & { rows: Failures['failuresByAgent'] }) {
  const id = useId();
  const bars = rows.map((a) => ({
    label: a.agent || '(no name)',
    value: a.failed,
    of: a.total,
    open: failedCallsLink(a.failed, { agent: a.agent }, failedCalls),
  }));
  return (
    <section className="panel chart-panel" aria-labelledby={id}>
      <h2 id={id}>Failures by agent</h2>
      <p className="hint">Failed calls of each agent’s calls that day; the bar is the share that failed.</p>
      <BarTable caption={`Failed calls by agent on ${dayLabel}`} labelHeader="Agent" valueHeader="Failed" rows={bars} empty="No agent’s call failed on this day." />
    </section>
  );
}

/** `seenBy`: who saw the errors that are not LeadSquared's ("the desktop", "this computer"). */
export function FailuresByReason({ rows, dayLabel, failedCalls, seenBy }: Props & { rows: Failures['failuresByReason']; seenBy: string }) {
  const id = useId();
  const bars = rows.map((r) => ({ label: r.reason, value: r.count, open: failedCallsLink(r.count, { reason: r.reason }, failedCalls) }));
  return (
    <section className="panel chart-panel" aria-labelledby={id}>
      <h2 id={id}>Failures by reason</h2>
      <p className="hint">LeadSquared’s StatusReason, or the error {seenBy} saw.</p>
      <BarTable caption={`Failed calls by reason on ${dayLabel}`} labelHeader="Reason" valueHeader="Failed" rows={bars} empty="No call failed on this day." />
    </section>
  );
}
