// The contract on Electron's ipcMain. Every channel goes through one wrapper:
// it answers only our window's top frame showing our bundle, then hands the
// raw input to `dispatch`, which parses it and turns failures into typed errors.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNEL_NAMES, ipcChannelId, ipcEventId, type EventName, type EventPayload, type Result } from '../shared/ipc';
import { isAppUrl } from './app-protocol';
import type { CallLogService } from './core/service';
import { createHandlers, dispatch, type Handlers, type HostSupport } from './ipc-handlers';

export interface IpcMainOptions {
  handlers: Handlers;
  /** Our window's webContents right now (the window can be closed and made again). */
  target: () => WebContents | null;
  log?: (msg: string) => void;
}

export const NOT_ALLOWED: Result<never> = {
  ok: false,
  error: { code: 'not_allowed', message: 'This request did not come from the Call Log window.', field: null },
};

/** Why an invoke is refused, or null when it comes from our page. */
export function senderProblem(event: IpcMainInvokeEvent, target: WebContents | null): string | null {
  if (!target || target.isDestroyed() || event.sender !== target) return 'another webContents';
  const frame = event.senderFrame;
  if (!frame) return 'a frame that is gone';
  if (frame.parent !== null) return 'a subframe';
  if (!isAppUrl(frame.url)) return `a page outside the app (${frame.origin})`;
  return null;
}

/** Registers every contract channel; returns a function that removes them all. */
export function registerIpcHandlers(opts: IpcMainOptions): () => void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannelId(name), async (event, input: unknown) => {
      const problem = senderProblem(event, opts.target());
      if (problem) {
        opts.log?.(`Refused ${name}: sent from ${problem}`);
        return NOT_ALLOWED;
      }
      return dispatch(opts.handlers, name, input, { log: opts.log });
    });
  }
  return () => {
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(ipcChannelId(name));
  };
}

/** Sends a contract event to our window only; a closed window just misses it. */
export function pushEvent<K extends EventName>(target: WebContents | null, name: K, payload: EventPayload<K>): void {
  if (!target || target.isDestroyed()) return;
  target.send(ipcEventId(name), payload);
}

/** Handlers for the service plus the entriesChanged and teamChanged pushes; returns the undo. */
export function setupIpc(svc: CallLogService, target: () => WebContents | null, log?: (msg: string) => void, support?: HostSupport): () => void {
  const unregister = registerIpcHandlers({ handlers: createHandlers(svc, support), target, log });
  const offEntries = svc.onEntriesChanged((ids) => pushEvent(target(), 'entriesChanged', { ids }));
  const offTeam = svc.onTeamChanged(() => pushEvent(target(), 'teamChanged', {}));
  return () => {
    unregister();
    offEntries();
    offTeam();
  };
}
