// What a supervisor checks to be sure a call was not lost: the exact payload
// sent, every state change with its time and note, and the counters.
import { Fragment, type ReactNode } from 'react';
import { PAYLOAD_FIELDS } from '../../../shared/call-log';
import { STATE_LABELS, type EntryDetail } from '../../../shared/entry';
import { formatAt, offsetAt } from './format';

/** A LeadSquared field's name may break between its words ("Destination|Number") where the term column is narrow. */
function termOf(name: string): ReactNode {
  const words = name.split(/(?=[A-Z][a-z])/);
  return words.map((w, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {w}
    </Fragment>
  ));
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="history-fact">
      <dt>{termOf(term)}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What both scopes know of a call; only this computer knows when it will next try or check. */
export type FactsOf = Pick<EntryDetail, 'state' | 'payload' | 'transitions' | 'attempts' | 'statusChecks' | 'source'> &
  Partial<Pick<EntryDetail, 'nextAttemptAt' | 'nextCheckAt'>>;

/** An app event's time on this computer's clock, which says so: the call's own times may be in another zone. */
function At({ ms }: { ms: number }) {
  return (
    <>
      <time dateTime={new Date(ms).toISOString()}>{formatAt(ms)}</time> <span className="history-zone">{offsetAt(ms)}</span>
    </>
  );
}

export function EntryFacts({ entry }: { entry: FactsOf }) {
  const p = entry.payload;
  const waitingToSend = entry.state === 'queued' || entry.state === 'retry_wait';
  const beingTracked = entry.state === 'accepted' || entry.state === 'in_queue';
  return (
    <>
      <h3>Sending</h3>
      <dl className="history-facts">
        <Fact term="Attempts">{entry.attempts}</Fact>
        <Fact term="Status checks">{entry.statusChecks}</Fact>
        {waitingToSend && entry.nextAttemptAt != null && <Fact term="Next attempt"><At ms={entry.nextAttemptAt} /></Fact>}
        {beingTracked && entry.nextCheckAt != null && <Fact term="Next status check"><At ms={entry.nextCheckAt} /></Fact>}
        <Fact term="Logged from">{entry.source === 'import' ? 'CSV import' : 'Log call form'}</Fact>
      </dl>

      <h3>{entry.attempts > 0 ? 'Payload sent' : 'Payload to send'}</h3>
      <dl className="history-facts">
        {PAYLOAD_FIELDS.map((k) => (
          <Fact key={k} term={k}>
            {p[k] === undefined || p[k] === '' ? <span className="history-muted">(empty)</span> : p[k]}
          </Fact>
        ))}
      </dl>

      <h3>State changes</h3>
      <ol className="history-timeline" aria-label="State changes">
        {entry.transitions.map((t, i) => (
          <li key={i}>
            <At ms={t.at} /> <strong>{STATE_LABELS[t.to]}</strong>
            {t.from && t.from !== t.to && <span className="history-muted"> (was {STATE_LABELS[t.from]})</span>}
            {t.note && <div className="history-note">{t.note}</div>}
          </li>
        ))}
      </ol>
    </>
  );
}
