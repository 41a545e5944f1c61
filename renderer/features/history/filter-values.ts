// What History can be filtered by, as values: without the code that turns them into a
// query (filters.ts, which needs date-fns), so the menu and Log call can open History
// on some calls without adding it to the first load.
import type { EntryState } from '../../../shared/entry';

export type DirectionFilter = '' | 'Inbound' | 'Outbound';

/** The State filter's "Failed": Failure or Error, as the Dashboard counts failed calls. */
export const FAILED = 'failed';
/** The State filter's "Not final yet": every state short of LeadSquared's outcome, as the Dashboard's "Waiting now" counts calls. */
export const WAITING = 'waiting';

export interface HistoryFilters {
  search: string;
  /** '' = every state. */
  state: EntryState | typeof FAILED | typeof WAITING | '';
  /**
   * Agent name, case-insensitive; '' = every agent. This computer's history matches any part of
   * it (typed); the team's the whole name (picked from its agents).
   */
  agent: string;
  /** `agent` is a whole name (the Dashboard's failures by agent); typing in the Agent filter drops it. */
  agentWhole?: boolean;
  /** A failure's reason, matched whole (set from the Dashboard's failures by reason); '' = any. */
  reason: string;
  direction: DirectionFilter;
  /** Call start date range, as date inputs hold it (YYYY-MM-DD, this computer's days); '' = open. */
  fromDate: string;
  toDate: string;
  /**
   * The day calls were logged (YYYY-MM-DD, this computer's days; '' = any), set from the Dashboard's
   * day: its figures count calls by the day they were logged, which an import's calls started before.
   */
  loggedDay: string;
  /** Calls logged with the built-in sandbox left out, as the Dashboard's figures leave them (set from there). */
  testCallsLeftOut: boolean;
}

export const NO_FILTERS: HistoryFilters = {
  search: '',
  state: '',
  agent: '',
  reason: '',
  direction: '',
  fromDate: '',
  toDate: '',
  loggedDay: '',
  testCallsLeftOut: false,
};
