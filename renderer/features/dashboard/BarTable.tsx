// A ranked list as a table with a bar in each row: the words (an agent, a
// LeadSquared reason) can be long, so they get a real column that wraps, and
// the numbers are text beside the bar, never only its length. Beside "1 of 2" a bar
// reads as a share, so a row with a whole shows its share (an agent whose calls all
// fail fills the track, whatever the others' counts).
import type { HistoryLink } from './failed-calls-link';
import { formatNumber } from './format';

export interface BarRow {
  label: string;
  value: number;
  /**
   * The whole the value is part of (an agent's calls): the bar then shows the share, said
   * "of 120". Without it the bar is the value against the largest row's.
   */
  of?: number;
  /** What a click on the row's label opens (History, filtered to these calls), said in full for a screen reader. */
  open?: HistoryLink | undefined;
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
            <th scope="row">
              {r.open ? (
                <button type="button" className="button button-link bar-link" aria-label={r.open.name} onClick={r.open.onOpen}>
                  {r.label}
                </button>
              ) : (
                r.label
              )}
            </th>
            <td>
              <div className="bar-cell">
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${(r.of ? Math.min(1, r.value / r.of) : r.value / max) * 100}%` }} />
                </span>
                <span className="bar-value">
                  {formatNumber(r.value)}
                  {r.of !== undefined && <span className="bar-note"> of {formatNumber(r.of)}</span>}
                </span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
