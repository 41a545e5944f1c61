// "Import CSV": a real file input (so keyboard, screen readers and tests use it
// as one), hidden behind a label that looks like the other buttons.
import { useId, type ChangeEvent } from 'react';
import { PAYLOAD_FIELDS } from '../../../shared/call-log';
import { importStore, useImportState } from './import-store';

/** By id: closing an import's summary puts the keyboard back here, where the next import starts. */
export const IMPORT_INPUT_ID = 'import-csv-input';

export function ImportButton() {
  const hintId = useId();
  const busy = useImportState()?.status === 'checking';

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Cleared at once, so choosing the same file again (after fixing it) is a change too.
    e.target.value = '';
    if (file) void importStore.start(file);
  };

  return (
    <>
      <label className="button file-button" data-disabled={busy || undefined}>
        Import CSV
        <input
          id={IMPORT_INPUT_ID}
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          aria-label="Import call logs (CSV)"
          aria-describedby={hintId}
          // Not disabled while main checks a file (that drops keyboard focus on the page's body):
          // the chooser just does not open until it is done.
          aria-disabled={busy}
          onClick={(e) => busy && e.preventDefault()}
          onChange={onChange}
        />
      </label>
      <span id={hintId} className="visually-hidden">
        A header row with the API field names ({PAYLOAD_FIELDS.join(', ')}); times written YYYY-MM-DD HH:MM:SS in UTC.
      </span>
    </>
  );
}
