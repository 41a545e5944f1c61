// The Settings form: connection, agent defaults, and what the Log call form
// offers. Saving sends the settings and, when one was typed, the API key, as
// two independent steps: each one's failure is shown where it belongs and
// neither loses the other's input.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { BridgeError, call } from '../../bridge';
import { keys } from '../../app/query';
import type { Settings } from '../../../shared/settings';
import { ApiKeyField } from './ApiKeyField';
import { TeamDatabaseSection } from './TeamDatabaseSection';
import { AgentFields, CallFormFields, ConnectionFields } from './SettingsFields';
import { lockedRegister, type PolicyInfo } from './managed';
import { keepSettingsDraft, takeSettingsDraft } from './settings-draft';
import { isSettingsField, SETTINGS_FIELDS, settingsResolver, toFormValues, type SettingsFormValues } from './settings-form';

type Outcome = { ok: boolean; text: string };
/** `skipped`: nothing was tested (the edits it must save first were refused), so nothing failed either. */
type TestState = { kind: 'idle' } | { kind: 'running' } | { kind: 'skipped'; message: string } | { kind: 'done'; ok: boolean; message: string };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function SettingsForm({ settings, policy }: { settings: Settings; policy?: PolicyInfo | undefined }) {
  const qc = useQueryClient();
  const plainForm = useForm<SettingsFormValues, unknown, Settings>({ resolver: settingsResolver, defaultValues: toFormValues(settings) });
  // Locked fields are read-only wherever they are registered.
  const form = { ...plainForm, register: lockedRegister(plainForm.register, policy) };
  const keyInput = useRef<HTMLInputElement>(null);
  const [keyTyped, setKeyTyped] = useState(false);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Outcome | null>(null);
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const { isDirty, isSubmitting } = form.formState;
  // What is saved, as the form holds it: unsaved edits are what differs from it when the page closes.
  const savedValues = useRef(toFormValues(settings));
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    const draft = takeSettingsDraft(savedValues.current, policy?.locked ?? []);
    for (const f of SETTINGS_FIELDS) if (f in draft) plainForm.setValue(f, draft[f] as never, { shouldDirty: true });
    setRestored(Object.keys(draft).length > 0);
    return () => keepSettingsDraft(plainForm.getValues(), savedValues.current);
    // Once per opening of the page: the draft is taken when it opens and kept when it closes.
  }, []);

  /** Both steps always run; true when everything asked for was saved. */
  const save = async (values: Settings): Promise<boolean> => {
    setSaved(null);
    setSaveError(null);
    setKeyError(null);
    const done: string[] = [];
    const failed: string[] = [];
    try {
      const next = await call('updateSettings', values);
      qc.setQueryData(keys.settings, next);
      savedValues.current = toFormValues(next);
      form.reset(savedValues.current);
      setRestored(false);
      done.push('Settings saved');
    } catch (err) {
      if (err instanceof BridgeError && isSettingsField(err.field)) {
        failed.push('Settings not saved: see the marked field');
        form.setError(err.field, { type: 'server', message: err.message }, { shouldFocus: true });
      } else {
        failed.push('Settings not saved');
        setSaveError(messageOf(err));
      }
    }
    const key = keyInput.current?.value ?? '';
    if (key !== '' && failed.length > 0) {
      // The key is saved for the host above: not before that host is saved. It stays typed for the next Save.
      failed.push('API key not saved');
      setKeyError('Not saved yet: the key is saved for the Async API host above, so fix the settings first and press Save again');
    } else if (key !== '') {
      try {
        const status = await call('setKey', { apiKey: key });
        // Out of the DOM at once: from here on the page knows only the hint.
        if (keyInput.current) keyInput.current.value = '';
        setKeyTyped(false);
        qc.setQueryData(keys.keyStatus, status);
        done.push(`API key saved, ends with ${status.hint ?? '…'}`);
      } catch (err) {
        failed.push('API key not saved');
        setKeyError(messageOf(err));
        if (failed.length === 1) keyInput.current?.focus();
      }
    }
    void qc.invalidateQueries({ queryKey: keys.connection });
    // A new host makes a saved key unusable until pasted again: the key's line says so.
    void qc.invalidateQueries({ queryKey: keys.keyStatus });
    setSaved({ ok: failed.length === 0, text: [...done, ...failed].join(' · ') });
    return failed.length === 0;
  };

  const onInvalid = () => {
    setSaved({ ok: false, text: 'Not saved: fix the fields marked above' });
  };

  // Buttons stay enabled (disabling one drops keyboard focus); this guards repeats instead.
  const busy = useRef(false);
  const saveNow = async (): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    let ok = false;
    try {
      await form.handleSubmit(async (v) => {
        ok = await save(v);
      }, onInvalid)();
    } finally {
      busy.current = false;
    }
    return ok;
  };

  // testConnection reads the saved settings, so unsaved edits are saved first:
  // otherwise "OK" would describe settings the agent is not looking at.
  const testConnection = async () => {
    if (test.kind === 'running') return;
    setTest({ kind: 'running' });
    if ((isDirty || keyTyped) && !(await saveNow())) {
      setTest({ kind: 'skipped', message: 'Not tested: your changes could not be saved (see above)' });
      return;
    }
    try {
      const r = await call('testConnection');
      setTest({ kind: 'done', ok: r.ok, message: r.message });
    } catch (err) {
      setTest({ kind: 'done', ok: false, message: messageOf(err) });
    }
    void qc.invalidateQueries({ queryKey: keys.connection });
  };

  const useSandbox = form.watch('useSandbox');
  return (
    <form
      className="settings-form"
      aria-label="Settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void saveNow();
      }}
    >
      <section className="panel settings-section" aria-labelledby="settings-connection">
        <h2 id="settings-connection">LeadSquared connection</h2>
        <ConnectionFields form={form} useSandbox={useSandbox} />
        <ApiKeyField inputRef={keyInput} error={keyError} useSandbox={useSandbox} onTypedChange={setKeyTyped} />
      </section>
      <TeamDatabaseSection />
      <section className="panel settings-section" aria-labelledby="settings-agent">
        <h2 id="settings-agent">Agent defaults</h2>
        <AgentFields form={form} />
      </section>
      <section className="panel settings-section" aria-labelledby="settings-calls">
        <h2 id="settings-calls">Log call form</h2>
        <CallFormFields form={form} />
      </section>

      {saveError && (
        <p className="field-error" role="alert">
          {saveError}
        </p>
      )}
      <div className="settings-actions">
        <button type="submit" className="button button-primary" aria-busy={isSubmitting}>
          Save settings
        </button>
        <button type="button" className="button" aria-busy={test.kind === 'running'} onClick={() => void testConnection()} aria-describedby="settings-test-hint">
          Test connection
        </button>
        <span id="settings-test-hint" className="hint">
          Tests the saved settings; unsaved changes are saved first.
        </span>
      </div>
      <div className="settings-results">
        {restored && isDirty && (
          <p className="hint" data-testid="settings-draft">
            Your unsaved changes from before you left Settings are back. Save settings keeps them.
          </p>
        )}
        <p role="status" aria-label="Save result" className={saved?.ok ? 'form-status-ok' : saved ? 'field-error' : undefined}>
          {saved?.text}
        </p>
        <p role="status" aria-label="Connection test" className={test.kind === 'done' ? (test.ok ? 'form-status-ok' : 'field-error') : test.kind === 'skipped' ? 'field-error' : undefined}>
          {test.kind === 'running' && 'Testing the saved settings…'}
          {test.kind === 'skipped' && test.message}
          {test.kind === 'done' && (test.ok ? `OK: ${test.message}` : `Connection failed: ${test.message}`)}
        </p>
      </div>
    </form>
  );
}
