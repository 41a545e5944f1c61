// LeadSquared's documented budget is "25 calls per 5 seconds per key". We model it as
// a strict sliding window rather than fixed buckets: a fixed bucket would let a client
// burst 2x the limit across a bucket edge and pass here, then fail against the real API.

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  // Only admitted requests are remembered: refusals must not extend the penalty,
  // or a client that retries too eagerly would lock itself out for good.
  private readonly admittedAt = new Map<string, number[]>();

  constructor(private readonly config: RateLimitConfig) {
    if (!Number.isInteger(config.limit) || config.limit < 1) throw new RangeError('rateLimit.limit must be a whole number >= 1');
    if (!Number.isFinite(config.windowMs) || config.windowMs <= 0) throw new RangeError('rateLimit.windowMs must be > 0');
  }

  /** Admits a request arriving at `now` if fewer than `limit` were admitted in (now - windowMs, now]. */
  admit(key: string, now: number): Admission {
    let times = this.admittedAt.get(key);
    if (!times) {
      times = [];
      this.admittedAt.set(key, times);
    }
    const horizon = now - this.config.windowMs;
    while (times.length > 0 && times[0]! <= horizon) times.shift();
    if (times.length >= this.config.limit) {
      // The oldest admission leaves the window exactly windowMs after it happened.
      return { admitted: false, retryAfterMs: times[0]! + this.config.windowMs - now };
    }
    times.push(now);
    return { admitted: true };
  }
}

/** Retry-After is whole seconds; rounding down would invite a retry that is refused again. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** Mirrors the wording of LeadSquared's own 429 message. */
export function rateLimitMessage(config: RateLimitConfig): string {
  return `API calls exceeded the limit of ${config.limit} in ${config.windowMs / 1000} second(s)`;
}
