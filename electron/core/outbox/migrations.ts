// Schema changes, in order. Each runs once, inside a transaction, and is
// recorded in schema_migrations; never edit a released migration, add one.

/**
 * What History's search reads (migration 8): the number as stored and as digits, notes,
 * RequestID, session ID, and why a call failed, in LeadSquared's words (StatusReason) and in
 * this app's (its last error: a refusal, a key rejected). Part of migration 8: searching another
 * column is a new migration.
 */
export const SEARCHED_COLUMNS = ['lead_number', 'lead_digits', 'notes', 'request_id', 'call_session_id', 'status_reason', 'last_error'] as const;

/** The index's own statements for a row: `rowid, columns` of `row` (new or old). */
function ftsRow(row: 'new' | 'old'): { names: string; values: string } {
  return { names: ['rowid', ...SEARCHED_COLUMNS].join(', '), values: [`${row}.id`, ...SEARCHED_COLUMNS.map((c) => `${row}.${c}`)].join(', ') };
}
const FTS_NEW = ftsRow('new');
const FTS_OLD = ftsRow('old');
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'entries and transitions',
    sql: `
      CREATE TABLE entries (
        id               INTEGER PRIMARY KEY,
        call_session_id  TEXT NOT NULL UNIQUE,
        state            TEXT NOT NULL,
        payload          TEXT NOT NULL,
        input            TEXT,
        source           TEXT NOT NULL DEFAULT 'form',
        lead_number      TEXT NOT NULL,
        direction        TEXT NOT NULL,
        start_time       TEXT NOT NULL,
        start_at         INTEGER NOT NULL,
        lead_digits      TEXT NOT NULL,
        agent_name       TEXT NOT NULL DEFAULT '',
        notes            TEXT NOT NULL DEFAULT '',
        request_id       TEXT,
        status_reason    TEXT,
        last_error       TEXT,
        attempts         INTEGER NOT NULL DEFAULT 0,
        status_checks    INTEGER NOT NULL DEFAULT 0,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        next_attempt_at  INTEGER,
        next_check_at    INTEGER,
        accepted_at      INTEGER,
        final_at         INTEGER,
        batch_id         TEXT
      );
      CREATE INDEX entries_by_state_due   ON entries(state, next_attempt_at);
      CREATE INDEX entries_by_state_check ON entries(state, next_check_at);
      CREATE INDEX entries_by_created     ON entries(created_at DESC, id DESC);
      CREATE INDEX entries_by_request     ON entries(request_id);
      CREATE INDEX entries_by_batch       ON entries(batch_id);
      CREATE INDEX entries_by_start       ON entries(start_at);
      CREATE TABLE transitions (
        id          INTEGER PRIMARY KEY,
        entry_id    INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        at          INTEGER NOT NULL,
        from_state  TEXT,
        to_state    TEXT NOT NULL,
        note        TEXT
      );
      CREATE INDEX transitions_by_entry ON transitions(entry_id, id);
    `,
  },
  {
    version: 2,
    name: 'substring search index',
    // Search is "contains" over numbers, notes, RequestID and session ID. A LIKE
    // scan costs ~100 ms at 100,000 calls; a trigram index answers in a few ms.
    sql: `
      CREATE VIRTUAL TABLE entries_fts USING fts5(
        lead_number, lead_digits, notes, request_id, call_session_id,
        content = 'entries', content_rowid = 'id', tokenize = 'trigram');
      CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (rowid, lead_number, lead_digits, notes, request_id, call_session_id)
        VALUES (new.id, new.lead_number, new.lead_digits, new.notes, new.request_id, new.call_session_id);
      END;
      CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, lead_number, lead_digits, notes, request_id, call_session_id)
        VALUES ('delete', old.id, old.lead_number, old.lead_digits, old.notes, old.request_id, old.call_session_id);
      END;
      CREATE TRIGGER entries_fts_update AFTER UPDATE OF lead_number, lead_digits, notes, request_id, call_session_id ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, lead_number, lead_digits, notes, request_id, call_session_id)
        VALUES ('delete', old.id, old.lead_number, old.lead_digits, old.notes, old.request_id, old.call_session_id);
        INSERT INTO entries_fts (rowid, lead_number, lead_digits, notes, request_id, call_session_id)
        VALUES (new.id, new.lead_number, new.lead_digits, new.notes, new.request_id, new.call_session_id);
      END;
      INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 3,
    name: 'urgent calls',
    // A call an agent just logged (or asked to resend) goes before bulk work
    // (import rows, catch-up): until this time it is sent at the agent's priority.
    sql: `
      ALTER TABLE entries ADD COLUMN urgent_until INTEGER;
      CREATE INDEX entries_by_urgent ON entries(urgent_until) WHERE urgent_until IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'this desktop',
    // Facts about this installation, such as the random id it is known by in the team database.
    sql: `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    version: 5,
    name: 'team replication marks',
    // Each call's revision, and whether the team database has that revision yet.
    // A trigger keeps both, so no code path can change a call and forget to copy it;
    // calls saved before this (or before a team database was set) are copied too.
    sql: `
      ALTER TABLE entries ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE entries ADD COLUMN team_synced INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX entries_team_unsynced ON entries(id) WHERE team_synced = 0;
      CREATE TRIGGER entries_team_dirty AFTER UPDATE OF state, call_session_id, payload, lead_number, direction, start_time,
        agent_name, notes, request_id, status_reason, last_error, attempts, status_checks, accepted_at, final_at ON entries
      BEGIN
        UPDATE entries SET rev = rev + 1, team_synced = 0 WHERE id = NEW.id;
      END;
    `,
  },
  {
    version: 6,
    name: 'target of each call',
    // Where each call goes, fixed when it is saved: 'sandbox' or 'leadsquared' (the account).
    // Only calls of the current mode are sent or checked, so switching "Use sandbox" never
    // sends a customer's call to the simulator, a test call to the CRM, or a RequestID to
    // the other mode's Status API. Calls saved before this get NULL here; the service gives
    // them the mode it opens in (Entries.claimUntargeted), which is where they were going
    // to go anyway (calls went with whatever mode was current), and from then on they keep it.
    // The due and check indexes gain the target so the other mode's waiting calls are never scanned.
    sql: `
      ALTER TABLE entries ADD COLUMN target TEXT CHECK (target IN ('sandbox', 'leadsquared'));
      CREATE INDEX entries_untargeted ON entries(id) WHERE target IS NULL;
      DROP INDEX entries_by_state_due;
      DROP INDEX entries_by_state_check;
      CREATE INDEX entries_by_state_due   ON entries(state, target, next_attempt_at);
      CREATE INDEX entries_by_state_check ON entries(state, target, next_check_at);
    `,
  },
  {
    version: 7,
    name: 'failed calls by day',
    // The Dashboard's failures by reason read the day's failed calls, refreshed with every change
    // of a call. By state alone SQLite scanned every failed call of every day (~3,700 of 100,000
    // calls, 2.6 ms); by state and the day they were logged, only the day's (0.02 ms).
    sql: `CREATE INDEX entries_by_state_created ON entries(state, created_at);`,
  },
  {
    version: 8,
    name: 'search reads failure reasons',
    // "MXUser" should find the calls LeadSquared failed with MXUserNotFound: the index gains the
    // StatusReason and the app's last error. An external-content FTS5 table cannot gain a column,
    // so it is made again and built from every call saved so far; the triggers follow it, and
    // fire on a new reason too.
    sql: `
      DROP TRIGGER entries_fts_insert;
      DROP TRIGGER entries_fts_delete;
      DROP TRIGGER entries_fts_update;
      DROP TABLE entries_fts;
      CREATE VIRTUAL TABLE entries_fts USING fts5(
        ${SEARCHED_COLUMNS.join(', ')},
        content = 'entries', content_rowid = 'id', tokenize = 'trigram');
      CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (${FTS_NEW.names}) VALUES (${FTS_NEW.values});
      END;
      CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, ${FTS_OLD.names}) VALUES ('delete', ${FTS_OLD.values});
      END;
      CREATE TRIGGER entries_fts_update AFTER UPDATE OF ${SEARCHED_COLUMNS.join(', ')} ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, ${FTS_OLD.names}) VALUES ('delete', ${FTS_OLD.values});
        INSERT INTO entries_fts (${FTS_NEW.names}) VALUES (${FTS_NEW.values});
      END;
      INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');
    `,
  },
];
