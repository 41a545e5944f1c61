// The floor's shared queue metrics against a desktop's own login (security
// review finding 2): save_metrics takes only LeadSquared's three figures within
// bounds and says who saved them, and a desktop reads a row out of bounds (one
// a database before step 15 took) as none, asking LeadSquared itself instead.
import { afterEach, describe, expect, it } from 'vitest';
import { freshTeamDatabase, runSql, teamLogins } from '../../../test/support/team';
import { waitFor } from '../../../test/support/wait';
import { dbaSchemaSql } from './dba-sql';
import { METRICS_MAX } from './migration-15';
import { TeamDatabase } from './team-db';
import { TeamMetrics } from './team-metrics';
import { parseTeamUrl } from './team-url';

const KEY = 'abcdef0123456789';
const GOOD = { pendingMessages: 12, maxDelaySeconds: 40, processingRatePerMinute: 900 };
const opened: TeamDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

async function floor() {
  const db = await freshTeamDatabase();
  await db.sql(dbaSchemaSql());
  const logins = await teamLogins(db, ['asha', 'bob'] as const);
  const bob = new TeamDatabase(parseTeamUrl(logins.bob));
  opened.push(bob);
  bob.start();
  await waitFor('Bob’s desktop connected', () => bob.ready);
  return { db, logins, metrics: new TeamMetrics(() => bob) };
}

const save = (login: string, metrics: unknown) => runSql(login, 'SELECT calllog.save_metrics($1, $2)', [KEY, JSON.stringify(metrics)]);

describe('the floor’s queue metrics', () => {
  it('a desktop’s login cannot save figures out of bounds or of another shape, and the floor keeps the figures it had', async () => {
    const { db, logins, metrics } = await floor();
    await save(logins.asha, GOOD);
    const bad: [string, unknown][] = [
      ['a delay of 1e9 s', { ...GOOD, maxDelaySeconds: 1e9 }],
      ['a delay of a day and a second', { ...GOOD, maxDelaySeconds: METRICS_MAX.maxDelaySeconds + 1 }],
      ['a negative delay', { ...GOOD, maxDelaySeconds: -1 }],
      ['a delay as text', { ...GOOD, maxDelaySeconds: '40' }],
      ['no delay', { pendingMessages: 12, processingRatePerMinute: 900 }],
      ['too many waiting', { ...GOOD, pendingMessages: METRICS_MAX.pendingMessages + 1 }],
      ['a rate too high', { ...GOOD, processingRatePerMinute: METRICS_MAX.processingRatePerMinute + 1 }],
      ['not an object', [1, 2, 3]],
    ];
    for (const [what, figures] of bad) {
      await expect(save(logins.bob, figures), what).rejects.toThrow(/save_metrics: pendingMessages \(0 to 10000000\), maxDelaySeconds \(0 to 86400\)/);
    }
    expect((await db.sql('SELECT metrics, saved_by FROM calllog.queue_metrics')).rows).toEqual([{ metrics: GOOD, saved_by: expect.stringMatching(/^asha_/) }]);
    expect(await metrics.read(KEY, 60_000)).toMatchObject({ metrics: GOOD });
  });

  it('keeps only the three figures, and which login saved them', async () => {
    const { db, logins, metrics } = await floor();
    await save(logins.asha, { ...GOOD, note: 'x'.repeat(10_000) });
    const row = (await db.sql('SELECT metrics, saved_by FROM calllog.queue_metrics WHERE key_fp = $1', [KEY])).rows[0];
    expect(row.metrics).toEqual(GOOD);
    expect(row.saved_by).toMatch(/^asha_/);
    const read = await metrics.read(KEY, 60_000);
    expect(read && read !== 'pending' ? read.metrics : read).toEqual(GOOD);
  });

  it('a desktop reads figures out of bounds (as a database before step 15 kept them) as none (so it asks LeadSquared itself)', async () => {
    const { db, metrics } = await floor();
    await db.sql(`INSERT INTO calllog.queue_metrics (key_fp, metrics, fetched_at) VALUES ($1, $2, clock_timestamp())`, [
      KEY,
      JSON.stringify({ pendingMessages: 0, maxDelaySeconds: 1e9, processingRatePerMinute: 1000 }),
    ]);
    expect(await metrics.read(KEY, 60_000)).toBeNull();
    await db.sql(`UPDATE calllog.queue_metrics SET metrics = $2, fetched_at = clock_timestamp() WHERE key_fp = $1`, [
      KEY,
      JSON.stringify({ ...GOOD, pendingMessages: 1e12 }),
    ]);
    expect(await metrics.read(KEY, 60_000)).toBeNull();
  });
});
