// The random id this installation is known by in the team database (which
// desktop holds a budget slot, which logged a call). Kept with the outbox, so
// it moves with the calls.
import { randomUUID } from 'node:crypto';
import type { Db } from './db';

export function desktopId(db: Db): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'desktop_id'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const id = randomUUID();
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('desktop_id', ?)`).run(id);
  return (db.prepare(`SELECT value FROM meta WHERE key = 'desktop_id'`).get() as { value: string }).value;
}
