// What the Log call page remembers while the app runs, so a trip to Settings
// (say, to fix the key) loses neither a half-typed call nor the status line of
// the call just logged. Memory only: call details are not written to storage.
import type { CallInput, Direction } from '../../../shared/call-log';
import type { Settings } from '../../../shared/settings';
import { CALL_FORM_FIELDS, freshValues, type CallFormValues } from './form-schema';

export interface LastLogged {
  id: number;
  leadNumber: string;
  direction: Direction;
}

export interface Draft {
  values: CallFormValues;
  /** Fields the agent changed from the fresh form's defaults. */
  changed: (keyof CallFormValues)[];
  followsClock: boolean;
}

type AgentDefaults = Pick<Settings, 'agentName' | 'agentNumber'>;

export const sessionMemory: {
  lastLogged: LastLogged | null;
  draft: Draft | null;
  /** The direction of the last call logged: agents work in runs of one kind. */
  direction: Direction;
  /** The agent's own name and number as typed on the last call logged. */
  agent: AgentDefaults;
} = { lastLogged: null, draft: null, direction: 'Outbound', agent: { agentName: '', agentNumber: '' } };

/** After a call is logged: the next call is this agent's too. */
export function rememberLogged(input: Pick<CallInput, 'direction' | 'agentName' | 'agentNumber'>): void {
  sessionMemory.direction = input.direction;
  sessionMemory.agent = { agentName: input.agentName ?? '', agentNumber: input.agentNumber };
}

/**
 * A fresh form for the next call. Where Settings has no agent default, the one typed on the
 * last call fills in, so an agent who never opened Settings types their number once while the
 * app runs, not on every call; a default in Settings always wins (a one-off number is not carried over it).
 */
export function nextCallValues(settings: Settings, direction: Direction = sessionMemory.direction): CallFormValues {
  const typed = sessionMemory.agent;
  return freshValues(
    { ...settings, agentName: settings.agentName || typed.agentName, agentNumber: settings.agentNumber || typed.agentNumber },
    direction,
  );
}

/** Fields that differ from the fresh form; while the end follows the clock, its times are not "typed". */
export function changedFields(values: CallFormValues, fresh: CallFormValues, followsClock: boolean): (keyof CallFormValues)[] {
  return CALL_FORM_FIELDS.filter((k) => values[k] !== fresh[k] && !(followsClock && (k === 'startTime' || k === 'endTime')));
}

/** Puts the half-typed call away when the page closes; nothing to keep when nothing was typed. */
export function keepDraft(values: CallFormValues, fresh: CallFormValues, followsClock: boolean): void {
  const changed = changedFields(values, fresh, followsClock);
  sessionMemory.draft = changed.length > 0 || !followsClock ? { values, changed, followsClock } : null;
}

/**
 * The form to show: today's Settings defaults with whatever the agent had typed
 * laid over them (so a fix in Settings, e.g. the agent name, shows up unless it
 * was typed here), and the draft's session ID so the call keeps its identity.
 */
export function restoreDraft(settings: Settings): { values: CallFormValues; fresh: CallFormValues; followsClock: boolean } {
  const fresh = nextCallValues(settings);
  // Read, not taken: this runs in a state initializer, which must stay pure;
  // the next unmount overwrites the draft anyway.
  const d = sessionMemory.draft;
  if (!d) return { values: fresh, fresh, followsClock: true };
  const values = { ...fresh, callSessionId: d.values.callSessionId };
  for (const k of d.changed) values[k] = d.values[k] as never;
  if (!d.followsClock) Object.assign(values, { startTime: d.values.startTime, endTime: d.values.endTime, durationSeconds: d.values.durationSeconds });
  return { values, fresh: { ...fresh, callSessionId: values.callSessionId }, followsClock: d.followsClock };
}
