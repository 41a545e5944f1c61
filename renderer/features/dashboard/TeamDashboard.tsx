// The Dashboard in Team scope: the whole floor's day from the team database.
// Totals with the median time to Success, calls per hour by state and the time
// to Success (the same charts, laid out as this computer's), and the failures a
// supervisor can act on: which agents' calls fail (an agent whose number is not
// mapped in LeadSquared fails every call) and for what reason.
// Refreshed by the teamChanged event (the query sits under ['team']).
// Test calls stay counted apart here even while this computer's sandbox is on: the team's
// figures are the account's calls of every desktop, read by a supervisor reconciling them
// with LeadSquared, and one desktop's practice mode must not change what the floor's say
// (nor can it speak for the other desktops' sandboxes). Its lists leave test calls out too.

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../bridge';
import type { DayWindow } from '../../app/days';
import { LoadError } from '../../app/LoadError';
import { keys } from '../../app/query';
import { ChartPanel } from './ChartPanel';
import { dayFailedLink, waitingLink, type FailedCallsOfDay } from './failed-calls-link';
import { FailuresByAgent, FailuresByReason } from './FailureTables';
import { HourlyChart } from './HourlyChart';
import { DayTotals, MedianToSuccess } from './Stat';
import { TestCallsNote } from './TestCallsNote';
import { TimeToSuccessChart } from './TimeToSuccessChart';
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
  const { totals, testCalls, hours, failuresByAgent, failuresByReason, timeToSuccess, medianSecondsToSuccess } = q.data;
  return (
    <div className="team-dashboard" aria-busy={q.isPlaceholderData}>
      <section className="panel health-block" aria-labelledby="team-totals">
        <h2 id="team-totals">
          {words.why ? words.option : 'Team'}, {dayLabel}
        </h2>
        <DayTotals {...totals} failedLink={dayFailedLink(totals.failed, failedCalls)} waitingLink={waitingLink(totals.waiting, failedCalls)}>
          <MedianToSuccess seconds={medianSecondsToSuccess} />
        </DayTotals>
        <p className="hint">
          {words.whose}. Failed: Failure or Error. Median: half of the day’s delivered calls got there faster. Waiting now: every call
          not final yet, whatever day it was logged.
        </p>
        <TestCallsNote count={testCalls} />
      </section>
      <div className="charts">
        <ChartPanel title="Calls per hour, by state" hint="By the hour each call was logged, on every desktop.">
          <HourlyChart hours={hours} dayLabel={dayLabel} />
        </ChartPanel>
        <ChartPanel title="Time to Success" hint="From logging to LeadSquared’s Success, on every desktop.">
          <TimeToSuccessChart buckets={timeToSuccess} dayLabel={dayLabel} />
        </ChartPanel>
      </div>
      <div className="charts failures">
        <FailuresByReason rows={failuresByReason} dayLabel={dayLabel} failedCalls={failedCalls} seenBy="the desktop" />
        <FailuresByAgent rows={failuresByAgent} dayLabel={dayLabel} failedCalls={failedCalls} />
      </div>
    </div>
  );
}
