// History search and filters on a real SQLite file.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callLogPayloadSchema } from '../../../shared/call-log';
import { listQuerySchema, type ListQuery } from '../../../shared/entry';
import { MAX_REPLY_TEXT } from '../../../shared/leadsquared';
import { useTempDirs } from '../../../test/support/temp-dir';
import { openDb } from './db';
import { Entries, type NewEntry } from './entries';
import { MIGRATIONS } from './migrations';

const tempDir = useTempDirs();

function entry(i: number, over: Record<string, string> = {}): NewEntry {
  const payload = callLogPayloadSchema.parse({
    SourceNumber: i % 2 ? '+91-9611795983' : `98450${String(i).padStart(5, '0')}`,
    DestinationNumber: '8611795988',
    StartTime: '2026-11-24 09:00:00',
    EndTime: '2026-11-24 09:01:00',
    CallDuration: '60',
    Status: 'Answered',
    CallNotes: i === 7 ? 'Wants the PREMIUM plan, call back "Tuesday"' : `note ${i}`,
    Direction: 'Inbound',
    CallSessionId: `session-${i}`,
    AgentName: i < 5 ? 'Asha' : 'Ravi',
    ...over,
  });
  return { payload, input: null, source: 'import', target: 'leadsquared', state: 'queued', startAt: Date.UTC(2026, 10, 24, 9) + i * 60_000 };
}

function seeded() {
  const db = openDb(join(tempDir(), 'calls.sqlite'));
  const entries = new Entries(db);
  entries.insertMany(Array.from({ length: 12 }, (_, i) => entry(i)), 'seed');
  entries.transition(3, ['queued'], 'accepted', { request_id: '8eca6fa6-1b2c-4d5e-9f00-aa11bb22cc33' }, null);
  return { db, entries };
}

const ids = (entries: Entries, q: ListQuery) => entries.list(listQuerySchema.parse(q)).items.map((e) => e.id).sort((a, b) => a - b);

describe('history search', () => {
  it('finds numbers however they are typed', () => {
    const { entries } = seeded();
    const odd = [2, 4, 6, 8, 10, 12]; // i = 1, 3, ... have the +91 number
    expect(ids(entries, { search: '9611795983' })).toEqual(odd);
    expect(ids(entries, { search: '96117 95983' })).toEqual(odd);
    expect(ids(entries, { search: '+91-96117' })).toEqual(odd);
    expect(ids(entries, { search: '4500000' })).toEqual([1, 3, 5, 7, 9]);
  });

  it('finds numbers by their digits whatever the formatting, a country code or trunk 0 included', () => {
    const { entries } = seeded();
    entries.insertMany([entry(20, { SourceNumber: '9876543210' }), entry(21, { SourceNumber: '+91-8611795977' })], 'more');
    for (const typed of ['+91 9876543210', '98765 43210', '(987) 654-3210', '987.654.3210', '09876543210', '+919876543210', '919876543210']) {
      expect(ids(entries, { search: typed }), typed).toEqual([13]);
    }
    expect(ids(entries, { search: '8611795977' })).toEqual([14]);
    expect(ids(entries, { search: '+91 86117-95977' })).toEqual([14]);
    // Text with digits in it is not a number: compared as typed.
    expect(ids(entries, { search: 'note 9876543210' })).toEqual([]);
  });

  it('finds a failed call by its reason: LeadSquared’s StatusReason or the app’s own error, any part, any case', () => {
    const { entries } = seeded();
    entries.transition(2, ['queued'], 'failure', { status_reason: 'MXUserNotFound: No user has the agent number 8611795988' }, null);
    entries.transition(5, ['queued'], 'error', { last_error: 'LeadSquared rejected the API key (401). Open Settings and check the key.' }, null);
    expect(ids(entries, { search: 'MXUser' })).toEqual([2]);
    expect(ids(entries, { search: 'mxusernotfound' })).toEqual([2]);
    expect(ids(entries, { search: 'rejected the API key' })).toEqual([5]);
    expect(ids(entries, { search: '401' })).toEqual([5]);
    // One- and two-character searches read the reasons too.
    expect(ids(entries, { search: 'MX' })).toEqual([2]);
    // A reason that changes is searched by its new words, not its old ones.
    entries.transition(5, ['error'], 'queued', { last_error: null }, null);
    expect(ids(entries, { search: 'rejected the API key' })).toEqual([]);
  });

  it('finds notes case-insensitively, with quotes, and RequestIDs and session IDs by any part', () => {
    const { entries } = seeded();
    expect(ids(entries, { search: 'premium plan' })).toEqual([8]);
    expect(ids(entries, { search: '"Tuesday"' })).toEqual([8]);
    expect(ids(entries, { search: 'aa11bb' })).toEqual([3]);
    expect(ids(entries, { search: 'session-11' })).toEqual([12]);
    expect(ids(entries, { search: 'no such thing' })).toEqual([]);
  });

  it('handles one- and two-character searches and LIKE wildcards literally', () => {
    const { entries } = seeded();
    expect(ids(entries, { search: '11' })).toEqual([2, 3, 4, 6, 8, 10, 12]); // 9611795983, session-11, the RequestID's "aa11bb"
    expect(ids(entries, { search: '%' })).toEqual([]);
    expect(ids(entries, { search: '_' })).toEqual([]);
  });

  it('combines search with state, agent, direction and date filters', () => {
    const { entries } = seeded();
    expect(ids(entries, { search: 'note', agent: 'asha' })).toEqual([1, 2, 3, 4, 5]);
    expect(ids(entries, { states: ['accepted'] })).toEqual([3]);
    expect(ids(entries, { direction: 'Outbound' })).toEqual([]);
    const from = Date.UTC(2026, 10, 24, 9, 10);
    expect(ids(entries, { from, to: from + 60_000 })).toEqual([11, 12]);
  });

  it('filters by any part of the agent’s name, in any case, with LIKE wildcards as characters', () => {
    const { entries } = seeded();
    entries.insertMany([entry(20, { AgentName: 'Priya Sharma' }), entry(21, { AgentName: 'Priya Sharma' }), entry(22, { AgentName: 'Arjun 100%' })], 'more');
    expect(ids(entries, { agent: 'Priya' })).toEqual([13, 14]);
    expect(ids(entries, { agent: 'sharma' })).toEqual([13, 14]);
    expect(ids(entries, { agent: 'priya sharma' })).toEqual([13, 14]);
    expect(ids(entries, { agent: 'iya sh' })).toEqual([13, 14]);
    expect(ids(entries, { agent: '0%' })).toEqual([15]);
    expect(ids(entries, { agent: 'a_' })).toEqual([]);
    expect(ids(entries, { agent: 'Priya Sharma Rao' })).toEqual([]);
    // The Dashboard's row of an agent asks for the whole name.
    expect(ids(entries, { agent: 'priya sharma', agentWhole: true })).toEqual([13, 14]);
    expect(ids(entries, { agent: 'Priya', agentWhole: true })).toEqual([]);
  });

  it('filters by a failure’s reason, whole, as the Dashboard groups failures', () => {
    const { entries } = seeded();
    const unmapped = 'MXUserNotFound: No user has the agent number 8611795988';
    entries.transition(2, ['queued'], 'failure', { status_reason: unmapped }, null);
    entries.transition(6, ['queued'], 'error', { status_reason: unmapped }, null);
    entries.transition(7, ['queued'], 'failure', { status_reason: 'MXDuplicateEntry: already logged' }, null);
    expect(ids(entries, { reason: unmapped })).toEqual([2, 6]);
    expect(ids(entries, { reason: `  ${unmapped} `, states: ['failure', 'error'], agent: 'ravi' })).toEqual([6]);
    // Whole, not a part of it, and a LIKE wildcard is only a character.
    expect(ids(entries, { reason: 'MXUserNotFound' })).toEqual([]);
    expect(ids(entries, { reason: 'MX%' })).toEqual([]);
    // As long as a stored reason can be, and no longer.
    expect(listQuerySchema.parse({ reason: 'x'.repeat(MAX_REPLY_TEXT) }).reason).toHaveLength(MAX_REPLY_TEXT);
    expect(() => listQuerySchema.parse({ reason: 'x'.repeat(MAX_REPLY_TEXT + 1) })).toThrow(/Reason filter is too long/);
  });

  it('keeps the index in step with edits', () => {
    const { entries } = seeded();
    entries.transition(1, ['queued'], 'queued', { notes: 'rescheduled demo' }, null);
    expect(ids(entries, { search: 'rescheduled' })).toEqual([1]);
    expect(ids(entries, { search: 'note 0' })).toEqual([]);
  });

  it('builds the index for calls saved before it existed', () => {
    const file = join(tempDir(), 'old.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    old.exec(MIGRATIONS[0]!.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(MIGRATIONS[0]!.name);
    // A call saved by the version that had only the first migration.
    old
      .prepare(`INSERT INTO entries (call_session_id, state, payload, lead_number, lead_digits, direction, start_time, start_at,
        notes, created_at, updated_at) VALUES ('session-7', 'queued', '{}', '+91-9611795983', '919611795983', 'Inbound',
        '2026-11-24 09:00:00', 0, 'Wants the PREMIUM plan', 1, 1)`)
      .run();
    old.close();
    const entries = new Entries(openDb(file));
    expect(ids(entries, { search: 'premium' })).toEqual([1]);
  });
});

describe('a broad search (thousands of matches)', () => {
  it('counts and pages its matches in the list’s order, alone and beside other filters', () => {
    const db = openDb(join(tempDir(), 'calls.sqlite'));
    const entries = new Entries(db);
    // 3,000 calls, every other one a refund: past the point where a page walks the list's order.
    entries.insertMany(Array.from({ length: 3000 }, (_, i) => entry(i, { CallNotes: i % 2 ? `refund asked, ticket ${i}` : `demo ${i}` })), 'seed');
    const refunds = Array.from({ length: 3000 }, (_, i) => i + 1).filter((id) => (id - 1) % 2 === 1);
    for (const id of refunds.slice(0, 40)) entries.transition(id, ['queued'], 'failure', { status_reason: 'SystemError' }, null);
    const newestFirst = (list: number[]) => [...list].sort((a, b) => b - a);
    const page = (q: ListQuery) => entries.list(listQuerySchema.parse(q));

    const all = page({ search: 'refund', limit: 50 });
    expect(all.total).toBe(1500);
    expect(all.items.map((e) => e.id)).toEqual(newestFirst(refunds).slice(0, 50));
    expect(page({ search: 'refund', limit: 50, offset: 1480 }).items.map((e) => e.id)).toEqual(newestFirst(refunds).slice(1480));

    const failed = page({ search: 'refund', states: ['failure'], limit: 50 });
    expect(failed.total).toBe(40);
    expect(failed.items.map((e) => e.id)).toEqual(newestFirst(refunds.slice(0, 40)));
    expect(page({ search: 'refund', states: ['queued'], limit: 10 }).total).toBe(1460);
    // A narrow search beside it is read through its few matches, with the same answer.
    expect(page({ search: 'ticket 2999', limit: 50 }).items.map((e) => e.id)).toEqual([3000]);
  });
});

describe('a database of version 7 (the search index without reasons)', () => {
  it('is searched by the reasons of the calls it already held, and of those failing after', () => {
    const file = join(tempDir(), 'v7.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 7)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const insert = old.prepare(`INSERT INTO entries (call_session_id, state, payload, lead_number, lead_digits, direction, start_time, start_at,
        notes, status_reason, last_error, created_at, updated_at) VALUES (?, ?, '{}', '+91-8611795988', '918611795988', 'Inbound',
        '2026-11-24 09:00:00', 0, 'Wants the PREMIUM plan', ?, ?, 1, 1)`);
    insert.run('session-1', 'failure', 'MXUserNotFound: No user has the agent number', null);
    insert.run('session-2', 'error', null, 'LeadSquared refused the call log (400): edit and resend');
    insert.run('session-3', 'queued', null, null);
    old.close();

    const entries = new Entries(openDb(file));
    expect(ids(entries, { search: 'MXUser' })).toEqual([1]);
    expect(ids(entries, { search: 'refused the call' })).toEqual([2]);
    // What the index held before is still found, and the number by its digits.
    expect(ids(entries, { search: 'premium' })).toEqual([1, 2, 3]);
    expect(ids(entries, { search: '8611795988' })).toEqual([1, 2, 3]);
    entries.transition(3, ['queued'], 'failure', { status_reason: 'MXDuplicateEntry: already logged' }, null);
    expect(ids(entries, { search: 'duplicate' })).toEqual([3]);
  });
});

describe('what goes first', () => {
  it('a call an agent just logged (urgent) is sent before import rows and catch-up, whatever their age', () => {
    const db = openDb(join(tempDir(), 'calls.sqlite'));
    const entries = new Entries(db);
    const now = Date.now();
    const [imported, caughtUp] = entries.insertMany([entry(1), { ...entry(2), source: 'form', urgentUntil: now - 1 }], 'earlier');
    const [fresh] = entries.insertMany([{ ...entry(3), source: 'form', urgentUntil: now + 60_000 }], 'just logged');
    // A moment later, when all three are due.
    const later = now + 1000;
    expect(entries.nextDue('leadsquared', later)?.id).toBe(fresh);
    expect(entries.nextUrgent('leadsquared', later)?.id).toBe(fresh);
    entries.transition(fresh!, ['queued'], 'sending', {}, null);
    // Then the rest in their own order; neither of them counts as urgent any more.
    expect(entries.nextDue('leadsquared', later)?.id).toBe(imported);
    expect(entries.nextUrgent('leadsquared', later)).toBeNull();
    expect(entries.dueCount('leadsquared', later, 100)).toBe(2);
    expect(caughtUp).toBeGreaterThan(imported!);
  });
});
