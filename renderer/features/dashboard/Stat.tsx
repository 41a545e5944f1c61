// One figure on the Dashboard: a term and its value, in a tile; "bad" draws the eye.
// A figure that lists its calls in History is a button covering the whole tile.
import type { ReactNode } from 'react';
import type { HistoryLink } from './failed-calls-link';
import { formatNumber, formatSeconds } from './format';

interface StatProps {
  term: string;
  children: ReactNode;
  tone?: 'ok' | 'bad' | undefined;
  /** The figure's calls in History: the tile becomes a button. */
  link?: HistoryLink | undefined;
}

export function Stat({ term, children, tone, link }: StatProps) {
  const classes = ['stat', tone && `stat-${tone}`, link && 'stat-linked'].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <dt>{term}</dt>
      <dd>
        {link ? (
          <button type="button" className="stat-link" aria-label={link.name} title={link.name} onClick={link.onOpen}>
            <span className="stat-link-figure">{children}</span>
            {/* The arrow is drawn by CSS: the figure's text stays the number alone. */}
            <span className="stat-link-arrow" aria-hidden="true" />
          </button>
        ) : (
          children
        )}
      </dd>
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
  /** Opens History on the failed calls counted (none while there are none). */
  failedLink?: HistoryLink | undefined;
  /** Opens History on the calls still waiting (none while there are none). */
  waitingLink?: HistoryLink | undefined;
  /** More tiles after these four. */
  children?: ReactNode;
}

/** A day's calls as this computer or the team counts them: logged, delivered, failed, and what is still waiting. */
export function DayTotals({ logged, delivered, failed, waiting, failedLink, waitingLink, children }: Totals) {
  return (
    <dl className="stats">
      <Stat term="Logged">{formatNumber(logged)}</Stat>
      <Stat term="Delivered" tone="ok">
        {formatNumber(delivered)}
      </Stat>
      <Stat term="Failed" tone={failed > 0 ? 'bad' : undefined} link={failedLink}>
        {formatNumber(failed)}
      </Stat>
      <Stat term="Waiting now" link={waitingLink}>
        {formatNumber(waiting)}
      </Stat>
      {children}
    </dl>
  );
}
