// The CSV import in progress, or the summary of the last one. It lives outside
// React so a trip to the Dashboard neither loses the summary nor the way to
// cancel the batch: History shows it again on return. A reloaded window asks
// main, which runs the import, for the one still sending (restore).
import { useSyncExternalStore } from 'react';
import type { ChannelOutput } from '../../../shared/ipc';
import { call } from '../../bridge';

export type ImportResult = ChannelOutput<'importCsv'>;

export type ImportState =
  | { status: 'checking'; fileName: string }
  | { status: 'done'; fileName: string; result: ImportResult }
  | { status: 'error'; fileName: string; message: string };

/** The contract's limit on the text (main checks it too); caught here before reading a huge file. */
const MAX_FILE_BYTES = 20_000_000;

let current: ImportState | null = null;
/** Bumped per import, so a slow answer for an older file never replaces a newer one. */
let run = 0;
let restored = false;
const listeners = new Set<() => void>();

function set(next: ImportState | null): void {
  current = next;
  for (const l of listeners) l();
}

export const importStore = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): ImportState | null => current,

  /** Reads the file and hands it to main, which parses, checks and queues it (the window never does the work). */
  async start(file: File): Promise<void> {
    const mine = ++run;
    const fileName = file.name;
    if (file.size > MAX_FILE_BYTES) {
      set({ status: 'error', fileName, message: 'The file is too large (20 MB at most). Split it and import the parts.' });
      return;
    }
    set({ status: 'checking', fileName });
    try {
      const text = await file.text();
      const result = await call('importCsv', { fileName, text });
      if (mine === run) set({ status: 'done', fileName, result });
    } catch (err) {
      if (mine === run) set({ status: 'error', fileName, message: (err as Error).message });
    }
  },

  /**
   * After a reload the page knows nothing, but main may still be sending an import: show it again,
   * with its progress and Cancel. Once per page; never over an import started in this page.
   */
  async restore(): Promise<void> {
    if (restored) return;
    restored = true;
    const mine = run;
    try {
      const { running } = await call('runningImport');
      if (running && mine === run && current === null) set({ status: 'done', fileName: running.fileName, result: running.result });
    } catch {
      // Nothing to restore is the page as it was before this existed; History still shows the rows' states.
    }
  },

  clear(): void {
    run++;
    set(null);
  },
};

export function useImportState(): ImportState | null {
  return useSyncExternalStore(importStore.subscribe, importStore.get);
}
