// The x-api-key as an opaque value: printing, logging or serialising it shows only
// a redacted hint. The one way to read it is `keyHeaderValue`, used by the HTTP client.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { registerSecret } from '../redact';

export class ApiKey {
  readonly #value: string;
  /** Stable, non-reversible id: one rate budget per key without keeping the key around. */
  readonly id: string;
  readonly hint: string;

  constructor(value: string) {
    this.#value = value;
    registerSecret(value); // from here on, no log line can carry it
    this.id = createHash('sha256').update(value).digest('hex').slice(0, 16);
    this.hint = value.slice(-4);
  }

  toString(): string {
    return `ApiKey(…${this.hint})`;
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }

  static read(key: ApiKey): string {
    return key.#value;
  }
}

/** Only for the `x-api-key` header. */
export function keyHeaderValue(key: ApiKey): string {
  return ApiKey.read(key);
}
