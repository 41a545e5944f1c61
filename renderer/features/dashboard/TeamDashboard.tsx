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
import { BarTable } from './BarTable';
import { HourlyChart } from './HourlyChart';
import { DayTotals } from './Stat';
import { TestCallsNote } from './TestCallsNote';
import type { HistoryFilters } from '../history/filters';
import type { TeamWords } from '../team/scope';
import { failedCallsLink, NO_REASON } from './failed-calls-link';

interface Props {
  day: DayWindow;
  dayLabel: string;
  words: TeamWords;
  onOpenHistory(f: HistoryFilters): void;
}

export function TeamDashboard({ day, dayLabel, words, onOpenHistory }: Props) {
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
        <DayTotals {...totals} />
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
        <section className="panel chart-panel" aria-labelledby="team-by-agent">
          <h2 id="team-by-agent">Failures by agent</h2>
          <p className="hint">Failed calls of each agent’s calls that day; the bar is the share that failed.</p>
          <BarTable
            caption={`Failed calls by agent on ${dayLabel}`}
            labelHeader="Agent"
            valueHeader="Failed"
            rows={failuresByAgent.map((a) => ({
              label: a.agent || '(no name)',
              value: a.failed,
              of: a.total,
              open: failedCallsLink(a.failed, { agent: a.agent }, onOpenHistory),
            }))}
            empty="No agent’s call failed on this day."
          />
        </section>
      </div>
      <section className="panel chart-panel team-reasons" aria-labelledby="team-by-reason">
        <h2 id="team-by-reason">Failures by reason</h2>
        <p className="hint">LeadSquared’s StatusReason, or the error the desktop saw.</p>
        <BarTable
          caption={`Failed calls by reason on ${dayLabel}`}
          labelHeader="Reason"
          valueHeader="Calls"
          rows={failuresByReason.map((r) => ({
            label: r.reason,
            value: r.count,
            open: r.reason === NO_REASON ? undefined : failedCallsLink(r.count, { reason: r.reason }, onOpenHistory),
          }))}
          empty="No call failed on this day."
        />
      </section>
    </div>
  );
}
