// The renderer's only way to main: `window.callLog` from the Electron preload,
// or the HTTP bridge under the browser host. `call` unwraps a Result into a
// value or a thrown BridgeError, which is what TanStack Query expects.
import type { CallLogApi, ChannelInput, ChannelName, ChannelOutput, InputOptional } from '../../shared/ipc';
import type { AppErrorData, ErrorCode } from '../../shared/errors';
import { createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    callLog?: CallLogApi;
  }
}

export class BridgeError extends Error {
  override name = 'BridgeError';
  readonly code: ErrorCode;
  readonly field: string | null;
  constructor(data: AppErrorData) {
    super(data.message);
    this.code = data.code;
    this.field = data.field;
  }
}

export const callLog: CallLogApi = window.callLog ?? createHttpBridge();

export async function call<K extends ChannelName>(name: K, ...input: InputOptional<K> extends true ? [ChannelInput<K>?] : [ChannelInput<K>]): Promise<ChannelOutput<K>> {
  const method = callLog[name] as (i?: unknown) => Promise<{ ok: true; value: ChannelOutput<K> } | { ok: false; error: AppErrorData }>;
  const r = await method(input[0]);
  if (!r.ok) throw new BridgeError(r.error);
  return r.value;
}
