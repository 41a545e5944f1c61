// Test calls (the built-in sandbox's) left out, as the Dashboard's figures leave them,
// so a list opened from "Failed 3" holds 3 calls. Removable: a trainer's test calls
// are still there to see, marked Test.
import { FilterChip } from './FilterChip';

export function TestCallsFilter({ onRemove }: { onRemove(): void }) {
  return (
    <FilterChip
      label="Test calls left out"
      removeName="Show test calls too"
      description="Calls logged with the built-in sandbox are not listed, as the Dashboard does not count them."
      onRemove={onRemove}
    />
  );
}
