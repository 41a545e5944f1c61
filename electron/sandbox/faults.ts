// Injected misbehaviour. Counters are consumed one request (or one accepted submit)
// at a time, synchronously on arrival, so concurrent requests take them in arrival order.
import { z } from 'zod';

export interface SandboxFaults {
  /** Added before answering every API request. */
  latencyMs: number;
  /** The next N API requests (any endpoint) answer 500. */
  fail500Next: number;
  /** The next N API requests have their socket destroyed with no response. */
  dropNext: number;
  /** The next N API requests never answer (socket left open until close()). */
  hangNext: number;
  /** The next N API requests answer 401 whatever the key. */
  unauthorizedNext: number;
  /** The next N submits that reach a connector answer 400, as if the body broke the spec. */
  badRequestNext: number;
  /** The next N accepted (new) submits end in FAILURE with `failureReason`. */
  failureNext: number;
  failureReason: string;
  /** The next N accepted (new) submits end in ERROR. */
  errorNext: number;
  /** The next N API answers carry 1 MiB of padding: a client must not read them whole. */
  oversizeNext: number;
}

export const DEFAULT_FAILURE_REASON = 'MXUserNotFound: No user has the agent number';
/** ERROR is the async service giving up on a system failure after its own retries. */
export const ERROR_REASON = 'SystemError: the call log could not be processed after 10 retries';

export function defaultFaults(): SandboxFaults {
  return {
    latencyMs: 0,
    fail500Next: 0,
    dropNext: 0,
    hangNext: 0,
    unauthorizedNext: 0,
    badRequestNext: 0,
    failureNext: 0,
    failureReason: DEFAULT_FAILURE_REASON,
    errorNext: 0,
    oversizeNext: 0,
  };
}

const count = z.number().int().min(0).max(1_000_000);

const faultsPatchSchema = z
  .strictObject({
    // Capped so a typo cannot park requests past any sensible client timeout for hours.
    latencyMs: z.number().min(0).max(600_000),
    fail500Next: count,
    dropNext: count,
    hangNext: count,
    unauthorizedNext: count,
    badRequestNext: count,
    failureNext: count,
    // Long enough to outgrow what the app stores of a reason.
    failureReason: z.string().trim().min(1).max(10_000),
    errorNext: count,
    oversizeNext: count,
  })
  .partial();

export class FaultsError extends Error {
  override name = 'FaultsError';
}

/** Validates a patch from the admin endpoint or setFaults(); throws FaultsError naming each bad field. */
export function parseFaultsPatch(input: unknown): Partial<SandboxFaults> {
  const r = faultsPatchSchema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new FaultsError(`Invalid faults: ${problems.join('; ')}`);
}

export type RequestFault = 'drop' | 'hang' | 'fail500' | 'unauthorized';
export interface OutcomeFault {
  outcome: 'FAILURE' | 'ERROR';
  reason: string;
}

export class FaultState {
  private faults = defaultFaults();

  snapshot(): SandboxFaults {
    return { ...this.faults };
  }

  set(patch: Partial<SandboxFaults>): void {
    this.faults = { ...this.faults, ...parseFaultsPatch(patch) };
  }

  reset(): void {
    this.faults = defaultFaults();
  }

  get latencyMs(): number {
    return this.faults.latencyMs;
  }

  /** At most one fault per request, in the order the brief fixes: drop, hang, 500, 401. */
  takeRequestFault(): RequestFault | null {
    const f = this.faults;
    if (f.dropNext > 0) {
      f.dropNext--;
      return 'drop';
    }
    if (f.hangNext > 0) {
      f.hangNext--;
      return 'hang';
    }
    if (f.fail500Next > 0) {
      f.fail500Next--;
      return 'fail500';
    }
    if (f.unauthorizedNext > 0) {
      f.unauthorizedNext--;
      return 'unauthorized';
    }
    return null;
  }

  takeOversize(): boolean {
    if (this.faults.oversizeNext <= 0) return false;
    this.faults.oversizeNext--;
    return true;
  }

  takeBadRequest(): boolean {
    if (this.faults.badRequestNext <= 0) return false;
    this.faults.badRequestNext--;
    return true;
  }

  takeOutcomeFault(): OutcomeFault | null {
    const f = this.faults;
    if (f.failureNext > 0) {
      f.failureNext--;
      return { outcome: 'FAILURE', reason: f.failureReason };
    }
    if (f.errorNext > 0) {
      f.errorNext--;
      return { outcome: 'ERROR', reason: ERROR_REASON };
    }
    return null;
  }
}
