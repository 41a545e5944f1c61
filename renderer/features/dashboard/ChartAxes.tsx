// Horizontal gridlines with their counts, and the baseline: shared by both charts.
import { plotWidth, yOf, type Frame, type Scale } from './chart-scale';

export function YGrid({ frame, scale }: { frame: Frame; scale: Scale }) {
  return (
    <g className="chart-grid">
      {scale.ticks.map((t) => {
        const y = yOf(frame, scale, t);
        return (
          <g key={t}>
            <line x1={frame.left} x2={frame.left + plotWidth(frame)} y1={y} y2={y} className={t === 0 ? 'chart-baseline' : undefined} />
            <text x={frame.left - 6} y={y} dy="0.32em" textAnchor="end" className="chart-tick">
              {t}
            </text>
          </g>
        );
      })}
    </g>
  );
}
