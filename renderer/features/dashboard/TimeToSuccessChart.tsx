// How long calls logged on the chosen day took from "logged" to Success, in
// buckets: most should sit at the top (fast); long bars further down mean LeadSquared's
// queue (or this computer's connection) was slow.
import type { ChannelOutput } from '../../../shared/ipc';
import { formatNumber } from './format';

type Bucket = ChannelOutput<'deliveryStats'>['timeToSuccess'][number];

// Horizontal bars: the bucket names ("30 s–1 min") read on one line at the left,
// fastest at the top, each bar's count at its end.
const WIDTH = 380;
const LABEL_W = 84;
const VALUE_W = 40;
const ROW = 28;
const PAD = 6;

export function summarise(buckets: Bucket[], dayLabel: string): string {
  const total = buckets.reduce((n, b) => n + b.count, 0);
  if (total === 0) return `No calls logged on ${dayLabel} have reached Success yet.`;
  const top = buckets.reduce((a, b) => (b.count > a.count ? b : a));
  const parts = buckets.filter((b) => b.count > 0).map((b) => `${b.label}: ${formatNumber(b.count)}`).join('; ');
  return `Time from logging to Success for ${formatNumber(total)} calls logged on ${dayLabel}. Most took ${top.label} (${formatNumber(top.count)}). ${parts}.`;
}

export function TimeToSuccessChart({ buckets, dayLabel }: { buckets: Bucket[]; dayLabel: string }) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const barSpace = WIDTH - LABEL_W - VALUE_W;
  const height = buckets.length * ROW + 2 * PAD;
  return (
    <figure className="chart">
      <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summarise(buckets, dayLabel)}>
        <line className="chart-baseline" x1={LABEL_W} x2={LABEL_W} y1={PAD} y2={height - PAD} />
        {buckets.map((b, i) => {
          const y = PAD + i * ROW;
          const w = (b.count / max) * barSpace;
          return (
            <g key={b.label}>
              <text className="chart-tick" x={LABEL_W - 8} y={y + ROW / 2} dy="0.32em" textAnchor="end">
                {b.label}
              </text>
              {b.count > 0 && (
                <rect className="chart-bar series-time" x={LABEL_W} y={y + 5} width={w} height={ROW - 10}>
                  <title>{`${b.label}: ${formatNumber(b.count)} calls`}</title>
                </rect>
              )}
              <text className="chart-value" x={LABEL_W + w + 6} y={y + ROW / 2} dy="0.32em">
                {formatNumber(b.count)}
              </text>
            </g>
          );
        })}
      </svg>
      {buckets.every((b) => b.count === 0) && <p className="chart-empty">No call logged on this day has reached Success yet.</p>}
      {/* A table ignores width: 1px, so it sits in a box that does: at the page's right edge it made the page scroll sideways. */}
      <div className="visually-hidden">
        <table>
          <caption>Calls logged on {dayLabel} by time from logging to Success</caption>
          <thead>
            <tr>
              <th scope="col">Time to Success</th>
              <th scope="col">Calls</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
