// Desktop notifications for what the agent must act on: a call LeadSquared
// did not take (failure/error) and a missing or refused key. A failed entry is
// announced once per failure; a batch of changes makes one notification, not
// one per call; the key problem is announced once until it is fixed. Texts come
// from the entry and LeadSquared, never the key.
import { Notification } from 'electron';
import { STATE_LABELS, type EntryDetail, type EntryState } from '../../shared/entry';
import type { Page } from '../../shared/ipc-names';
import { sentence } from '../../shared/sentence';
import type { CallLogService } from '../core/service';

export interface NotificationOptions {
  svc: Pick<CallLogService, 'getEntry' | 'onEntriesChanged'>;
  showPage(page: Page): void;
  log?: (msg: string) => void;
}

const FAILED: readonly EntryState[] = ['failure', 'error'];
const ANNOUNCED: readonly EntryState[] = [...FAILED, 'needs_key'];

const clip = (s: string, max = 180) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function setupNotifications(opts: NotificationOptions): () => void {
  /** Entry id → the state we last announced (or, for needs_key, noted) for it. */
  const announced = new Map<number, EntryState>();
  /** The key problem was announced and no call has left needs_key since. */
  let keyAnnounced = false;
  // Electron drops a Notification's click handler if the object is collected: keep it until done.
  const open = new Set<Notification>();

  const notify = (title: string, body: string, page: Page) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title, body: clip(body) });
    open.add(n);
    n.on('click', () => {
      open.delete(n);
      opts.showPage(page);
    });
    n.on('close', () => open.delete(n));
    n.show();
  };

  const entryOf = (id: number): EntryDetail | null => {
    try {
      return opts.svc.getEntry(id);
    } catch {
      return null; // removed meanwhile: nothing to say
    }
  };

  const onChanged = (ids: number[] | null) => {
    // null = a bulk change (import); announcing thousands of rows one by one helps nobody.
    if (!ids) return;
    const failed: EntryDetail[] = [];
    let keyProblem: EntryDetail | null = null;
    for (const id of ids) {
      const e = entryOf(id);
      const before = announced.get(id);
      if (!e || before === e.state) continue;
      if (before === 'needs_key') keyAnnounced = false; // the key was fixed (or the call edited)
      if (!ANNOUNCED.includes(e.state)) {
        announced.delete(id); // resent or fixed: a later failure is news again
        continue;
      }
      announced.set(id, e.state);
      if (FAILED.includes(e.state)) failed.push(e);
      else keyProblem ??= e;
    }
    const [one] = failed;
    if (failed.length === 1 && one) {
      const why = one.statusReason ?? one.lastError ?? 'LeadSquared did not accept it';
      notify(`Call log ${STATE_LABELS[one.state].toLowerCase()}: ${one.leadNumber}`, `${sentence(why)} Open History to correct and resend it.`, 'history');
    } else if (failed.length > 1) {
      notify(`${failed.length} call logs failed`, 'Open History to see why and resend them.', 'history');
    }
    if (keyProblem && !keyAnnounced) {
      keyAnnounced = true;
      const why = keyProblem.lastError ?? 'LeadSquared needs a valid API key.';
      notify('Calls are waiting for the API key', `${sentence(why)} Your calls are saved and will be sent once it is fixed.`, 'settings');
    }
  };

  const unsubscribe = opts.svc.onEntriesChanged((ids) => {
    try {
      onChanged(ids);
    } catch (err) {
      opts.log?.(`Notification failed: ${(err as Error).message}`);
    }
  });
  return () => {
    unsubscribe();
    open.clear();
  };
}
