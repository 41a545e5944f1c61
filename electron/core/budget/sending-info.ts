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

export function sendingInfo(state: BudgetState | null): SendingInfo {
  if (!state) return { budget: 'local', slowed: false, message: null, waiting: 0 };
  const message = state.slowed
    ? SLOWED[state.source]
    : state.source === 'team-unreachable'
      ? 'The team database cannot be reached: this computer paces itself on its own until it is back. Your calls are saved and sent.'
      : null;
  return { budget: state.source, slowed: state.slowed, message, waiting: state.waiting };
}
