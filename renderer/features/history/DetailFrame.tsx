// What every call's details share, on this computer or the team's: the
// non-modal panel beside the list (focus moves into it on open; Esc, handled
// by the page, closes it), its loading and error states, the call's headline
// (state, why, RequestID) and a line for notices such as "Copied".
import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { EntrySummary } from '../../../shared/entry';
import { StateBadge } from '../../app/StateBadge';
import { TestTag } from '../../app/TestTag';
import { RequestIdText } from './HistoryRow';
import { useCallTimeZone } from './use-call-time-zone';

interface FrameProps<T> {
  query: UseQueryResult<T>;
  onClose(): void;
  children(data: T): ReactNode;
}

export function DetailFrame<T>({ query, onClose, children }: FrameProps<T>) {
  const headingId = useId();
  const panelRef = useRef<HTMLElement>(null);

  // Opening a call (click or Enter) takes focus to it, so a screen reader reads it next.
  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  return (
    <section ref={panelRef} className="history-detail panel" role="dialog" aria-modal="false" aria-labelledby={headingId} tabIndex={-1}>
      <div className="history-detail-head">
        <h2 id={headingId}>Call details</h2>
        <button type="button" className="button" onClick={onClose} aria-label="Close details" title="Close (Esc)">
          ✕
        </button>
      </div>
      {query.isPending && <p role="status">Loading…</p>}
      {query.isError && (
        <p className="field-error" role="alert">
          {query.error.message}
        </p>
      )}
      {query.data !== undefined && children(query.data)}
    </section>
  );
}

/** State, number, direction and time; why it is where it is; its RequestID. */
export function EntryHeadline({ entry }: { entry: EntrySummary }) {
  const zone = useCallTimeZone();
  return (
    <>
      {/* The number and the time each whole: a line ends at a "·" or a space, never inside them. */}
      <p className="history-summary">
        <StateBadge state={entry.state} /> <TestTag entry={entry} />{' '}
        <span>
          <span className="history-nowrap">{entry.leadNumber}</span> · {entry.direction} · <span className="history-nowrap">{entry.startTime}</span>{' '}
          <span className="history-zone">{zone}</span>
        </span>
      </p>
      {entry.statusReason && (
        <div className="history-why">
          <strong>StatusReason:</strong> {entry.statusReason}
        </div>
      )}
      {/* Said once: a call LeadSquared refused gets the same text as both. */}
      {entry.lastError && entry.lastError !== entry.statusReason && (
        <div className="history-why">
          <strong>Last error:</strong> {entry.lastError}
        </div>
      )}
      <dl className="history-facts">
        <div className="history-fact">
          <dt>RequestID</dt>
          <dd className="history-mono">{entry.requestId !== null ? <RequestIdText id={entry.requestId} /> : <span className="history-muted">none yet</span>}</dd>
        </div>
      </dl>
    </>
  );
}

export interface Notice {
  text: string;
  error?: boolean;
}

/** A notice that clears itself after a moment; errors stay until the next one. */
export function useNotice(): [Notice | null, (n: Notice | null) => void] {
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    if (!notice || notice.error) return;
    const t = setTimeout(() => setNotice(null), 3000);
    return () => clearTimeout(t);
  }, [notice]);
  return [notice, setNotice];
}

/** Always rendered, so screen readers announce what lands in it. */
export function NoticeLine({ notice }: { notice: Notice | null }) {
  return (
    <div role="status" className={notice?.error ? 'field-error' : 'history-notice'}>
      {notice?.text}
    </div>
  );
}

export async function copyRequestId(text: string, say: (n: Notice) => void): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    say({ text: 'Copied' });
  } catch {
    say({ text: 'Could not copy: select the RequestID and copy it by hand', error: true });
  }
}
