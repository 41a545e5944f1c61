// The import's time-left estimate follows the pace the import actually gets, not the rate limit:
// on a real SQLite file with accepted times this test sets, and against the sandbox over HTTP,
// where status checks spend the same budget as the import's submits.
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callLogPayloadSchema, PAYLOAD_FIELDS } from '../../../shared/call-log';
import { useEngines } from '../../../test/support/use-engines';
import { useTempDirs } from '../../../test/support/temp-dir';
import { waitFor } from '../../../test/support/wait';
import { openDb } from '../outbox/db';
import { Entries, type NewEntry } from '../outbox/entries';
import { batchProgress } from '../reports';

const tempDir = useTempDirs();
const { engine } = useEngines(tempDir);

const BATCH = '7b0f5a52-6c1e-4a57-9a43-3f1f0b2f5c11';
const T0 = Date.UTC(2026, 10, 24, 9);

function entry(i: number): NewEntry {
  const payload = callLogPayloadSchema.parse({
    SourceNumber: '+91-9611795983',
    DestinationNumber: '8611795988',
    StartTime: '2026-11-24 09:00:00',
    EndTime: '2026-11-24 09:01:00',
    CallDuration: '60',
    Status: 'Answered',
    Direction: 'Inbound',
    CallSessionId: `eta-${i}`,
    AgentName: 'Ravi',
  });
  return { payload, input: null, source: 'import', target: 'leadsquared', state: 'queued', startAt: T0, batchId: BATCH };
}

/** A batch of `rows`, the first of which LeadSquared accepted at the given times. */
function batchAcceptedAt(times: number[], rows = 40) {
  const db = openDb(join(tempDir(), 'calls.sqlite'));
  const entries = new Entries(db);
  const ids = entries.insertMany(Array.from({ length: rows }, (_, i) => entry(i)), 'seed');
  times.forEach((at, i) => entries.transition(ids[i]!, ['queued'], 'accepted', { request_id: `rq-${i}`, accepted_at: at }, null));
  return db;
}

describe('time left of an import (counts and times set here)', () => {
  it('comes from the rows accepted lately, not from the rate limit', () => {
    // 20 rows accepted at 2 a second while the limit allows 5: the 20 left take ~10 s, not 4.
    const db = batchAcceptedAt(Array.from({ length: 20 }, (_, i) => T0 + i * 500));
    const p = batchProgress(db, BATCH, 5, T0 + 10_000);
    expect(p.unsent).toBe(20);
    expect(p.etaSeconds).toBe(Math.ceil(20 / (19 / 10)));
  });

  it('never promises faster than the rate limit, even after a burst', () => {
    const db = batchAcceptedAt(Array.from({ length: 20 }, (_, i) => T0 + i * 150));
    expect(batchProgress(db, BATCH, 5, T0 + 3_000).etaSeconds).toBe(20 / 5);
  });

  it('says nothing (null: "estimating") until enough rows have gone to measure a pace', () => {
    const db = batchAcceptedAt([T0, T0 + 500, T0 + 1000]);
    expect(batchProgress(db, BATCH, 5, T0 + 1500).etaSeconds).toBeNull();
    expect(batchProgress(batchAcceptedAt([]), BATCH, 5, T0).etaSeconds).toBeNull();
  });

  it('slows down when rows stop going (a stall lengthens the estimate)', () => {
    const db = batchAcceptedAt(Array.from({ length: 20 }, (_, i) => T0 + i * 500));
    const atLast = batchProgress(db, BATCH, 5, T0 + 10_000).etaSeconds!;
    const stalled = batchProgress(db, BATCH, 5, T0 + 20_000).etaSeconds!;
    expect(stalled).toBeGreaterThan(atLast);
  });
});

const IMPORT_FIELDS = [...PAYLOAD_FIELDS];
function csvRows(n: number): string {
  const data = Array.from({ length: n }, (_, i) => {
    const r: Record<string, string> = {
      SourceNumber: '9611795983',
      DestinationNumber: '+91-8611795988',
      StartTime: '2026-11-24 09:00:00',
      EndTime: '2026-11-24 09:00:45',
      CallDuration: '45',
      Status: 'Answered',
      Direction: 'Inbound',
      CallSessionId: `pace-${i}`,
      AgentName: 'Ravi',
    };
    return IMPORT_FIELDS.map((f) => r[f] ?? '');
  });
  return Papa.unparse({ fields: IMPORT_FIELDS, data });
}

describe('time left of an import (sandbox over HTTP, its limiter, status checks sharing the budget)', () => {
  it('at mid-import is close to the time the rest actually took, and never under what the limit allows', async () => {
    const rateLimit = { limit: 5, windowMs: 1000 };
    const { svc, dataDir } = await engine({ sandbox: { rateLimit, processingDelayMs: 300 }, timing: { rateLimit } });
    const total = 45;
    const r = await svc.supervisor.importCsv('pace.csv', csvRows(total));
    const sent = () => {
      const p = svc.supervisor.importProgress(r.batchId);
      return p.total - p.unsent - p.paused;
    };
    await waitFor('a third of the import sent', () => sent() >= total / 3, 30_000);
    const mid = svc.supervisor.importProgress(r.batchId);
    const readAt = Date.now();
    await waitFor('every row sent', () => svc.supervisor.importProgress(r.batchId).unsent === 0, 60_000);

    // When the last row was accepted, from the outbox itself (the engine's own clock).
    const db = new Database(join(dataDir, 'calls.sqlite'), { readonly: true });
    const { last } = db.prepare('SELECT MAX(accepted_at) AS last FROM entries WHERE batch_id = ?').get(r.batchId) as { last: number };
    db.close();
    const tookSeconds = (last - readAt) / 1000;

    expect(mid.etaSeconds).not.toBeNull();
    // Never faster than the limit: the rows left need at least unsent / (5 per second).
    expect(mid.etaSeconds!).toBeGreaterThanOrEqual(mid.unsent / 5);
    // Within a sane factor of what it took (the limit alone said about half).
    expect(mid.etaSeconds! / tookSeconds).toBeGreaterThan(0.67);
    expect(mid.etaSeconds! / tookSeconds).toBeLessThan(1.5);
  }, 90_000);
});
