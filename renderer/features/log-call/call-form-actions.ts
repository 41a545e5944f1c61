// What a form built from CallFields does the same wherever it sits (Log call,
// Edit and resend): the keys it answers, where main's refusal lands, and the
// buttons inside its fields. One place, so the two forms cannot drift apart.
import type { KeyboardEvent } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { CallInput } from '../../../shared/call-log';
import { BridgeError } from '../../bridge';
import { isCallFormField, type CallFormValues } from './form-schema';

type Form = UseFormReturn<CallFormValues, unknown, CallInput>;

/** Ctrl/Cmd+Enter submits from anywhere in the form; Esc does the form's own leaving (clear, cancel). */
export function callFormKeyDown(onSubmit: () => void, onEscape: () => void) {
  return (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSubmit();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.altKey && e.target instanceof HTMLInputElement) {
      // Plain Enter in a field would submit a half-typed call; sending is a deliberate Ctrl+Enter.
      e.preventDefault();
    } else if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onEscape();
    }
  };
}

/**
 * Main's word wins: a refusal naming a field goes on that field (focused, so it is read out) and
 * everything typed stays. False when it names none, for the form to say it elsewhere.
 */
export function showOnField(form: Form, err: unknown): boolean {
  if (!(err instanceof BridgeError)) return false;
  // The edit channel checks its input as `call`, so main may name `call.leadNumber`.
  const field = err.field?.replace(/^call\./, '') ?? null;
  if (!isCallFormField(field)) return false;
  form.setError(field, { type: 'server', message: err.message }, { shouldFocus: true });
  return true;
}

export function insertTemplate(form: Form, template: string): void {
  const notes = form.getValues('notes').replace(/\s+$/, '');
  form.setValue('notes', notes === '' ? template : `${notes}\n${template}`, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
}

export function newSessionId(form: Form): void {
  form.setValue('callSessionId', crypto.randomUUID(), { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
}
