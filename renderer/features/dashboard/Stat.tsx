// One figure on the Dashboard: a term and its value, in a tile; "bad" draws the eye.
import type { ReactNode } from 'react';
import { formatNumber, formatSeconds } from './format';

export function Stat({ term, children, tone }: { term: string; children: ReactNode; tone?: 'ok' | 'bad' | undefined }) {
  return (
    <div className={tone ? `stat stat-${tone}` : 'stat'}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Half of the day's delivered calls reached Success faster; "—" when none did. */
export function MedianToSuccess({ seconds }: { seconds: number | null }) {
  return <Stat term="Median to Success">{seconds === null ? '—' : formatSeconds(seconds)}</Stat>;
}

interface Totals {
  logged: number;
  delivered: number;
  failed: number;
  waiting: number;
  /** More tiles after these four. */
  children?: ReactNode;
}

/** A day's calls as this computer or the team counts them: logged, delivered, failed, and what is still waiting. */
export function DayTotals({ logged, delivered, failed, waiting, children }: Totals) {
  return (
    <dl className="stats">
      <Stat term="Logged">{formatNumber(logged)}</Stat>
      <Stat term="Delivered" tone="ok">
        {formatNumber(delivered)}
      </Stat>
      <Stat term="Failed" tone={failed > 0 ? 'bad' : undefined}>
        {formatNumber(failed)}
      </Stat>
      <Stat term="Waiting now">{formatNumber(waiting)}</Stat>
      {children}
    </dl>
  );
}
