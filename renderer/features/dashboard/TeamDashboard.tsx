// The Dashboard in Team scope: the whole floor's day from the team database.
// Totals, calls per hour by state (the same chart as this computer's), and the
// failures a supervisor can act on: which agents' calls fail (an agent whose
// number is not mapped in LeadSquared fails every call) and for what reason.
// Refreshed by the teamChanged event (the query sits under ['team']).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../bridge';
import type { DayWindow } from '../../app/days';
import { LoadError } from '../../app/LoadError';
import { keys } from '../../app/query';
import { dayFailedLink, type FailedCallsOfDay } from './failed-calls-link';
import { FailuresByAgent, FailuresByReason } from './FailureTables';
import { HourlyChart } from './HourlyChart';
import { DayTotals } from './Stat';
import { TestCallsNote } from './TestCallsNote';
import type { TeamWords } from '../team/scope';

interface Props {
  day: DayWindow;
  dayLabel: string;
  words: TeamWords;
  failedCalls: FailedCallsOfDay;
}

export function TeamDashboard({ day, dayLabel, words, failedCalls }: Props) {
  const q = useQuery({ queryKey: keys.teamDashboard(day), queryFn: () => call('teamDashboard', day), placeholderData: keepPreviousData });
  if (q.isError && !q.data) return <LoadError what="Could not read the team’s numbers" error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <p className="hint">Loading the team’s numbers…</p>;
  const { totals, testCalls, hours, failuresByAgent, failuresByReason } = q.data;
  return (
    <div className="team-dashboard" aria-busy={q.isPlaceholderData}>
      <section className="panel health-block" aria-labelledby="team-totals">
        <h2 id="team-totals">
          {words.why ? words.option : 'Team'}, {dayLabel}
        </h2>
        <DayTotals {...totals} failedLink={dayFailedLink(totals.failed, failedCalls)} />
        <p className="hint">
          {words.whose}. Failed: Failure or Error. Waiting now: every call not final yet, whatever day it was logged.
        </p>
        <TestCallsNote count={testCalls} />
      </section>
      <div className="charts">
        <section className="panel chart-panel" aria-labelledby="team-hours">
          <h2 id="team-hours">Calls per hour, by state</h2>
          <p className="hint">By the hour each call was logged, on every desktop.</p>
          <HourlyChart hours={hours} dayLabel={dayLabel} />
        </section>
        <FailuresByAgent rows={failuresByAgent} dayLabel={dayLabel} failedCalls={failedCalls} />
      </div>
      <FailuresByReason rows={failuresByReason} dayLabel={dayLabel} failedCalls={failedCalls} seenBy="the desktop" className="team-reasons" />
    </div>
  );
}
