// Whether the call session ID in the form is already logged, on this computer or
// on a colleague's desktop (team database), asked as the agent types or pastes
// it: a transferred call logged by both agents would reach LeadSquared twice.
// Saving never waits for the answer; Log call refuses only on what is known.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useWatch, type Control } from 'react-hook-form';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { callSessionId as sessionIdSchema, type CallInput } from '../../../shared/call-log';
import { STATE_LABELS } from '../../../shared/entry';
import type { ChannelOutput } from '../../../shared/ipc';
import type { CallFormValues } from './form-schema';

/** Typing pauses this long before the question is asked. */
const ASK_AFTER_MS = 300;
const ANOTHER_CALL = 'If this is another call, use New ID.';

export function whereLoggedMessage(id: string, w: ChannelOutput<'whereLogged'>): string | null {
  // Worded as main words it when Log call is pressed first.
  if (w.here) return `A call with session ID ${id} is already logged on this computer: it is in History. ${ANOTHER_CALL}`;
  if (!w.elsewhere) return null;
  const { desktop, state } = w.elsewhere;
  if (state === 'failure' || state === 'error') {
    // What to do, in the words the import summary and the team's call details use ("it is corrected
    // and resent from there" read as if someone were already doing it).
    return `Already logged on ${desktop}, where LeadSquared refused it (${STATE_LABELS[state]}): edit and resend it on ${desktop}, not here. ${ANOTHER_CALL}`;
  }
  return `Already logged on ${desktop} (${STATE_LABELS[state]} there): logging it here too would send the call to LeadSquared twice. ${ANOTHER_CALL}`;
}

/**
 * What is known of the session ID being typed: `id` it was asked for and the
 * message to show, null while nothing is known against it. `generated`: the ID
 * the form made up itself, which nobody can have logged, so it is not asked.
 */
export function useWhereLogged(control: Control<CallFormValues, unknown, CallInput>, generated: string): { id: string; message: string } | null {
  const typed = useWatch({ control, name: 'callSessionId' });
  const [asked, setAsked] = useState<string | null>(null);
  useEffect(() => {
    const parsed = sessionIdSchema.safeParse(typed);
    const id = parsed.success && parsed.data !== generated ? parsed.data : null;
    // Nothing to ask (the form's own ID after a call is logged) is known at once, so the same ID
    // typed again for the next call is asked again (below), however quickly it is typed.
    if (id === null) {
      setAsked(null);
      return;
    }
    const t = setTimeout(() => setAsked(id), ASK_AFTER_MS);
    return () => clearTimeout(t);
  }, [typed, generated]);
  const where = useQuery({
    queryKey: keys.whereLogged(asked ?? ''),
    queryFn: () => call('whereLogged', { callSessionId: asked! }),
    enabled: asked !== null,
    // Asked again each time the ID is typed again: an earlier "not logged" is out of date once the
    // agent has logged that call (the app's default keeps an answer for ever).
    staleTime: 0,
  });
  const message = where.data && asked !== null ? whereLoggedMessage(asked, where.data) : null;
  return asked !== null && message !== null && asked === (typed ?? '').trim() ? { id: asked, message } : null;
}
