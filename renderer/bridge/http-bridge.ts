// window.callLog for the browser host: the same named methods as the Electron
// preload, generated from the same contract, over fetch to our own origin.
import type { CallLogApi, EventName, Result } from '../../shared/ipc';
// The zod-free names: the contract's schemas need not load with the first page.
import { CHANNEL_NAMES, EVENT_NAMES, subscribeName } from '../../shared/ipc-names';

const TOKEN_KEY = 'calllog-token';

/** The per-launch token arrives in the URL fragment; keep it for reloads, then hide it. */
function takeToken(): string {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function createHttpBridge(): CallLogApi {
  const token = takeToken();
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    api[name] = async (input?: unknown): Promise<Result<unknown>> => {
      try {
        const res = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-calllog-token': token },
          body: JSON.stringify(input ?? {}),
        });
        return (await res.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'The app’s background service is not running. Restart the app.', field: null } };
      }
    };
  }
  let source: EventSource | null = null;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const connect = () => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (ev) => {
        const payload = JSON.parse((ev as MessageEvent<string>).data) as never;
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  };
  for (const name of EVENT_NAMES) {
    api[subscribeName(name)] = (listener: (payload: never) => void) => {
      connect();
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    };
  }
  return api as CallLogApi;
}
