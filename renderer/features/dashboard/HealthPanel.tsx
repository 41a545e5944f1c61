// Is anything stuck? LeadSquared's own numbers for the call-log queue, and this
// computer's for the chosen day. Main caches LeadSquared's metrics and fetches
// them within the shared rate budget, so the minute-by-minute refresh costs at
// most one API call a minute, and none while no call of ours is in flight (the
// card then says its reading is old, dimmed); entry changes refresh at once.
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
import { useCountedMode } from './counted-mode';

type Health = ChannelOutput<'queueHealth'>;

/** LeadSquared updates its queue metrics about once a minute; asking more often shows nothing new. */
const HEALTH_REFRESH_MS = 60_000;

/** When the reading was taken, with its zone, as the page's other times. */
function At({ at }: { at: number }) {
  return (
    <>
      <time dateTime={new Date(at).toISOString()}>{format(at, 'HH:mm')}</time> {offsetAt(at)}
    </>
  );
}

function LeadSquaredQueue({ health }: { health: Health }) {
  const conn = useQuery({ queryKey: keys.connection, queryFn: () => call('getConnectionInfo') });
  const m = health.leadsquared;
  const blockedWhy = conn.data && !conn.data.ready && conn.data.reason ? conn.data.reason : 'LeadSquared cannot be reached with the current settings';
  // An old reading must not pass for the queue now: "Pending messages 1" beside "Waiting now 0" reads as a stuck call.
  const old = m !== null && health.leadsquaredOld !== null;
  return (
    <section className={old ? 'panel health-block health-old' : 'panel health-block'} aria-labelledby="health-ls">
      <h2 id="health-ls">LeadSquared call-log queue</h2>
      {m ? (
        <>
          <dl className="stats">
            <Stat term="Pending messages">{formatNumber(m.pendingMessages)}</Stat>
            <Stat term="Longest wait">{formatSeconds(m.maxDelaySeconds)}</Stat>
            <Stat term="Processing rate">{formatNumber(m.processingRatePerMinute)} / min</Stat>
          </dl>
          {health.leadsquaredOld === 'idle' ? (
            <p className="hint" data-testid="queue-reading-old">
              Last read <At at={m.at} />, while this computer’s calls were being followed — not read since, as none of them is waiting for LeadSquared
              now (each reading costs a request from the calls’ budget).
            </p>
          ) : health.leadsquaredOld === 'blocked' ? (
            <p className="hint" data-testid="queue-reading-old">
              Last read <At at={m.at} /> — not read since: {blockedWhy}
            </p>
          ) : (
            <p className="hint">
              As of <At at={m.at} />
              {health.leadsquaredError ? ' (last known: a newer reading failed)' : ''}
            </p>
          )}
        </>
      ) : (
        !health.leadsquaredError && (
          <p className="hint">
            {health.leadsquaredOld === 'idle'
              ? 'No reading yet: LeadSquared’s queue is read while this computer’s calls are on their way or being followed.'
              : `No reading yet${conn.data && !conn.data.ready && conn.data.reason ? `: ${conn.data.reason}` : '.'}`}
          </p>
        )
      )}
      {health.leadsquaredError && <p className="field-error">Could not read LeadSquared’s queue: {health.leadsquaredError}</p>}
    </section>
  );
}

function ThisComputer({ local, dayLabel, failedCalls: day }: { local: Health['local']; dayLabel: string; failedCalls: FailedCallsOfDay }) {
  // The figures open History on the calls they count: with test calls while main counted them.
  const failedCalls = { ...day, withTestCalls: local.withTestCalls };
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
      <TestCallsNote count={local.testCalls} counted={local.withTestCalls} />
    </section>
  );
}

export function HealthPanel({ day, dayLabel, failedCalls }: { day: DayWindow; dayLabel: string; failedCalls: FailedCallsOfDay }) {
  const mode = useCountedMode();
  const health = useQuery({
    queryKey: [...keys.health(day), mode],
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
