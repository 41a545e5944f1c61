// The chosen day's delivery, as two charts. Refreshed by entry changes (the
// query sits under ['entries']), so a call turning Success moves a bar live.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from '../../bridge';
import type { DayWindow } from '../../app/days';
import { keys } from '../../app/query';
import { HourlyChart } from './HourlyChart';
import { TimeToSuccessChart } from './TimeToSuccessChart';

export function DeliveryCharts({ day, dayLabel }: { day: DayWindow; dayLabel: string }) {
  const stats = useQuery({ queryKey: keys.stats(day), queryFn: () => call('deliveryStats', day), placeholderData: keepPreviousData });
  if (stats.isError && !stats.data) {
    return (
      <p className="field-error" role="alert">
        Could not read the delivery numbers: {stats.error.message}
      </p>
    );
  }
  const data = stats.data;
  return (
    <div className="charts" aria-busy={!data || stats.isPlaceholderData}>
      <section className="panel chart-panel" aria-labelledby="chart-hours">
        <h2 id="chart-hours">Calls per hour, by state</h2>
        <p className="hint">By the hour each call was logged.</p>
        {data ? <HourlyChart hours={data.hours} dayLabel={dayLabel} /> : <p className="hint">Loading…</p>}
      </section>
      <section className="panel chart-panel" aria-labelledby="chart-time">
        <h2 id="chart-time">Time to Success</h2>
        <p className="hint">From logging to LeadSquared’s Success.</p>
        {data ? <TimeToSuccessChart buckets={data.timeToSuccess} dayLabel={dayLabel} /> : <p className="hint">Loading…</p>}
      </section>
    </div>
  );
}
