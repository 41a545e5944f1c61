// Axis arithmetic for the Dashboard's bar charts: a round top value and a few
// round ticks, so "7 calls" is read off a 0-2-4-6-8 scale, not 0-1.75-3.5.

export interface Scale {
  /** The axis top: at least the data's maximum, and a whole number of steps. */
  max: number;
  ticks: number[];
}

/** Counts only: steps are whole numbers from the 1-2-5 series. */
export function countScale(dataMax: number, targetTicks = 4): Scale {
  if (!(dataMax > 0)) return { max: 1, ticks: [0, 1] };
  const rough = dataMax / targetTicks;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= rough) ?? 10 * pow);
  const max = Math.ceil(dataMax / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { max, ticks };
}

/** Plot area inside a chart's viewBox. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const plotWidth = (f: Frame) => f.width - f.left - f.right;
export const plotHeight = (f: Frame) => f.height - f.top - f.bottom;
/** The y coordinate of `value` on `scale`. */
export const yOf = (f: Frame, scale: Scale, value: number) => f.top + plotHeight(f) * (1 - value / scale.max);
