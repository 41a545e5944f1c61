// "Edit and resend" for a failed call: the call as sent, editable, submitted
// to editAndResend. Main's rules decide; its field error lands on its field.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { DIRECTIONS } from '../../../shared/call-log';
import type { EntryDetail } from '../../../shared/entry';
import type { ChannelInput } from '../../../shared/ipc';
import { BridgeError, call } from '../../bridge';
import { keys } from '../../app/query';
import { editFieldOf, editValuesOf, toInput, type EditField, type EditValues } from './edit-values';

interface Props {
  entry: EntryDetail;
  zone: string;
  onDone(): void;
  onCancel(): void;
}

type FieldError = { field: EditField | null; message: string };

export function EditResendForm({ entry, zone, onDone, onCancel }: Props) {
  const qc = useQueryClient();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<EditValues>(() => editValuesOf(entry, zone));
  const [error, setError] = useState<FieldError | null>(null);

  // Opened in place of the button pressed: the keyboard goes to its first field, not to the page's body.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('select, input, textarea')?.focus();
  }, []);

  const showError = (e: FieldError) => {
    setError(e);
    // Take the agent to the field main complained about; its error is its description, so it is read out.
    requestAnimationFrame(() => {
      const el = e.field ? formRef.current?.querySelector<HTMLElement>(`[name='${e.field}']`) : null;
      el?.focus();
    });
  };

  const resend = useMutation({
    mutationFn: (input: ChannelInput<'editAndResend'>) => call('editAndResend', input),
    onSuccess: (detail) => {
      qc.setQueryData(keys.entry(detail.id), detail);
      void qc.invalidateQueries({ queryKey: keys.entries });
      onDone();
    },
    onError: (err) => {
      const field = err instanceof BridgeError ? editFieldOf(err.field) : null;
      showError({ field, message: err.message });
    },
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const out = toInput(values, zone);
    if (!out.ok) return showError({ field: out.field, message: out.message });
    setError(null);
    resend.mutate({ id: entry.id, call: out.call });
  };

  // Esc leaves the form first; a second Esc closes the details.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };

  const field = (name: EditField, label: string, opts: { multiline?: boolean; hint?: string } = {}) => {
    const invalid = error?.field === name;
    const described = [opts.hint && `${id}-${name}-hint`, invalid && `${id}-${name}-error`].filter(Boolean).join(' ');
    const props = {
      id: `${id}-${name}`,
      name,
      value: values[name],
      'aria-invalid': invalid || undefined,
      'aria-describedby': described || undefined,
      onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    };
    return (
      <div className="field">
        <label htmlFor={props.id}>{label}</label>
        {opts.multiline ? <textarea {...props} /> : <input {...props} />}
        {opts.hint && (
          <div className="hint" id={`${id}-${name}-hint`}>
            {opts.hint}
          </div>
        )}
        {invalid && (
          <div className="field-error" id={`${id}-${name}-error`}>
            {error.message}
          </div>
        )}
      </div>
    );
  };

  return (
    <form ref={formRef} className="history-edit" aria-label="Edit and resend" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <div className="field">
        <label htmlFor={`${id}-direction`}>Direction</label>
        <select
          id={`${id}-direction`}
          name="direction"
          value={values.direction}
          onChange={(e) => setValues((v) => ({ ...v, direction: e.target.value as EditValues['direction'] }))}
        >
          {DIRECTIONS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
      </div>
      {field('leadNumber', 'Lead phone number')}
      {field('agentNumber', 'Agent phone number')}
      {field('displayNumber', 'Display number (IVR)')}
      {field('startTime', `Start time (${zone})`, { hint: 'YYYY-MM-DD HH:MM:SS' })}
      {field('endTime', `End time (${zone})`, { hint: 'YYYY-MM-DD HH:MM:SS' })}
      {field('durationSeconds', 'Duration (seconds)', { hint: 'Seconds, or m:ss like 2:05' })}
      {field('status', 'Call status')}
      {field('notes', 'Notes', { multiline: true })}
      {field('recordingUrl', 'Recording URL')}
      {field('agentName', 'Agent name')}
      {field('callSessionId', 'Call session ID')}
      {error && error.field === null && (
        <div className="field-error" role="alert">
          {error.message}
        </div>
      )}
      <div className="history-actions">
        <button type="submit" className="button button-primary" disabled={resend.isPending}>
          {resend.isPending ? 'Resending…' : 'Resend'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
