// Errors as values the UI can act on. Main never throws raw exceptions across
// the bridge: every failure becomes one of these codes with a human message.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_input', // the request did not match the channel's schema or the call's rules
  'not_found',
  'conflict', // e.g. the call session ID is already logged
  'not_allowed', // the action does not apply to the entry's current state
  'unavailable', // e.g. the keychain cannot encrypt
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Dotted path of the offending field, when there is one. */
  field: z.string().nullable(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
  toData(): AppErrorData {
    return { code: this.code, message: this.message, field: this.field };
  }
}

/** The first issue of a zod error, in words, with the field it is about. */
export function invalidInput(error: z.ZodError, prefix = ''): AppError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || null;
  const where = field ? `${prefix}${field}` : prefix.replace(/\.$/, '') || null;
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `Unexpected field: ${issue.keys.join(', ')}`;
  else if (issue.code === 'invalid_type' && /^Invalid input/.test(message)) {
    // zod's generic wording; say it the way a person would.
    message = /received undefined/.test(message)
      ? `${where ?? 'Input'} is required`
      : `${where ?? 'Input'} must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
  }
  return new AppError('invalid_input', message, where);
}
