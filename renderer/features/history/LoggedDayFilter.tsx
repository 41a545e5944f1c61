// The Dashboard's day, carried to History with its failed calls: the calls logged that
// day, as the Dashboard counted them. Not one of the inputs (From and To are the day a
// call started, which an imported call did days before it was logged).
import { dayName } from '../../app/days';
import { FilterChip } from './FilterChip';

export function LoggedDayFilter({ day, onRemove }: { day: string; onRemove(): void }) {
  const name = dayName(day);
  return (
    <FilterChip
      label={`Logged on ${name}`}
      removeName={`Remove filter: logged on ${name}`}
      description="Calls logged on this day, on this computer’s clock, as the Dashboard counts them."
      onRemove={onRemove}
    />
  );
}
