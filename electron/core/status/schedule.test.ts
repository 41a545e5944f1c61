import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, FIRST_MAX_MS, firstCheckDelay } from './schedule';

describe('the first status check', () => {
  it('waits for the queue’s reported delay, with a little over', () => {
    expect(firstCheckDelay(DEFAULT_SCHEDULE, null)).toBe(DEFAULT_SCHEDULE.firstUnknownMs);
    expect(firstCheckDelay(DEFAULT_SCHEDULE, 0)).toBe(DEFAULT_SCHEDULE.firstMinMs);
    expect(firstCheckDelay(DEFAULT_SCHEDULE, 20)).toBe(21_000 + DEFAULT_SCHEDULE.slackMs);
  });

  // A desktop login could save a delay of 1e9 s as the floor's metrics (security review finding 2):
  // every call accepted since would have waited 33 years for its first check.
  it.each([1e9, Number.MAX_VALUE, Infinity, 86_400])('comes no later than the schedule’s last gap, however long a delay of %d s is reported', (delay) => {
    expect(FIRST_MAX_MS).toBe(DEFAULT_SCHEDULE.laterMs.at(-1));
    expect(firstCheckDelay(DEFAULT_SCHEDULE, delay)).toBe(FIRST_MAX_MS);
    expect(firstCheckDelay({ ...DEFAULT_SCHEDULE, firstMaxMs: 60_000 }, delay)).toBe(60_000);
  });

  it('treats a delay that is not a number as unknown', () => {
    expect(firstCheckDelay(DEFAULT_SCHEDULE, Number.NaN)).toBe(DEFAULT_SCHEDULE.firstUnknownMs);
  });
});
