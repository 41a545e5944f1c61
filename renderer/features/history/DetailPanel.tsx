// One call in full, beside the list: why it is where it is, what was sent,
// every state change, and what can be done about it. Non-modal, so the list
// stays usable; Esc (handled by the page) closes it and focus returns to the row.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect, useRef, useState } from 'react';
import { isRefusedAsMalformed, type EntryDetail, type EntryState } from '../../../shared/entry';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { copyRequestId, DetailFrame, EntryHeadline, NoticeLine, useNotice } from './DetailFrame';
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
  const entry = useQuery({ queryKey: keys.entry(id), queryFn: () => call('getEntry', { id }) });
  return (
    <DetailFrame query={entry} onClose={onClose}>
      {(data) => <DetailBody entry={data} zone={zone} />}
    </DetailFrame>
  );
}

function DetailBody({ entry, zone }: { entry: EntryDetail; zone: string }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useNotice();
  const retry = useMutation({
    mutationFn: () => call('retryNow', { id: entry.id }),
    onSuccess: (detail) => {
      qc.setQueryData(keys.entry(detail.id), detail);
      setNotice({ text: 'Retry requested' });
    },
    onError: (err) => setNotice({ text: err.message, error: true }),
  });

  const canEdit = EDITABLE.includes(entry.state);
  // Refused as malformed, the same body would be refused again (the core will not resend it as it is).
  const mustEdit = isRefusedAsMalformed(entry);
  const canRetry = RETRYABLE.includes(entry.state) && !mustEdit;
  // The edit dialog goes when left, taking focus with it to the page's body, out of reach of the
  // page's Esc: back to the button after Cancel or Esc, or to the details after Resend (the call is
  // no longer a Failure, so the button is gone).
  const actionsRef = useRef<HTMLDivElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const focusAfterEdit = useRef<'button' | 'details' | null>(null);
  useLayoutEffect(() => {
    if (editing || focusAfterEdit.current === null) return;
    const target = focusAfterEdit.current === 'button' && editRef.current ? editRef.current : actionsRef.current?.closest<HTMLElement>('[role="dialog"]');
    focusAfterEdit.current = null;
    target?.focus();
  }, [editing]);
  const leaveEdit = (to: 'button' | 'details') => {
    focusAfterEdit.current = to;
    setEditing(false);
  };

  return (
    <>
      <EntryHeadline entry={entry} />
      <div ref={actionsRef} className="history-actions">
        {canRetry && (
          // Never disabled while pending (a disabled button drops focus on the page's body, where the
          // page's Esc is not heard): a repeat press is ignored instead.
          <button type="button" className="button" aria-disabled={retry.isPending} onClick={() => !retry.isPending && retry.mutate()}>
            Retry now
          </button>
        )}
        {canEdit && (
          <button ref={editRef} type="button" className={mustEdit ? 'button button-primary' : 'button'} onClick={() => setEditing(true)}>
            Edit and resend
          </button>
        )}
        {entry.requestId && (
          <button type="button" className="button" onClick={() => void copyRequestId(entry.requestId!, setNotice)}>
            Copy RequestID
          </button>
        )}
      </div>
      <NoticeLine notice={notice} />
      {editing && canEdit && (
        <EditResendForm
          entry={entry}
          zone={zone}
          onCancel={() => leaveEdit('button')}
          onDone={() => {
            leaveEdit('details');
            setNotice({ text: 'Edited and queued to send again' });
          }}
        />
      )}
      <EntryFacts entry={entry} />
    </>
  );
}
