// The Dashboard's day, carried to History with its failed calls: the calls logged that
// day, as the Dashboard counted them. Not one of the inputs (From and To are the day a
// call started, which an imported call did days before it was logged): a chip that
// says what narrows the list, removed with one click.
import { useId } from 'react';
import { dayName } from '../../app/days';

export function LoggedDayFilter({ day, onRemove }: { day: string; onRemove(): void }) {
  const id = useId();
  const name = dayName(day);
  return (
    <div className="history-filter-logged">
      <button type="button" className="filter-chip" aria-label={`Remove filter: logged on ${name}`} aria-describedby={id} onClick={onRemove}>
        Logged on {name}
        <span className="filter-chip-remove" aria-hidden="true">
          ✕
        </span>
      </button>
      <span id={id} className="visually-hidden">
        Calls logged on this day, on this computer’s clock, as the Dashboard counts them.
      </span>
    </div>
  );
}
