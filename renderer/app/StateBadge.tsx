import { STATE_LABELS, type EntryState } from '../../shared/entry';

/** An entry's state in words (never colour alone). */
export function StateBadge({ state }: { state: EntryState }) {
  return <span className={`state state-${state}`}>{STATE_LABELS[state]}</span>;
}
