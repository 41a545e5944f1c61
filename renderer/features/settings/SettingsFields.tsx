// The Settings fields, labelled with SETTINGS_LABELS: the same words main uses
// in its messages, so "Call Log API URL should contain …" sits under a field
// called exactly that.
import type { UseFormReturn } from 'react-hook-form';
import { ASYNC_HOST_SUGGESTIONS, SETTINGS_LABELS as L, type Settings } from '../../../shared/settings';
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
      <Field id="s-host" label={L.asyncHost} error={e.asyncHost?.message} hint="Your account’s region, e.g. asyncapi-in21.leadsquared.com for India. No https:// or path.">
        {(a) => <input {...a} {...register('asyncHost')} type="text" list="s-host-suggestions" autoComplete="off" spellCheck={false} />}
      </Field>
      <datalist id="s-host-suggestions">
        {ASYNC_HOST_SUGGESTIONS.map((s) => (
          <option key={s.host} value={s.host} label={s.region} />
        ))}
      </datalist>
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

export function AgentFields({ form }: { form: Form }) {
  const { register } = form;
  const e = form.formState.errors;
  return (
    <div className="settings-grid">
      <Field id="s-agent-name" label={L.agentName} error={e.agentName?.message}>
        {(a) => <input {...a} {...register('agentName')} type="text" autoComplete="off" />}
      </Field>
      <Field id="s-agent-number" label={L.agentNumber} error={e.agentNumber?.message}>
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
