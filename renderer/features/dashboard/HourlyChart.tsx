// Calls logged per hour of the chosen day, stacked by where they ended up:
// a red band in the afternoon is the thing to notice. Plain SVG; the words are
// in the legend, the summary label and a table for screen readers.
import type { ChannelOutput } from '../../../shared/ipc';
import { countScale, plotHeight, plotWidth, yOf, type Frame } from './chart-scale';
import { YGrid } from './ChartAxes';
import { formatNumber, hourLabel } from './format';

type Hour = ChannelOutput<'deliveryStats'>['hours'][number];

/** Bottom to top: settled good news first, the still-moving part on top. */
export const SERIES = [
  { key: 'success', label: 'Success' },
  { key: 'failure', label: 'Failure' },
  { key: 'error', label: 'Error' },
  { key: 'pending', label: 'Not final yet' },
] as const satisfies readonly { key: keyof Hour; label: string }[];

// viewBox units ≈ CSS pixels at the width the layout gives the chart, so text stays ~12px.
const FRAME: Frame = { width: 760, height: 280, left: 40, right: 8, top: 12, bottom: 30 };

const totalOf = (h: Hour) => h.success + h.failure + h.error + h.pending;

/** The chart's words for a day without calls counted: test calls counted apart are not "no calls". */
const noCalls = (withTestCalls: boolean) => (withTestCalls ? 'No calls were logged' : 'No calls to LeadSquared were logged');

export function summarise(hours: Hour[], dayLabel: string, withTestCalls = false): string {
  const sums = SERIES.map((s) => hours.reduce((n, h) => n + h[s.key], 0));
  const total = sums.reduce((a, b) => a + b, 0);
  // Test calls are counted apart (TestCallsNote): "no calls" beside "1 Test call" would contradict it.
  if (total === 0) return `${noCalls(withTestCalls)} on ${dayLabel}.`;
  const busiest = hours.reduce((a, b) => (totalOf(b) > totalOf(a) ? b : a));
  const parts = SERIES.map((s, i) => `${formatNumber(sums[i]!)} ${s.label}`).join(', ');
  return `Calls logged per hour on ${dayLabel}: ${formatNumber(total)} in all (${parts}). Busiest hour ${hourLabel(busiest.hour)} with ${formatNumber(totalOf(busiest))}.`;
}

/** `withTestCalls`: the hours count test calls too (the sandbox is on). */
export function HourlyChart({ hours, dayLabel, withTestCalls = false }: { hours: Hour[]; dayLabel: string; withTestCalls?: boolean }) {
  const scale = countScale(Math.max(0, ...hours.map(totalOf)));
  const band = plotWidth(FRAME) / 24;
  const barW = band * 0.72;
  const h = plotHeight(FRAME);
  const withCalls = hours.filter((x) => totalOf(x) > 0);
  return (
    <figure className="chart">
      <svg className="chart-svg" viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} role="img" aria-label={summarise(hours, dayLabel, withTestCalls)}>
        <YGrid frame={FRAME} scale={scale} />
        {hours.map((hr) => {
          const x = FRAME.left + hr.hour * band + (band - barW) / 2;
          let base = 0;
          return (
            <g key={hr.hour}>
              {SERIES.map((s) => {
                const v = hr[s.key];
                if (v === 0) return null;
                const y = yOf(FRAME, scale, base + v);
                base += v;
                return (
                  <rect key={s.key} className={`chart-bar series-${s.key}`} x={x} y={y} width={barW} height={(v / scale.max) * h}>
                    <title>{`${hourLabel(hr.hour)}: ${formatNumber(v)} ${s.label}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
        {hours
          .filter((hr) => hr.hour % 3 === 0)
          .map((hr) => (
            <text key={hr.hour} className="chart-tick" x={FRAME.left + (hr.hour + 0.5) * band} y={FRAME.height - FRAME.bottom + 18} textAnchor="middle">
              {hourLabel(hr.hour)}
            </text>
          ))}
      </svg>
      {withCalls.length === 0 && <p className="chart-empty">{noCalls(withTestCalls)} on this day.</p>}
      <figcaption>
        <ul className="chart-legend" aria-label="Legend">
          {SERIES.map((s) => (
            <li key={s.key}>
              <span className={`chart-swatch series-${s.key}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
      {/* A table ignores width: 1px, so it sits in a box that does: at the page's right edge it made the page scroll sideways. */}
      <div className="visually-hidden">
        <table>
          <caption>Calls per hour of logging on {dayLabel}, by state (hours without calls left out)</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {withCalls.map((hr) => (
              <tr key={hr.hour}>
                <th scope="row">{hourLabel(hr.hour)}</th>
                {SERIES.map((s) => (
                  <td key={s.key}>{hr[s.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
