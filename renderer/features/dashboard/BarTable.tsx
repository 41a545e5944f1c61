// A ranked list as a table with a bar in each row: the words (an agent, a
// LeadSquared reason) can be long, so they get a real column that wraps, and
// the numbers are text beside the bar, never only its length.
import { formatNumber } from './format';

export interface BarRow {
  label: string;
  value: number;
  /** Said after the value, e.g. "of 120 logged". */
  note?: string;
}

interface Props {
  caption: string;
  labelHeader: string;
  valueHeader: string;
  rows: BarRow[];
  /** Shown instead of an empty table. */
  empty: string;
}

export function BarTable({ caption, labelHeader, valueHeader, rows, empty }: Props) {
  if (rows.length === 0) return <p className="chart-empty">{empty}</p>;
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <table className="bar-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col">{valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>
              <div className="bar-cell">
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(r.value / max) * 100}%` }} />
                </span>
                <span className="bar-value">
                  {formatNumber(r.value)}
                  {r.note && <span className="bar-note"> {r.note}</span>}
                </span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
