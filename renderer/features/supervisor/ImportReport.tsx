// What an import did: rows read, queued, already logged (never sent twice) and
// rejects with their line and reason, which can be saved as a CSV, fixed and
// imported again. Long lists are cut on screen; the saved file has them all.
// The details fold away (folded from the start when nothing went wrong), so the
// summary leaves History's list on screen; the progress and Cancel always show.
import { useEffect, useId, useState } from 'react';
import { STATE_LABELS } from '../../../shared/entry';
import { IMPORT_INPUT_ID } from './ImportButton';
import { ImportProgress } from './ImportProgress';
import { importStore, useImportState, type ImportResult } from './import-store';
import { rejectsFileName, saveCsv } from './download';

/** Rows drawn per list: enough to see the pattern of a mistake, few enough for a 10,000-row file. */
const SHOWN = 100;
const number = new Intl.NumberFormat();

function summary(r: ImportResult): string {
  return (
    `${number.format(r.rows)} rows read: ${number.format(r.queued)} queued to send, ` +
    `${number.format(r.duplicates.length)} already logged, ${number.format(r.rejects.length)} rejected.`
  );
}

export function ImportReport() {
  const headingId = useId();
  const state = useImportState();
  // A reloaded window: main may still be sending an import started before.
  useEffect(() => void importStore.restore(), []);
  if (!state) return null;
  return (
    <section className="panel import-report" aria-labelledby={headingId} aria-busy={state.status === 'checking'}>
      <div className="import-head">
        <h2 id={headingId}>Import of {state.fileName}</h2>
        {state.status !== 'checking' && (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              importStore.clear();
              // The button goes with the summary; without this the keyboard would be left on the page's body.
              document.getElementById(IMPORT_INPUT_ID)?.focus();
            }}
          >
            Close import summary
          </button>
        )}
      </div>
      {/* One live region for the whole import: "checking", then the result or the error. */}
      <p role="status" className={state.status === 'error' ? 'field-error import-status' : 'import-status'}>
        {state.status === 'checking' && (
          <>
            <span className="spinner" aria-hidden="true" /> Reading and checking the file… Large files take a few seconds; you can keep working.
          </>
        )}
        {state.status === 'error' && `Nothing was imported. ${state.message}`}
        {state.status === 'done' && summary(state.result)}
      </p>
      {state.status === 'done' && <ImportDetails key={state.result.batchId} fileName={state.fileName} result={state.result} />}
    </section>
  );
}

/** Something the supervisor must act on: rows to fix, or calls that failed on the desktop that logged them. */
function needsReading(r: ImportResult): boolean {
  return r.rejects.length > 0 || r.duplicates.some((d) => d.elsewhereState === 'failure' || d.elsewhereState === 'error');
}

function ImportDetails({ fileName, result }: { fileName: string; result: ImportResult }) {
  const detailsId = useId();
  const [open, setOpen] = useState(() => needsReading(result));
  const hasLists = result.duplicates.length > 0 || result.rejects.length > 0;
  return (
    <>
      {result.queued > 0 && <ImportProgress batchId={result.batchId} />}
      <button type="button" className="button button-small import-toggle" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
        {open ? 'Hide import details' : hasLists ? 'Show import details (counts and lists)' : 'Show import details'}
      </button>
      <div id={detailsId} hidden={!open}>
        <dl className="import-counts">
          <Count term="Rows read" value={result.rows} />
          <Count term="Queued to send" value={result.queued} />
          <Count term="Already logged" value={result.duplicates.length} />
          <Count term="Rejected" value={result.rejects.length} tone={result.rejects.length > 0 ? 'bad' : undefined} />
        </dl>
        {result.duplicates.length > 0 && <Duplicates result={result} />}
        {result.rejects.length > 0 && <Rejects fileName={fileName} result={result} />}
      </div>
    </>
  );
}

function Count({ term, value, tone }: { term: string; value: number; tone?: 'bad' }) {
  return (
    <div className={tone ? `import-count import-count-${tone}` : 'import-count'}>
      <dt>{term}</dt>
      <dd>{number.format(value)}</dd>
    </div>
  );
}

function More({ total, what }: { total: number; what: string }) {
  if (total <= SHOWN) return null;
  return (
    <p className="hint">
      Showing the first {SHOWN} of {number.format(total)} {what}.
    </p>
  );
}

function Duplicates({ result }: { result: ImportResult }) {
  const headingId = useId();
  return (
    <>
      <h3 id={headingId}>Already logged — not sent twice</h3>
      <p className="hint import-hint">
        Their call session ID was logged before{result.teamCheck === 'checked' ? ', here or on another desktop of the team,' : ''} or came earlier in this file.
      </p>
      <div className="import-table-scroll" role="region" aria-labelledby={headingId} tabIndex={0}>
        <table className="import-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Call session ID</th>
              <th scope="col">Logged</th>
            </tr>
          </thead>
          <tbody>
            {result.duplicates.slice(0, SHOWN).map((d) => (
              <tr key={d.line}>
                <td className="import-line">{d.line}</td>
                <td className="history-mono">{d.callSessionId}</td>
                <td>{loggedWhere(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More total={result.duplicates.length} what="calls already logged" />
    </>
  );
}

/**
 * Where the call was logged. One that failed on another desktop is not in LeadSquared: it is still not
 * sent from here (its desktop resends it, and both would arrive), but the supervisor must not take it for delivered.
 */
function loggedWhere(d: ImportResult['duplicates'][number]): string {
  if (d.where === 'file') return 'Earlier in this file';
  if (d.where === 'here') return 'On this computer';
  const failed = d.elsewhereState === 'failure' || d.elsewhereState === 'error';
  return failed ? `On ${d.elsewhere} — ${STATE_LABELS[d.elsewhereState!]} there: edit and resend it on ${d.elsewhere}` : `On ${d.elsewhere}`;
}

function Rejects({ fileName, result }: { fileName: string; result: ImportResult }) {
  const headingId = useId();
  return (
    <>
      <div className="import-subhead">
        <h3 id={headingId}>Rejected rows (not imported)</h3>
        <button type="button" className="button button-small" onClick={() => saveCsv(rejectsFileName(fileName), result.rejectsCsv)}>
          Save rejects as CSV
        </button>
      </div>
      <div className="import-table-scroll" role="region" aria-labelledby={headingId} tabIndex={0}>
        <table className="import-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {result.rejects.slice(0, SHOWN).map((r) => (
              <tr key={r.line}>
                <td className="import-line">{r.line}</td>
                <td>{r.field ?? '—'}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More total={result.rejects.length} what="rejected rows; the saved CSV has them all, with their reasons" />
    </>
  );
}
