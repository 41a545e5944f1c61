import { useEffect, useState } from 'react';

/**
 * `value`, once it has stopped changing for `ms`: one search per pause in
 * typing, not per keystroke. `mark` names a User Timing mark set the moment the
 * value settles, so a benchmark can time what follows without the debounce.
 */
export function useDebouncedValue<T>(value: T, ms: number, mark?: string): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => {
      if (mark) {
        performance.clearMarks(mark);
        performance.mark(mark);
      }
      setSettled(value);
    }, ms);
    return () => clearTimeout(t);
  }, [value, ms, mark]);
  return settled;
}
