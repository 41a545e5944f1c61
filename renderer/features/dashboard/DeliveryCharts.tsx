// The chosen day's delivery, as two charts, and its failed calls by reason (and by
// agent where more than one agent's name was used), each row opening History on them.
// Refreshed by entry changes (the query sits under ['entries']), so a call turning
// Success moves a bar live.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../bridge';
import type { DayWindow } from '../../app/days';
import { keys } from '../../app/query';
import type { FailedCallsOfDay } from './failed-calls-link';
import { ChartPanel } from './ChartPanel';
import { FailuresByAgent, FailuresByReason } from './FailureTables';
import { HourlyChart } from './HourlyChart';
import { TimeToSuccessChart } from './TimeToSuccessChart';
import { useCountedMode } from './counted-mode';

interface Props {
  day: DayWindow;
  dayLabel: string;
  failedCalls: FailedCallsOfDay;
}

export function DeliveryCharts({ day, dayLabel, failedCalls }: Props) {
  const mode = useCountedMode();
  const stats = useQuery({ queryKey: [...keys.stats(day), mode], queryFn: () => call('deliveryStats', day), placeholderData: keepPreviousData });
  if (stats.isError && !stats.data) {
    return (
      <p className="field-error" role="alert">
        Could not read the delivery numbers: {stats.error.message}
      </p>
    );
  }
  const data = stats.data;
  const busy = !data || stats.isPlaceholderData;
  // The rows open History on the calls they count: with test calls while main counted them.
  const listed = { ...failedCalls, withTestCalls: data?.withTestCalls ?? false };
  return (
    <>
      <div className="charts" aria-busy={busy}>
        <ChartPanel title="Calls per hour, by state" hint="By the hour each call was logged.">
          {data ? <HourlyChart hours={data.hours} dayLabel={dayLabel} withTestCalls={data.withTestCalls} /> : <p className="hint">Loading…</p>}
        </ChartPanel>
        <ChartPanel title="Time to Success" hint="From logging to LeadSquared’s Success.">
          {data ? <TimeToSuccessChart buckets={data.timeToSuccess} dayLabel={dayLabel} /> : <p className="hint">Loading…</p>}
        </ChartPanel>
      </div>
      {data && (
        <div className={data.failuresByAgent ? 'charts failures' : 'failures'} aria-busy={busy}>
          <FailuresByReason rows={data.failuresByReason} dayLabel={dayLabel} failedCalls={listed} seenBy="this computer" />
          {data.failuresByAgent && <FailuresByAgent rows={data.failuresByAgent} dayLabel={dayLabel} failedCalls={listed} />}
        </div>
      )}
    </>
  );
}
