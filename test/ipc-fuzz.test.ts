// Every contract channel, fed malformed inputs over the real host: each gets a
// clear invalid_input error, and nothing in the data dir changes.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNEL_NAMES, channels, type ChannelName } from '../shared/ipc';
import { callInput } from './support/engine';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openHostWorld, type HostWorld } from './support/world';

let w: HostWorld;
let seededId = 0;

beforeAll(async () => {
  w = await openHostWorld(mkdtempSync(join(tmpdir(), 'calllog-fuzz-')));
  seededId = w.svc.logCall(callInput()).id;
});
afterAll(async () => {
  await w.close();
  rmSync(w.dataDir, { recursive: true, force: true });
});

const call = callInput({ callSessionId: 'fuzz-valid-1' });
/** One valid input per channel; mutations of it must all be refused. */
const VALID: Record<ChannelName, Record<string, unknown>> = {
  logCall: { ...call },
  whereLogged: { callSessionId: 'fuzz-valid-1' },
  listEntries: { search: '961', states: ['success'], agent: 'Asha', direction: 'Inbound', from: 0, to: 1, offset: 0, limit: 10 },
  getEntry: { id: 1 },
  retryNow: { id: 1 },
  editAndResend: { id: 1, call },
  countByState: {},
  countFailedCalls: {},
  getSettings: {},
  updateSettings: { agentName: 'Asha', useSandbox: false, callStatuses: ['Answered'] },
  getKeyStatus: {},
  setKey: { apiKey: 'a-valid-looking-key' },
  clearKey: {},
  getConnectionInfo: {},
  retryRefusedKey: {},
  testConnection: {},
  getTeamDatabase: {},
  setTeamDatabase: { url: 'postgres://desk:secret@127.0.0.1:5432/calllog' },
  clearTeamDatabase: {},
  getViewScope: {},
  setViewScope: { scope: 'team' },
  listTeamEntries: { search: '961', states: ['failure'], agent: 'Asha', offset: 0, limit: 10 },
  countTeamEntries: { search: '961', states: ['failure'], agent: 'Asha' },
  getTeamEntry: { desktopId: 'b1d0c3a4-desk', id: 1 },
  teamAgents: {},
  teamDashboard: { from: 0, to: 3_600_000 },
  exportTeamCsv: { search: 'x', states: ['failure'] },
  importCsv: { fileName: 'calls.csv', text: 'SourceNumber\n1' },
  runningImport: {},
  importProgress: { batchId: '7b0f5a52-6c1e-4a57-9a43-3f1f0b2f5c11' },
  cancelImport: { batchId: '7b0f5a52-6c1e-4a57-9a43-3f1f0b2f5c11' },
  resumeImport: { batchId: '7b0f5a52-6c1e-4a57-9a43-3f1f0b2f5c11' },
  exportCsv: { search: 'x', states: ['failure'] },
  queueHealth: { from: 0, to: 3_600_000 },
  deliveryStats: { from: 0, to: 3_600_000 },
  getPolicy: {},
  exportDiagnostics: {},
  exportTransfer: {},
  importTransfer: { fileName: 'calllog-transfer.json', text: '{}' },
};

const HUGE = 'x'.repeat(100_000);

function wrongTypeFor(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return 'twelve';
  if (typeof v === 'boolean') return 'yes';
  if (Array.isArray(v)) return 'not-a-list';
  return 7;
}

function mutations(name: ChannelName): [string, unknown][] {
  const valid = VALID[name];
  const shape = (channels[name].input as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const out: [string, unknown][] = [
    ['a number instead of an object', 42],
    ['a string instead of an object', 'logCall'],
    ['an array', [valid]],
    ['null', null],
    ['an unknown field', { ...valid, unexpected: 1 }],
    ['a __proto__ key', JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1, -1) || '"x": 1'}}`)],
    ['a constructor.prototype key', { ...valid, constructor: { prototype: { polluted: true } } }],
  ];
  for (const [key, value] of Object.entries(valid)) {
    out.push([`${key} of the wrong type`, { ...valid, [key]: wrongTypeFor(value) }]);
    if (typeof value === 'string') out.push([`${key} oversize`, { ...valid, [key]: HUGE }]);
    if (Array.isArray(value)) out.push([`${key} with an oversize item`, { ...valid, [key]: [HUGE] }]);
    const required = shape[key] && !shape[key]!.safeParse(undefined).success;
    if (required) {
      const { [key]: _dropped, ...rest } = valid;
      out.push([`${key} missing`, rest]);
    }
  }
  return out;
}

function snapshot() {
  const db = new Database(join(w.dataDir, 'calls.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT * FROM entries ORDER BY id').all();
  const transitions = (db.prepare('SELECT COUNT(*) AS n FROM transitions').get() as { n: number }).n;
  db.close();
  return {
    rows,
    transitions,
    settings: readFileSync(join(w.dataDir, 'settings.json'), 'utf8'),
    key: readFileSync(join(w.dataDir, 'api-key.json'), 'utf8'),
  };
}

describe.each(CHANNEL_NAMES)('channel %s', (name) => {
  it('refuses every malformed input with a clear error and no side effect', async () => {
    // The valid example really is valid: a mutation is what makes it fail.
    expect(channels[name].input.safeParse(VALID[name]).success).toBe(true);
    // Let the seeded call settle so the only possible change would come from us.
    await new Promise((r) => setTimeout(r, 50));
    for (const [label, input] of mutations(name)) {
      const before = snapshot();
      const r = await w.api(name, input);
      expect(r.body.ok, `${name}: ${label}`).toBe(false);
      expect(r.body.error.code, `${name}: ${label}`).toBe('invalid_input');
      expect(r.body.error.message.length, `${name}: ${label}`).toBeGreaterThan(5);
      expect(r.body.error.message, `${name}: ${label}`).not.toMatch(/undefined|\[object/);
      expect(snapshot().settings).toBe(before.settings);
      expect(snapshot().key).toBe(before.key);
      expect(snapshot().rows.length).toBe(before.rows.length);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});

it('the seeded call was untouched by all of it', () => {
  expect(w.svc.getEntry(seededId).payload.CallNotes).toBe('Asked about pricing');
});

it('whereLogged takes only what Log call takes as a call session ID (the team database is asked only of one)', async () => {
  for (const callSessionId of ['', '   ', 'two words', 'tab\there', 'nul\u0000', 'line\nbreak', '%', 'a_b%', "o'brien", '\u202esid']) {
    const r = await w.api('whereLogged', { callSessionId });
    expect(r.body.ok, JSON.stringify(callSessionId)).toBe(false);
    expect(r.body.error.code, JSON.stringify(callSessionId)).toBe('invalid_input');
  }
  const ok = await w.api('whereLogged', { callSessionId: ' sess-1:a.b_c ' });
  expect(ok.body).toEqual({ ok: true, value: { here: false, elsewhere: null, teamCheck: 'off' } });
});
