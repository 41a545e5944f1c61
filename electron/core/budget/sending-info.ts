// What the agent is told about the pace of sending, in words.
import type { BudgetSource, BudgetState } from './types';

export interface SendingInfo {
  budget: BudgetSource;
  slowed: boolean;
  message: string | null;
  waiting: number;
}

const SLOWED: Record<BudgetSource, string> = {
  local: 'Sending is slowed: other computers are using the same LeadSquared key right now. Your calls are saved and go out in turn.',
  team: 'Sending is slowed: the team is using the whole LeadSquared limit right now. Your calls are saved and go out in turn, calls just logged first.',
  'team-unreachable':
    'Sending is slowed, and the team database cannot be reached: this computer paces itself on its own until it is back. Your calls are saved.',
};

/**
 * `unsent`: calls of this connection still in the outbox. Slowed is said only
 * while something waits (in the budget, or a refused call waiting out its
 * Retry-After in the outbox): a busy key with nothing of ours waiting slows nothing.
 */
export function sendingInfo(state: BudgetState | null, unsent: number): SendingInfo {
  if (!state) return { budget: 'local', slowed: false, message: null, waiting: 0 };
  const slowed = state.slowed && (state.waiting > 0 || unsent > 0);
  const message = slowed
    ? SLOWED[state.source]
    : state.source === 'team-unreachable'
      ? 'The team database cannot be reached: this computer paces itself on its own until it is back. Your calls are saved and sent.'
      : null;
  return { budget: state.source, slowed, message, waiting: state.waiting };
}
