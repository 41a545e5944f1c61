// Demo data for `npm run screenshots`: ~40 calls through the real engine and
// sandbox (faults make the Failures and Errors; a long processing delay keeps
// the last few waiting), then their timestamps spread over a working day. The
// engine stamps every call "now", so without the spreading the Dashboard would
// show one tall bar and every delivery in the "< 10 s" bucket.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { CallInput } from '../shared/call-log';
import { isFinalState } from '../shared/entry';
import type { CallLogService } from '../electron/core/service';
import type { Sandbox } from '../electron/sandbox/server';

const AGENTS = ['Asha Rao', 'Ravi Kumar', 'Meera Shah'];
const STATUSES = ['Answered', 'Answered', 'Answered', 'Missed', 'Busy'];
const NOTES = [
  'Asked about pricing for the premium plan',
  'Wants a demo next Tuesday',
  'Warranty claim for the dryer, sent the form',
  'Call back on Monday after 11',
  'Interested in the annual plan; sent brochure',
  'Wrong number',
  '',
];

/** A fixed-seed generator: the same pictures every run, so diffs of the PNGs mean something. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

interface Plan {
  loggedAt: number;
  input: CallInput;
}

/** Times the calls were logged: spread over the working day, the waiting ones last. */
function planCalls(n: number, dayStart: number, dayEnd: number, rnd: () => number): Plan[] {
  const times = Array.from({ length: n }, () => dayStart + rnd() * (dayEnd - dayStart)).sort((a, b) => a - b);
  return times.map((loggedAt, i) => {
    const duration = 20 + Math.floor(rnd() * 600);
    const end = loggedAt - 15_000 - Math.floor(rnd() * 60_000);
    const start = end - duration * 1000;
    const direction = rnd() < 0.6 ? 'Outbound' : 'Inbound';
    return {
      loggedAt,
      input: {
        direction,
        leadNumber: `+91-98${String(45_000_000 + Math.floor(rnd() * 54_999_999)).padStart(8, '0')}`,
        agentNumber: '8611795988',
        displayNumber: '',
        startTime: new Date(start).toISOString(),
        endTime: new Date(end).toISOString(),
        durationSeconds: duration,
        status: STATUSES[i % STATUSES.length]!,
        notes: NOTES[i % NOTES.length]!,
        recordingUrl: '',
        agentName: AGENTS[i % AGENTS.length]!,
        callSessionId: `demo-${dayStart.toString(36)}-${i}`,
      },
    };
  });
}

async function waitAllFinal(svc: CallLogService, ids: number[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!ids.every((id) => isFinalState(svc.getEntry(id).state))) {
    if (Date.now() > deadline) throw new Error('Seed calls did not reach a final state in a minute');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Seconds from logging to the final state: mostly quick, a tail of slow ones. */
function deliverySeconds(rnd: () => number): number {
  const r = rnd();
  if (r < 0.45) return 3 + rnd() * 7;
  if (r < 0.75) return 10 + rnd() * 20;
  if (r < 0.88) return 30 + rnd() * 30;
  if (r < 0.95) return 60 + rnd() * 120;
  return 300 + rnd() * 400;
}

/** Logs the calls and returns the id of a Failure, to open in the History screenshot. */
export async function seedCalls(svc: CallLogService, sandbox: Sandbox, dataDir: string, day: { start: number; end: number }): Promise<number> {
  const rnd = random(42);
  const plans = planCalls(40, day.start, day.end, rnd);
  const waiting = plans.slice(-4);
  // Which of the settled calls fail, picked at random so the red spreads over the day.
  const settled = plans.slice(0, -4);
  for (let i = settled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [settled[i], settled[j]] = [settled[j]!, settled[i]!];
  }
  const logged = new Map<number, Plan>();
  const log = (p: Plan) => {
    const id = svc.logCall(p.input).id;
    logged.set(id, p);
    return id;
  };

  sandbox.setFaults({ failureNext: 3, failureReason: 'MXUserNotFound: No user has the agent number 8611795988' });
  const failures = settled.slice(0, 3).map(log);
  await waitAllFinal(svc, failures);
  sandbox.setFaults({ errorNext: 1 });
  await waitAllFinal(svc, settled.slice(3, 4).map(log));
  await waitAllFinal(svc, settled.slice(4).map(log));
  // LeadSquared's queue "slow": these stay accepted / in its queue.
  sandbox.setProcessingDelay(30 * 60_000);
  for (const p of waiting) log(p);
  const deadline = Date.now() + 20_000;
  while ([...logged.keys()].some((id) => svc.getEntry(id).state === 'queued' || svc.getEntry(id).state === 'sending')) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // The sandbox fixes a call's outcome time when it accepts it: the waiting ones stay
  // waiting, and calls logged while taking the pictures are quick again.
  sandbox.setProcessingDelay(300);

  // Re-time each settled call: logged at its planned time, its whole timeline
  // stretched to a realistic delivery time. Order and gaps between its state
  // changes are kept, so the detail panel's timeline still reads true.
  const db = new Database(join(dataDir, 'calls.sqlite'));
  db.pragma('busy_timeout = 5000');
  const row = db.prepare('SELECT created_at, final_at FROM entries WHERE id = ?');
  const moved = (col: string) => `CAST(ROUND(@to + (${col} - @from) * @k) AS INTEGER)`;
  const map = (col: string) => `${col} = CASE WHEN ${col} IS NULL THEN NULL ELSE ${moved(col)} END`;
  const entries = db.prepare(`UPDATE entries SET ${['created_at', 'updated_at', 'accepted_at', 'final_at'].map(map).join(', ')} WHERE id = @id`);
  const transitions = db.prepare(`UPDATE transitions SET at = ${moved('at')} WHERE entry_id = @id`);
  db.transaction(() => {
    for (const [id, plan] of logged) {
      const r = row.get(id) as { created_at: number; final_at: number | null };
      const took = r.final_at === null ? null : Math.max(1, r.final_at - r.created_at);
      const k = took === null ? 1 : (deliverySeconds(rnd) * 1000) / took;
      const params = { id, from: r.created_at, to: Math.round(plan.loggedAt), k };
      entries.run(params);
      transitions.run(params);
    }
  })();
  db.close();
  return failures[0]!;
}
