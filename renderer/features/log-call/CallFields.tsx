// The Log call form's fields, in the order an agent fills them right after a
// call: who and how it went first, times next, rarely-changed details last.
import { useQuery } from '@tanstack/react-query';
import type { UseFormReturn } from 'react-hook-form';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { DIRECTIONS, type CallInput } from '../../../shared/call-log';
import { Field, FieldError, controlA11y } from './field';
import type { CallFormValues } from './form-schema';
import type { CallTimes } from './use-call-times';

export const LEAD_INPUT_ID = 'call-lead';

type Form = UseFormReturn<CallFormValues, unknown, CallInput>;

const RECENT_LEADS_ID = 'recent-lead-numbers';

/** Lead numbers of the latest calls, newest first, once each: callbacks are common. */
function RecentLeads() {
  const recent = useQuery({ queryKey: keys.list({ limit: 20 }), queryFn: () => call('listEntries', { limit: 20 }) });
  const numbers = [...new Set((recent.data?.items ?? []).map((e) => e.leadNumber))];
  return (
    <datalist id={RECENT_LEADS_ID}>
      {numbers.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}

export function MainCallFields({ form, statuses, times }: { form: Form; statuses: string[]; times: CallTimes }) {
  const { register, formState } = form;
  const e = formState.errors;
  const current = form.getValues('status');
  // A status typed in an earlier session may have left Settings since: keep it selectable.
  const options = [...new Set(current ? [...statuses, current] : statuses)];
  return (
    <div className="form-row">
      <Field id={LEAD_INPUT_ID} label="Lead phone number" error={e.leadNumber?.message} className="grow">
        {(a) => <input {...a} {...register('leadNumber')} type="tel" list={RECENT_LEADS_ID} autoComplete="off" spellCheck={false} />}
      </Field>
      <RecentLeads />
      <fieldset
        className="field radio-group"
        role="radiogroup"
        aria-labelledby="call-direction-legend"
        {...controlA11y('call-direction', e.direction?.message, false)}
      >
        <legend id="call-direction-legend">Direction</legend>
        <div className="radio-options">
          {DIRECTIONS.map((d) => (
            <label key={d} className="radio">
              <input type="radio" value={d} {...register('direction')} /> {d}
            </label>
          ))}
        </div>
        <FieldError id="call-direction" error={e.direction?.message} />
      </fieldset>
      <Field id="call-status" label="Call status" error={e.status?.message}>
        {(a) => (
          <select {...a} {...register('status')}>
            {options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <DurationField form={form} times={times} />
    </div>
  );
}

export function NotesField({ form, templates, onInsert }: { form: Form; templates: string[]; onInsert: (t: string) => void }) {
  const error = form.formState.errors.notes?.message;
  return (
    <div className="field">
      <label htmlFor="call-notes">Notes</label>
      <textarea {...controlA11y('call-notes', error, false)} {...form.register('notes')} rows={3} />
      <FieldError id="call-notes" error={error} />
      {templates.length > 0 && (
        <div className="templates" role="group" aria-label="Insert template">
          <span className="hint">Insert template:</span>
          {[...new Set(templates)].map((t) => (
            <button key={t} type="button" className="button button-small" aria-label={`Insert template: ${t}`} onClick={() => onInsert(t)}>
              {t}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** In the first row, not with the times: agents type it right after the number, and Tab gets there before the date pickers' many stops. */
export function DurationField({ form, times }: { form: Form; times: CallTimes }) {
  const error = form.formState.errors.durationSeconds?.message;
  return (
    <Field id="call-duration" label="Duration (seconds)" error={error} hint="Seconds, or m:ss like 2:05" className="narrow">
      {(a) => (
        <input
          {...a}
          {...form.register('durationSeconds', {
            onChange: (ev: { target: HTMLInputElement }) => times.onDurationInput(ev.target.value),
            onBlur: (ev: { target: HTMLInputElement }) => times.onDurationBlur(ev.target.value),
          })}
          type="text"
          inputMode="numeric"
          autoComplete="off"
        />
      )}
    </Field>
  );
}

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function CallTimeFields({ form, times, ids, apiTimeZone }: { form: Form; times: CallTimes; ids: { start: string; end: string }; apiTimeZone: string }) {
  const { register } = form;
  const e = form.formState.errors;
  const timeHint = `Your local time (${localZone}); sent to LeadSquared in ${apiTimeZone}.`;
  return (
    <>
      <div className="form-row">
        <Field id={ids.start} label="Start time" error={e.startTime?.message}>
          {(a) => <input {...a} {...register('startTime', { onChange: (ev: { target: HTMLInputElement }) => times.onStartInput(ev.target.value) })} type="datetime-local" step="1" />}
        </Field>
        <Field id={ids.end} label="End time" error={e.endTime?.message}>
          {(a) => <input {...a} {...register('endTime', { onChange: (ev: { target: HTMLInputElement }) => times.onEndInput(ev.target.value) })} type="datetime-local" step="1" />}
        </Field>
      </div>
      <p className="hint times-hint">
        {times.followsClock
          ? 'The call ended just now: End time follows the clock and the duration counts back from it, until you change a time. '
          : 'Changing the duration moves the end time; changing the end time updates the duration. '}
        {timeHint}
      </p>
    </>
  );
}

/** `loggedAlready`: where the session ID typed is logged already (here or elsewhere), shown as it is learnt. */
export function CallDetailsFields({ form, onNewSessionId, loggedAlready }: { form: Form; onNewSessionId: () => void; loggedAlready: string | null }) {
  const { register } = form;
  const e = form.formState.errors;
  return (
    <>
      <Field id="call-recording" label="Recording URL" error={e.recordingUrl?.message}>
        {(a) => <input {...a} {...register('recordingUrl')} type="url" autoComplete="off" spellCheck={false} placeholder="https://" />}
      </Field>
      <div className="form-row">
        <Field id="call-agent-name" label="Agent name" error={e.agentName?.message}>
          {(a) => <input {...a} {...register('agentName')} type="text" autoComplete="off" />}
        </Field>
        <Field id="call-agent-number" label="Agent phone number" error={e.agentNumber?.message}>
          {(a) => <input {...a} {...register('agentNumber')} type="tel" autoComplete="off" />}
        </Field>
        <Field id="call-display-number" label="Display number (IVR)" error={e.displayNumber?.message}>
          {(a) => <input {...a} {...register('displayNumber')} type="tel" autoComplete="off" />}
        </Field>
      </div>
      <Field id="call-session" label="Call session ID" error={e.callSessionId?.message ?? loggedAlready ?? undefined} hint="Unique per call: LeadSquared uses it to spot a call logged twice.">
        {(a) => (
          <div className="input-with-button">
            <input {...a} {...register('callSessionId')} type="text" autoComplete="off" spellCheck={false} />
            <button type="button" className="button" onClick={onNewSessionId}>
              New ID
            </button>
          </div>
        )}
      </Field>
    </>
  );
}
