// Is anything stuck? LeadSquared's own numbers for the call-log queue, and this
// computer's for the chosen day. Main caches LeadSquared's metrics and fetches
// them within the shared rate budget, so the minute-by-minute refresh costs at
// most one API call a minute; entry changes refresh the local numbers at once.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { format } from 'date-fns';
import type { ChannelOutput } from '../../../shared/ipc';
import { call } from '../../bridge';
import type { DayWindow } from '../../app/days';
import { keys } from '../../app/query';
import { offsetAt } from '../history/format';
import { formatNumber, formatSeconds } from './format';
import { dayFailedLink, waitingLink, type FailedCallsOfDay } from './failed-calls-link';
import { DayTotals, MedianToSuccess, Stat } from './Stat';
import { TestCallsNote } from './TestCallsNote';

type Health = ChannelOutput<'queueHealth'>;

/** LeadSquared updates its queue metrics about once a minute; asking more often shows nothing new. */
const HEALTH_REFRESH_MS = 60_000;

function LeadSquaredQueue({ health }: { health: Health }) {
  const conn = useQuery({ queryKey: keys.connection, queryFn: () => call('getConnectionInfo') });
  const m = health.leadsquared;
  return (
    <section className="panel health-block" aria-labelledby="health-ls">
      <h2 id="health-ls">LeadSquared call-log queue</h2>
      {m ? (
        <>
          <dl className="stats">
            <Stat term="Pending messages">{formatNumber(m.pendingMessages)}</Stat>
            <Stat term="Longest wait">{formatSeconds(m.maxDelaySeconds)}</Stat>
            <Stat term="Processing rate">{formatNumber(m.processingRatePerMinute)} / min</Stat>
          </dl>
          <p className="hint">
            As of <time dateTime={new Date(m.at).toISOString()}>{format(m.at, 'HH:mm')}</time> {offsetAt(m.at)}
            {health.leadsquaredError ? ' (last known: a newer reading failed)' : ''}
          </p>
        </>
      ) : (
        !health.leadsquaredError && (
          <p className="hint">
            No reading yet{conn.data && !conn.data.ready && conn.data.reason ? `: ${conn.data.reason}` : '.'}
          </p>
        )
      )}
      {health.leadsquaredError && <p className="field-error">Could not read LeadSquared’s queue: {health.leadsquaredError}</p>}
    </section>
  );
}

function ThisComputer({ local, dayLabel, failedCalls }: { local: Health['local']; dayLabel: string; failedCalls: FailedCallsOfDay }) {
  return (
    <section className="panel health-block" aria-labelledby="health-local">
      <h2 id="health-local">This computer, {dayLabel}</h2>
      <DayTotals
        logged={local.loggedToday}
        delivered={local.delivered}
        failed={local.failed}
        waiting={local.waiting}
        failedLink={dayFailedLink(local.failed, failedCalls)}
        waitingLink={waitingLink(local.waiting, failedCalls)}
      >
        <MedianToSuccess seconds={local.medianSecondsToSuccess} />
      </DayTotals>
      <p className="hint">
        Delivered: LeadSquared said Success. Failed: Failure or Error. Median: half of the day’s delivered calls got there faster. Waiting now: every
        call not final yet, whatever day it was logged.
      </p>
      <TestCallsNote count={local.testCalls} />
    </section>
  );
}

export function HealthPanel({ day, dayLabel, failedCalls }: { day: DayWindow; dayLabel: string; failedCalls: FailedCallsOfDay }) {
  const health = useQuery({
    queryKey: keys.health(day),
    queryFn: () => call('queueHealth', day),
    refetchInterval: HEALTH_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  if (health.isError && !health.data) {
    return (
      <p className="field-error" role="alert">
        Could not read the queue health: {health.error.message}{' '}
        <button type="button" className="button" onClick={() => void health.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  if (!health.data) return <p className="hint">Loading queue health…</p>;
  return (
    <div className="health" aria-busy={health.isPlaceholderData}>
      <LeadSquaredQueue health={health.data} />
      <ThisComputer local={health.data.local} dayLabel={dayLabel} failedCalls={failedCalls} />
    </div>
  );
}
