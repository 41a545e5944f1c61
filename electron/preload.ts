// The page's only door to main: one named method per contract channel and one
// subscription per event, nothing generic. Bundled to CommonJS (sandboxed
// preloads cannot be ESM) and kept free of zod by importing only the names;
// main parses every input anyway.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallLogApi } from '../shared/ipc';
import { CHANNEL_NAMES, EVENT_NAMES, ipcChannelId, ipcEventId, subscribeName, type EventName } from '../shared/ipc-names';

// A tray click or the global shortcut can open the window and send `navigate`
// before React has subscribed (or while it re-subscribes): the last such event
// sent while nobody listened goes to the next subscriber.
const HELD_WHILE_UNHEARD: ReadonlySet<EventName> = new Set(['navigate']);

function holdWhileUnheard(name: EventName) {
  let held: { payload: unknown } | null = null;
  let listeners = 0;
  ipcRenderer.on(ipcEventId(name), (_event: IpcRendererEvent, payload: unknown) => {
    if (listeners === 0) held = { payload };
  });
  return {
    added: () => void (listeners += 1),
    removed: () => void (listeners -= 1),
    take(): { payload: unknown } | null {
      const h = held;
      held = null;
      return h;
    },
  };
}

function buildApi(): CallLogApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    const channel = ipcChannelId(name);
    api[name] = (input?: unknown) => ipcRenderer.invoke(channel, input ?? {});
  }
  for (const name of EVENT_NAMES) {
    const channel = ipcEventId(name);
    const hold = HELD_WHILE_UNHEARD.has(name) ? holdWhileUnheard(name) : null;
    api[subscribeName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscribeName(name)} needs a function`);
      // The IpcRendererEvent carries `sender` (ipcRenderer itself): it never reaches the page.
      const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, relay);
      let active = true;
      if (hold) {
        hold.added();
        // Next tick: a StrictMode subscribe-unsubscribe-subscribe hands it to the survivor.
        queueMicrotask(() => {
          const missed = active ? hold.take() : null;
          if (missed) listener(missed.payload);
        });
      }
      return () => {
        if (!active) return;
        active = false;
        hold?.removed();
        ipcRenderer.removeListener(channel, relay);
      };
    };
  }
  return Object.freeze(api) as CallLogApi;
}

contextBridge.exposeInMainWorld('callLog', buildApi());
