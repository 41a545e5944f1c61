// The call form. Built for repetition: focus starts (and returns) on the lead
// number, Ctrl/Cmd+Enter logs from anywhere, Esc starts over (with Undo), and
// the fields an agent rarely changes sit last in the tab order.
import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { call } from '../../bridge';
import type { CallInput } from '../../../shared/call-log';
import type { Settings } from '../../../shared/settings';
import { CallDetailsFields, CallTimeFields, LEAD_INPUT_ID, MainCallFields, NotesField } from './CallFields';
import { callFormKeyDown, insertTemplate, newSessionId, showOnField } from './call-form-actions';
import { callFormSchema, type CallFormValues } from './form-schema';
import { changedFields, keepDraft, nextCallValues, rememberLogged, sessionMemory, restoreDraft, type Draft, type LastLogged } from './session-memory';
import { useCallTimes } from './use-call-times';
import { useWhereLogged } from './where-logged';

const IDS = { start: 'call-start', end: 'call-end' };

export function LogCallForm({ settings, onLogged }: { settings: Settings; onLogged: (last: LastLogged) => void }) {
  const [initial] = useState(() => restoreDraft(settings));
  const fresh = useRef(initial.fresh);
  const form = useForm<CallFormValues, unknown, CallInput>({
    resolver: zodResolver(callFormSchema),
    defaultValues: initial.values,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const times = useCallTimes(form, IDS, initial.followsClock);
  const [formError, setFormError] = useState<string | null>(null);
  /** The last Log call was refused for a field: said by the button, as the line above the form is the previous call's. */
  const [refused, setRefused] = useState(false);
  const [undo, setUndo] = useState<Draft | null>(null);
  const submitting = useRef(false);
  const loggedAlready = useWhereLogged(form.control, fresh.current.callSessionId);

  // By id, not form.setFocus: reset() drops the form's field refs until the next
  // render, and focus must move in the same tick as the reset.
  const focusLead = useCallback(() => document.getElementById(LEAD_INPUT_ID)?.focus(), []);
  useEffect(() => focusLead(), [focusLead]);

  // Leaving the page (e.g. to fix the key in Settings) keeps what was typed.
  const { isFollowing } = times;
  useEffect(() => () => keepDraft(form.getValues(), fresh.current, isFollowing()), [form, isFollowing]);

  /** A fresh form for the next call: Settings defaults, a new session ID, the clock, the lead number. */
  const startOver = useCallback(
    (direction = sessionMemory.direction) => {
      const next = nextCallValues(settings, direction);
      fresh.current = next;
      form.reset(next);
      times.restart(true);
      setFormError(null);
      setRefused(false);
      focusLead();
    },
    [form, settings, times, focusLead],
  );

  const logNow = useCallback(async () => {
    if (submitting.current) return; // a second Ctrl+Enter must not log the call twice
    submitting.current = true;
    setFormError(null);
    setRefused(false);
    times.catchUp();
    let logged: CallInput | null = null;
    try {
      await form.handleSubmit(async (input) => {
        // Known to be logged already (here, or on a colleague's desktop): not a second time.
        if (loggedAlready?.id === input.callSessionId) {
          form.setError('callSessionId', { type: 'server', message: loggedAlready.message }, { shouldFocus: true });
          setRefused(true);
          return;
        }
        try {
          const saved = await call('logCall', input);
          logged = input;
          rememberLogged(input);
          onLogged({ id: saved.id, leadNumber: input.leadNumber, direction: input.direction });
        } catch (err) {
          if (showOnField(form, err)) {
            setRefused(true);
          } else {
            setFormError(err instanceof Error ? err.message : String(err));
          }
        }
      }, () => setRefused(true))();
      // Reset after handleSubmit settles, so the next call starts un-submitted
      // (no errors shouted while the agent is still typing it).
      if (logged !== null) {
        setUndo(null);
        startOver((logged as CallInput).direction);
      }
    } finally {
      submitting.current = false;
    }
  }, [form, onLogged, startOver, times, loggedAlready]);

  const clearByEscape = useCallback(() => {
    const values = form.getValues();
    const following = times.isFollowing();
    const changed = changedFields(values, fresh.current, following);
    if (changed.length > 0 || !following) setUndo({ values, changed, followsClock: following });
    startOver();
  }, [form, startOver, times]);

  const undoClear = useCallback(() => {
    if (!undo) return;
    form.reset(undo.values, { keepDefaultValues: true });
    times.restart(undo.followsClock);
    setUndo(null);
    focusLead();
  }, [undo, form, times, focusLead]);

  const onKeyDown = callFormKeyDown(() => void logNow(), clearByEscape);

  return (
    <form
      className="log-call-form"
      aria-label="Log a call"
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void logNow();
      }}
    >
      <MainCallFields form={form} statuses={settings.callStatuses} times={times} />
      <NotesField form={form} templates={settings.notesTemplates} onInsert={(t) => insertTemplate(form, t)} />
      <CallTimeFields form={form} times={times} ids={IDS} apiTimeZone={settings.timeZone} />
      <CallDetailsFields form={form} onNewSessionId={() => newSessionId(form)} loggedAlready={loggedAlready?.message ?? null} />

      {formError && (
        <p className="field-error" role="alert">
          Not logged: {formError}
        </p>
      )}
      {/* Focus is already on the first marked field, which says what is wrong; this is for the eye. */}
      {refused && !formError && Object.keys(form.formState.errors).length > 0 && <p className="field-error">Not logged: fix the marked field above, then Log call again.</p>}
      <div className="actions">
        {/* Never disabled while sending: a disabled button drops keyboard focus; `submitting` guards repeats. */}
        <button type="submit" className="button button-primary" aria-busy={form.formState.isSubmitting}>
          Log call
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> logs the call · <kbd>Esc</kbd> clears the form
        </span>
        {undo && (
          <span className="undo" role="status">
            Form cleared.{' '}
            <button type="button" className="button button-link" onClick={undoClear}>
              Undo
            </button>
          </span>
        )}
      </div>
    </form>
  );
}
