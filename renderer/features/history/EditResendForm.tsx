// "Edit and resend" for a failed call: Log call's form, filled with the call as
// it was logged (times on the agent's clock), in a modal dialog over History, so
// it has the room Log call has instead of the details' narrow column. Esc or
// Cancel leaves the call as it is; Ctrl+Enter resends, as it logs on Log call.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import type { CallInput } from '../../../shared/call-log';
import type { EntryDetail } from '../../../shared/entry';
import type { Settings } from '../../../shared/settings';
import { call } from '../../bridge';
import { LoadError } from '../../app/LoadError';
import { keys } from '../../app/query';
import { callFormKeyDown, insertTemplate, newSessionId, showOnField } from '../log-call/call-form-actions';
import { CallDetailsFields, CallTimeFields, LEAD_INPUT_ID, MainCallFields, NotesField } from '../log-call/CallFields';
import type { CallFormValues } from '../log-call/form-schema';
import { useCallTimes } from '../log-call/use-call-times';
import { useWhereLogged } from '../log-call/where-logged';
import { editResolver, editValuesOf } from './edit-values';
import '../log-call/log-call.css';
import './edit-resend.css';

interface Props {
  entry: EntryDetail;
  zone: string;
  onDone(): void;
  onCancel(): void;
}

const IDS = { start: 'call-start', end: 'call-end' };

export function EditResendForm({ entry, zone, onDone, onCancel }: Props) {
  const settings = useQuery({ queryKey: keys.settings, queryFn: () => call('getSettings') });
  const titleId = useId();
  return (
    <EditDialog titleId={titleId} onCancel={onCancel}>
      <div className="edit-resend-head">
        <h2 id={titleId}>Edit and resend</h2>
        {(entry.statusReason ?? entry.lastError) && (
          <p className="edit-resend-why">
            <strong>Why it failed:</strong> {entry.statusReason ?? entry.lastError}
          </p>
        )}
      </div>
      {settings.data ? (
        <EditForm entry={entry} zone={zone} settings={settings.data} onDone={onDone} onCancel={onCancel} />
      ) : settings.isError ? (
        <div className="edit-resend-head">
          <LoadError what="Settings could not be read" error={settings.error} onRetry={() => void settings.refetch()} />
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      ) : (
        <p className="hint">Loading…</p>
      )}
    </EditDialog>
  );
}

/**
 * A native modal dialog: the page behind is inert, focus stays inside, and it sits above the
 * details wherever they are. Keys stop here, so the page's own Esc and Tab (which close the
 * details or leave them for the list) do not act on a form they cannot see.
 */
function EditDialog({ titleId, onCancel, children }: { titleId: string; onCancel(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="edit-resend"
      aria-labelledby={titleId}
      onKeyDown={(e) => e.stopPropagation()}
      onCancel={(e) => {
        // Closed by React (unmounting it), so the details decide where focus goes.
        e.preventDefault();
        onCancel();
      }}
    >
      {children}
    </dialog>
  );
}

function EditForm({ entry, zone, settings, onDone, onCancel }: Props & { settings: Settings }) {
  const qc = useQueryClient();
  const form = useForm<CallFormValues, unknown, CallInput>({
    resolver: editResolver,
    defaultValues: editValuesOf(entry, zone),
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  // The call's own times, never the clock's: this call ended long ago.
  const times = useCallTimes(form, IDS, false);
  const [formError, setFormError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const submitting = useRef(false);
  // Its own session ID is logged, by this very call: only another one typed is asked about.
  const loggedAlready = useWhereLogged(form.control, entry.callSessionId);
  // After the dialog's own focusing (its first control): the lead number, where Log call starts too.
  useEffect(() => document.getElementById(LEAD_INPUT_ID)?.focus(), []);

  const resend = useCallback(async () => {
    if (submitting.current) return; // a second Ctrl+Enter must not send the edit twice
    submitting.current = true;
    setFormError(null);
    setRefused(false);
    try {
      await form.handleSubmit(
        async (input) => {
          try {
            const detail = await call('editAndResend', { id: entry.id, call: input });
            qc.setQueryData(keys.entry(detail.id), detail);
            void qc.invalidateQueries({ queryKey: keys.entries });
            onDone();
          } catch (err) {
            // Nothing is changed by a refusal: the stored call stays as it was, the form as typed.
            if (showOnField(form, err)) setRefused(true);
            else setFormError(err instanceof Error ? err.message : String(err));
          }
        },
        () => setRefused(true),
      )();
    } finally {
      submitting.current = false;
    }
  }, [form, entry.id, qc, onDone]);

  return (
    <form
      className="log-call-form edit-resend-form"
      aria-label="Edit and resend"
      noValidate
      onKeyDown={callFormKeyDown(() => void resend(), onCancel)}
      onSubmit={(e) => {
        e.preventDefault();
        void resend();
      }}
    >
      <MainCallFields form={form} statuses={settings.callStatuses} times={times} />
      <NotesField form={form} templates={settings.notesTemplates} onInsert={(t) => insertTemplate(form, t)} />
      <CallTimeFields form={form} times={times} ids={IDS} apiTimeZone={zone} />
      <CallDetailsFields form={form} onNewSessionId={() => newSessionId(form)} loggedAlready={loggedAlready?.message ?? null} />
      {formError && (
        <p className="field-error" role="alert">
          Not resent: {formError}
        </p>
      )}
      {refused && !formError && Object.keys(form.formState.errors).length > 0 && <p className="field-error">Not resent: fix the marked field above, then Resend again.</p>}
      <div className="actions">
        {/* Never disabled while sending: a disabled button drops keyboard focus; `submitting` guards repeats. */}
        <button type="submit" className="button button-primary" aria-busy={form.formState.isSubmitting}>
          Resend
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> resends · <kbd>Esc</kbd> cancels, leaving the call as it is
        </span>
      </div>
    </form>
  );
}
