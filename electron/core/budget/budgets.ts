// One budget per key, created on first use. The engine asks for a key's budget
// by the key's fingerprint and never learns which kind it got.
import type { Outcome } from '../leadsquared/client';
import { LocalBudget, type LocalBudgetOptions } from './local-budget';
import type { KeyBudget, Permit } from './types';

export interface BudgetProvider {
  for(keyId: string): KeyBudget;
}

export class LocalBudgets implements BudgetProvider {
  private readonly budgets = new Map<string, LocalBudget>();
  constructor(private readonly opts: LocalBudgetOptions = {}) {}

  for(keyId: string): LocalBudget {
    let b = this.budgets.get(keyId);
    if (!b) {
      b = new LocalBudget(this.opts);
      this.budgets.set(keyId, b);
    }
    return b;
  }
}

/** Tells the budget how LeadSquared answered: a 429 is news about the others on the key. */
export function settle(permit: Permit, out: Outcome<object>): void {
  if (out.kind === 'retry' && out.rateLimited) permit.rateLimited(out.retryAfterMs);
  else permit.done();
}
