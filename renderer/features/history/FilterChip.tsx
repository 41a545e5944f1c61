// A filter the Dashboard set that none of History's inputs can show: a chip that
// says what narrows the list, removed with one click. Its button is named for
// what the click does; what the filter means is read out with it.
import { useId } from 'react';

interface Props {
  /** What the chip shows: "Logged on 2 Dec 2026". */
  label: string;
  /** The button's accessible name: what removing it does. */
  removeName: string;
  /** Read out with the button: what the filter keeps out and why. */
  description: string;
  onRemove(): void;
}

export function FilterChip({ label, removeName, description, onRemove }: Props) {
  const id = useId();
  return (
    <div className="history-filter-chip">
      <button type="button" className="filter-chip" aria-label={removeName} aria-describedby={id} onClick={onRemove}>
        {label}
        <span className="filter-chip-remove" aria-hidden="true">
          ✕
        </span>
      </button>
      <span id={id} className="visually-hidden">
        {description}
      </span>
    </div>
  );
}
