// The functions that make rows for a key, against a desktop's own login
// (schema step 17): any text used to do as a key, of any length, so a login
// could fill the budget's and the metrics' tables with keys no desktop has.
// Only a key's fingerprint as the app computes it is taken now.
import { describe, expect, it } from 'vitest';
import { freshTeamDatabase, runSql, teamLogins } from '../../../test/support/team';
import { ApiKey } from '../leadsquared/api-key';
import { dbaSchemaSql } from './dba-sql';

/** The fingerprint of a key, exactly as every desktop computes it. */
const REAL = new ApiKey('u$r-fingerprint-test-key-0123456789').id;
const FIGURES = JSON.stringify({ pendingMessages: 3, maxDelaySeconds: 20, processingRatePerMinute: 600 });

/** Each function that makes rows keyed by p_key, called as a desktop's login would. */
const CALLS: [string, (login: string, key: string | null) => Promise<unknown>][] = [
  ['take_slot', (login, key) => runSql(login, `SELECT * FROM calllog.take_slot($1, 'desk-asha-1', 0, '{1,0,0}', 25, 5000, 1000, 0)`, [key])],
  ['hold_slots', (login, key) => runSql(login, `SELECT calllog.hold_slots($1, 'desk-asha-1', '{4000,4000}')`, [key])],
  ['latest_metrics', (login, key) => runSql(login, 'SELECT * FROM calllog.latest_metrics($1, 60000)', [key])],
  ['save_metrics', (login, key) => runSql(login, 'SELECT calllog.save_metrics($1, $2)', [key, FIGURES])],
];

const BAD: [string, string | null][] = [
  ['any text', 'fp-test'],
  ['10,000 characters', 'a'.repeat(10_000)],
  ['upper case', REAL.toUpperCase()],
  ['one character short', REAL.slice(1)],
  ['one character long', `${REAL}0`],
  ['a trailing newline', `${REAL}\n`],
  ['a whole SHA-256', 'ab'.repeat(32)],
  ['none', null],
];

async function floor() {
  const db = await freshTeamDatabase();
  await db.sql(dbaSchemaSql());
  const { asha } = await teamLogins(db, ['asha'] as const);
  return { db, asha };
}

const keysKept = async (db: Awaited<ReturnType<typeof floor>>['db']) =>
  (await db.sql(`SELECT DISTINCT key_fp FROM (SELECT key_fp FROM calllog.budget_keys UNION ALL SELECT key_fp FROM calllog.budget_slots
      UNION ALL SELECT key_fp FROM calllog.budget_demand UNION ALL SELECT key_fp FROM calllog.queue_metrics) k ORDER BY 1`)).rows.map((r) => r.key_fp as string);

describe('a key’s fingerprint, from a desktop’s login', () => {
  it.each(CALLS)('%s refuses anything but a fingerprint, and keeps no row for it', async (fn, call) => {
    const { db, asha } = await floor();
    for (const [what, key] of BAD) {
      await expect(call(asha, key), what).rejects.toMatchObject({
        code: '22023',
        message: `${fn}: p_key must be a key fingerprint, 16 lowercase hex characters (the first of the API key's SHA-256)`,
      });
    }
    expect(await keysKept(db)).toEqual([]);
  });

  it('the app’s own fingerprint of a key is taken by each of them', async () => {
    const { db, asha } = await floor();
    for (const [fn, call] of CALLS) await expect(call(asha, REAL), fn).resolves.toBeDefined();
    expect(await keysKept(db)).toEqual([REAL]);
    const saved = await db.sql('SELECT metrics FROM calllog.queue_metrics WHERE key_fp = $1', [REAL]);
    expect(saved.rows).toEqual([{ metrics: JSON.parse(FIGURES) }]);
  });
});
