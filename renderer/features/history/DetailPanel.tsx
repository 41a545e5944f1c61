// One call in full, beside the list: why it is where it is, what was sent,
// every state change, and what can be done about it. Non-modal, so the list
// stays usable; Esc (handled by the page) closes it and focus returns to the row.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { EntryDetail, EntryState } from '../../../shared/entry';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { StateBadge } from '../../app/StateBadge';
import { EditResendForm } from './EditResendForm';
import { EntryFacts } from './EntryFacts';

/** Where "Retry now" does something (see CallLogService.retryNow). */
const RETRYABLE: readonly EntryState[] = ['retry_wait', 'queued', 'needs_key', 'paused', 'failure', 'error', 'accepted', 'in_queue'];
const EDITABLE: readonly EntryState[] = ['failure', 'error'];

interface Props {
  id: number;
  zone: string;
  onClose(): void;
}

export function DetailPanel({ id, zone, onClose }: Props) {
  const headingId = useId();
  const panelRef = useRef<HTMLElement>(null);
  const entry = useQuery({ queryKey: keys.entry(id), queryFn: () => call('getEntry', { id }) });
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);

  // Opening a call (click or Enter) takes focus to it, so a screen reader reads it next.
  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!notice || notice.error) return;
    const t = setTimeout(() => setNotice(null), 3000);
    return () => clearTimeout(t);
  }, [notice]);

  return (
    <section ref={panelRef} className="history-detail panel" role="dialog" aria-modal="false" aria-labelledby={headingId} tabIndex={-1}>
      <div className="history-detail-head">
        <h2 id={headingId}>Call details</h2>
        <button type="button" className="button" onClick={onClose} aria-label="Close details" title="Close (Esc)">
          ✕
        </button>
      </div>
      {entry.isPending && <p role="status">Loading…</p>}
      {entry.isError && (
        <p className="field-error" role="alert">
          {entry.error.message}
        </p>
      )}
      {entry.data && (
        <DetailBody
          entry={entry.data}
          zone={zone}
          editing={editing}
          setEditing={setEditing}
          notice={notice}
          setNotice={setNotice}
        />
      )}
    </section>
  );
}

interface BodyProps {
  entry: EntryDetail;
  zone: string;
  editing: boolean;
  setEditing(v: boolean): void;
  notice: { text: string; error?: boolean } | null;
  setNotice(n: { text: string; error?: boolean } | null): void;
}

function DetailBody({ entry, zone, editing, setEditing, notice, setNotice }: BodyProps) {
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => call('retryNow', { id: entry.id }),
    onSuccess: (detail) => {
      qc.setQueryData(keys.entry(detail.id), detail);
      setNotice({ text: 'Retry requested' });
    },
    onError: (err) => setNotice({ text: err.message, error: true }),
  });

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setNotice({ text: 'Copied' });
    } catch {
      setNotice({ text: 'Could not copy: select the RequestID and copy it by hand', error: true });
    }
  };

  const canEdit = EDITABLE.includes(entry.state);
  return (
    <>
      <p className="history-summary">
        <StateBadge state={entry.state} /> {entry.leadNumber} · {entry.direction} · {entry.startTime}
      </p>
      {entry.statusReason && (
        <div className="history-why">
          <strong>StatusReason:</strong> {entry.statusReason}
        </div>
      )}
      {entry.lastError && (
        <div className="history-why">
          <strong>Last error:</strong> {entry.lastError}
        </div>
      )}
      <dl className="history-facts">
        <div className="history-fact">
          <dt>RequestID</dt>
          <dd className="history-mono">{entry.requestId ?? <span className="history-muted">none yet</span>}</dd>
        </div>
      </dl>
      <div className="history-actions">
        {RETRYABLE.includes(entry.state) && (
          <button type="button" className="button" disabled={retry.isPending} onClick={() => retry.mutate()}>
            Retry now
          </button>
        )}
        {canEdit && !editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit and resend
          </button>
        )}
        {entry.requestId && (
          <button type="button" className="button" onClick={() => void copy(entry.requestId!)}>
            Copy RequestID
          </button>
        )}
      </div>
      {/* Always rendered, so screen readers announce what lands in it. */}
      <div role="status" className={notice?.error ? 'field-error' : 'history-notice'}>
        {notice?.text}
      </div>
      {editing && canEdit && (
        <EditResendForm
          entry={entry}
          zone={zone}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            setNotice({ text: 'Edited and queued to send again' });
          }}
        />
      )}
      <EntryFacts entry={entry} />
    </>
  );
}
