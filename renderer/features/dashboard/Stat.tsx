// One figure on the Dashboard: a term and its value, in a tile; "bad" draws the eye.
import type { ReactNode } from 'react';

export function Stat({ term, children, tone }: { term: string; children: ReactNode; tone?: 'ok' | 'bad' | undefined }) {
  return (
    <div className={tone ? `stat stat-${tone}` : 'stat'}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
