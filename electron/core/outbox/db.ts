// Opens the outbox database: WAL so the UI can read while the sender writes,
// synchronous=FULL so a call is on disk before logCall returns.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createPrivateFile } from '../private-dir';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface SqliteOptions {
  /**
   * A better-sqlite3 addon built for this runtime's ABI; undefined = the one in
   * node_modules. The host decides (an unpackaged Electron run needs its own build).
   */
  nativeBinding?: string | undefined;
}

/** better-sqlite3's `nativeBinding` option, only when the host named an addon. */
export function bindingOption(opts: SqliteOptions): Database.Options {
  return opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
}

export function openDb(file: string, opts: SqliteOptions = {}): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // SQLite creates the -wal and -shm files with the database file's mode.
    createPrivateFile(file);
  }
  const db = new Database(file, bindingOption(opts));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').all().map((r) => (r as { version: number }).version),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    })();
  }
}
