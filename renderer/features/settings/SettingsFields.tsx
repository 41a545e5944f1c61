// The Settings fields, labelled with SETTINGS_LABELS: the same words main uses
// in its messages, so "Call Log API URL should contain …" sits under a field
// called exactly that.
import { useState } from 'react';
import { useFormState, useWatch, type UseFormReturn } from 'react-hook-form';
import { ASYNC_HOST_SUGGESTIONS, isLeadSquaredHost, keepAsyncHost, SETTINGS_LABELS as L, type Settings } from '../../../shared/settings';
import { controlA11y, Field, FieldError } from '../log-call/field';
import { timeZoneSuggestions, type SettingsFormValues } from './settings-form';

type Form = UseFormReturn<SettingsFormValues, unknown, Settings>;

const zones = timeZoneSuggestions();

export function ConnectionFields({ form, useSandbox }: { form: Form; useSandbox: boolean }) {
  const { register } = form;
  const e = form.formState.errors;
  return (
    <>
      <div className="field">
        <div className="checkbox">
          <input {...controlA11y('s-sandbox', e.useSandbox?.message, true)} type="checkbox" {...register('useSandbox')} />
          <label htmlFor="s-sandbox">{L.useSandbox}</label>
        </div>
        <FieldError id="s-sandbox" error={e.useSandbox?.message} />
        <p id="s-sandbox-hint" className="hint">
          {useSandbox
            ? 'On: calls go to the built-in simulator, a pretend LeadSquared inside this app, not to your CRM. The host, URL and key below are kept for when you turn it off.'
            : 'Off: calls go to your LeadSquared account with the host, URL and key below.'}
        </p>
      </div>
      <AsyncHostField form={form} />
      <datalist id="s-host-suggestions">
        {ASYNC_HOST_SUGGESTIONS.map((s) => (
          <option key={s.host} value={s.host} label={s.region} />
        ))}
      </datalist>
      <TrustHostField form={form} />
      <Field
        id="s-url"
        label={L.callLogUrl}
        error={e.callLogUrl?.message}
        hint="Paste it from LeadSquared: Apps Marketplace › your telephony connector › Settings › Configure › Call Log API."
      >
        {(a) => <input {...a} {...register('callLogUrl')} type="url" autoComplete="off" spellCheck={false} />}
      </Field>
    </>
  );
}

/** A pasted https:// address is cut down to its host and port at once, saying what was kept. */
function AsyncHostField({ form }: { form: Form }) {
  const [kept, setKept] = useState<{ host: string; from: string } | null>(null);
  const value = useWatch({ control: form.control, name: 'asyncHost' });
  const { dirtyFields } = useFormState({ control: form.control, name: 'asyncHost' });
  // Said of the value it describes, until that value is saved: a Save (the form is reset, the field
  // no longer dirty), any typing or paste in the field, even of the same host, or any other change ends it.
  const note = kept && kept.host === value && dirtyFields.asyncHost ? `Kept ${kept.host} from ${kept.from}` : null;
  const e = form.formState.errors;
  const field = form.register('asyncHost');
  // A tick confirms one host: another host typed here must be confirmed afresh.
  const untrust = () => form.setValue('trustedHost', false, { shouldDirty: true });
  const keep = (text: string) => {
    const k = keepAsyncHost(text);
    if (!k.ok || k.host === text) return false;
    form.setValue('asyncHost', k.host, { shouldDirty: true });
    untrust();
    setKept({ host: k.host, from: text.trim() });
    return true;
  };
  return (
    <Field
      id="s-host"
      label={L.asyncHost}
      error={e.asyncHost?.message}
      hint={note ?? 'Your account’s region, e.g. asyncapi-in21.leadsquared.com for India. A pasted https:// address keeps just its host.'}
    >
      {(a) => (
        <input
          {...a}
          {...field}
          onPaste={(ev) => {
            if (keep(ev.clipboardData.getData('text'))) ev.preventDefault();
          }}
          // An input event with no change (the same host typed over itself) still ends the note.
          onInput={() => setKept(null)}
          onChange={(ev) => {
            untrust();
            void field.onChange(ev);
          }}
          onBlur={(ev) => {
            keep(ev.currentTarget.value);
            void field.onBlur(ev);
          }}
          type="text"
          list="s-host-suggestions"
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </Field>
  );
}

/** Shown only for a host outside leadsquared.com: the key goes there only once this is ticked. */
function TrustHostField({ form }: { form: Form }) {
  const typed = keepAsyncHost(form.watch('asyncHost'));
  const error = form.formState.errors.trustedHost?.message;
  if (!typed.ok || typed.host === '' || isLeadSquaredHost(typed.host)) return null;
  return (
    <div className="field">
      <div className="checkbox">
        <input {...controlA11y('s-trust-host', error, true)} type="checkbox" {...form.register('trustedHost')} />
        <label htmlFor="s-trust-host">{L.trustedHost}</label>
      </div>
      <FieldError id="s-trust-host" error={error} />
      <p id="s-trust-host-hint" className="hint">
        {/* The error above already says so when it shows. */}
        {error ? '' : `${typed.host} is not a LeadSquared host. `}Tick this only if your administrator gave it to you (a company proxy, a test
        server): your API key will be sent there.
      </p>
    </div>
  );
}

export function AgentFields({ form }: { form: Form }) {
  const { register } = form;
  const e = form.formState.errors;
  return (
    <div className="settings-grid">
      <Field id="s-agent-name" label={L.agentName} error={e.agentName?.message}>
        {(a) => <input {...a} {...register('agentName')} type="text" autoComplete="off" />}
      </Field>
      <Field id="s-agent-number" label={L.agentNumber} error={e.agentNumber?.message} hint="Your own number: LeadSquared matches it to your user. Filled in on every call you log.">
        {(a) => <input {...a} {...register('agentNumber')} type="tel" autoComplete="off" />}
      </Field>
      <Field id="s-display-number" label={L.displayNumber} error={e.displayNumber?.message}>
        {(a) => <input {...a} {...register('displayNumber')} type="tel" autoComplete="off" />}
      </Field>
    </div>
  );
}

export function CallFormFields({ form }: { form: Form }) {
  const { register } = form;
  const e = form.formState.errors;
  return (
    <>
      <div className="settings-grid">
        <Field id="s-statuses" label={L.callStatuses} error={e.callStatuses?.message} hint="One per line, as LeadSquared spells them. The first is the default.">
          {(a) => <textarea {...a} {...register('callStatuses')} rows={6} spellCheck={false} />}
        </Field>
        <Field id="s-templates" label={L.notesTemplates} error={e.notesTemplates?.message} hint="One per line; each becomes an Insert template button under Notes.">
          {(a) => <textarea {...a} {...register('notesTemplates')} rows={6} />}
        </Field>
      </div>
      <div className="settings-grid">
        <Field id="s-zone" label={L.timeZone} error={e.timeZone?.message} hint="Start and end times are sent as clock time in this zone. LeadSquared’s connector docs say UTC.">
          {(a) => <input {...a} {...register('timeZone')} type="text" list="s-zone-suggestions" autoComplete="off" spellCheck={false} />}
        </Field>
        <datalist id="s-zone-suggestions">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field id="s-shortcut" label={L.globalShortcut} error={e.globalShortcut?.message} hint="Desktop app only: opens Log call from any program, e.g. CommandOrControl+Shift+L.">
          {(a) => <input {...a} {...register('globalShortcut')} type="text" autoComplete="off" spellCheck={false} />}
        </Field>
      </div>
    </>
  );
}
