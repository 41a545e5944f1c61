// The optional team database, set apart from the settings form: like the API
// key it is write-only (the connection string carries a password, so the input
// is uncontrolled and emptied once main has it; a string main refuses stays in
// the field to correct, with the reason as the field's error), and saving it
// connects, which is its own step with its own result. What the page shows back is main's host
// and database name and whether it is connected.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { controlA11y, FieldError } from '../log-call/field';
import { sentence } from '../../../shared/sentence';

const ID = 's-team-db';

export function TeamDatabaseSection() {
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState(false);
  const info = useQuery({
    queryKey: keys.teamDatabase,
    queryFn: () => call('getTeamDatabase'),
    // While connecting or away, look again now and then: it reconnects by itself. While connected too,
    // less often, so a database that goes away or stops serving this desktop is said here, not "Connected".
    refetchInterval: (q) => (!q.state.data || q.state.data.state === 'off' ? false : q.state.data.state === 'connected' ? 5000 : 3000),
  });

  const run = async (step: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      qc.setQueryData(keys.teamDatabase, await step());
      void qc.invalidateQueries({ queryKey: keys.connection });
    } catch (err) {
      setError((err as Error).message);
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      const url = input.current?.value ?? '';
      const next = await call('setTeamDatabase', { url });
      if (input.current) input.current.value = '';
      setShown(false);
      return next;
    });

  // Test calls go to the built-in sandbox, never through the floor's LeadSquared budget: say so rather than promise it.
  const mode = useQuery({ queryKey: keys.connection, queryFn: () => call('getConnectionInfo') }).data?.mode;
  const s = info.data;
  const locked = s?.lockedBy ?? null;
  return (
    <section className="panel settings-section" aria-labelledby="settings-team">
      <h2 id="settings-team">Team</h2>
      <div className="field">
        <label htmlFor={ID}>Team database</label>
        <div className="team-db-row">
          <input
            {...controlA11y(ID, error, true)}
            ref={input}
            name="teamDatabase"
            // Hidden by default (it carries a password); shown on request, to find a typo in a refused one.
            type={shown ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            readOnly={locked !== null}
            aria-readonly={locked !== null}
            title={locked ? `Locked: set by ${locked}` : undefined}
            placeholder={
              locked ? `Set by ${locked}` : s?.configured ? 'Paste a new connection string to replace it' : 'postgres://user:password@db.example.com:5432/calllog'
            }
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !locked) {
                e.preventDefault();
                void save();
              }
            }}
          />
          {!locked && (
            <button type="button" className="button" aria-pressed={shown} aria-controls={ID} onClick={() => setShown((v) => !v)}>
              Show
            </button>
          )}
          {!locked && (
            <button type="button" className="button" aria-busy={busy} onClick={() => void save()}>
              Connect
            </button>
          )}
          {s?.configured && !locked && (
            <button type="button" className="button" onClick={() => void run(() => call('clearTeamDatabase'))}>
              Clear
            </button>
          )}
        </div>
        <FieldError id={ID} error={error} />
        <div id={`${ID}-hint`} className="hint">
          <p className="team-db-status" role="status" aria-label="Team database status">
            {info.isError && `The team database’s state could not be read: ${info.error.message}`}
            {s?.state === 'off' && 'None: this computer paces itself on its own.'}
            {s?.state === 'connecting' && `Connecting to ${s.display}…`}
            {s?.state === 'connected' &&
              (mode === 'sandbox'
                ? `Connected to ${s.display}. “Use sandbox” is on, so this computer’s calls are test calls, outside the floor’s LeadSquared budget until it is off.`
                : `Connected to ${s.display}: every desktop on this key shares one LeadSquared budget.`)}
            {s?.state === 'connected' && s.readsTeam === false && ' This login reads only its own calls there; a supervisor’s login reads the team’s.'}
            {s?.state === 'unreachable' && `${sentence(s.message ?? 'The team database cannot be reached')} Calls are saved and sent meanwhile; this computer paces itself.`}
          </p>
          {s?.configured && <p data-testid="this-desktop">This computer shows in the team as “{s.thisDesktop.name}”.</p>}
          {locked && <p>Set for every desktop by {locked}: it cannot be changed here.</p>}
          {/* Agents have no copy of the repository (packaged builds ship no docs): say who has the string and the guide. */}
          Optional. A PostgreSQL database the whole floor shares, so every desktop using the same API key keeps to one
          limit. Stored encrypted on this computer and shown back only as host and database name; TLS is required unless
          the database is on this computer. Ask your IT team for the connection string: they set the database up with the
          team database guide (team.md) in the app’s documentation.
        </div>
      </div>
    </section>
  );
}
