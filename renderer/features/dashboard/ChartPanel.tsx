// A Dashboard chart in its titled panel, the same in both scopes: the title names
// the region for screen readers, the hint says what the chart counts.
import { useId, type ReactNode } from 'react';

export function ChartPanel({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="panel chart-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="hint">{hint}</p>
      {children}
    </section>
  );
}
