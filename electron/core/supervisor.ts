// Supervisor tools on top of the outbox: CSV import (with progress, cancel and
// resume), CSV export of the filtered history, queue health and chart data.
import { randomUUID } from 'node:crypto';
import { listQuerySchema, type EntryState } from '../../shared/entry';
import { AppError, invalidInput } from '../../shared/errors';
import { savedState, type ConnectionResolver } from './connection';
import { ImportFileError, parseImport, rejectsCsv, type ImportDuplicate, type ImportReject } from './import/csv-import';
import type { Db } from './outbox/db';
import type { Entries } from './outbox/entries';
import type { ElsewhereCheck } from './team/team-link';
import { batchProgress, deliveryStats, exportCsv, localHealth, type BatchProgress, type Counted, type DayWindow, type DeliveryStats, type LocalHealth } from './reports';
import type { MetricsSnapshot, QueueMetrics } from './status/queue-metrics';

export interface ImportResult {
  batchId: string;
  rows: number;
  queued: number;
  /** Earlier in the file, logged here before, or on another desktop of the floor (`elsewhere`: its name; `elsewhereState`: the call's state there). */
  duplicates: (Omit<ImportDuplicate, 'where'> & { where: ImportDuplicate['where'] | 'team'; elsewhere: string | null; elsewhereState: EntryState | null })[];
  /** Whether the file was compared with the calls other desktops logged (a team database), or there was none. */
  teamCheck: 'checked' | 'off';
  /**
   * Each rejected row's line and reason, without its cells: those are in rejectsCsv, under names
   * written once. Repeated on every row, the file's column names alone could make the reply
   * hundreds of times the file (a 5 MB file of long names gave 227 M characters).
   */
  rejects: Omit<ImportReject, 'cells'>[];
  /** The rejected rows with their reasons, ready to save, fix and import again. */
  rejectsCsv: string;
}

export interface QueueHealth {
  leadsquared: (MetricsSnapshot['metrics'] & { at: number }) | null;
  leadsquaredError: string | null;
  /**
   * Why the reading (if any) is not a current one: 'idle' when none of this computer's calls is on
   * its way to LeadSquared or being followed (so it was not asked), 'blocked' when it cannot be asked.
   */
  leadsquaredOld: 'idle' | 'blocked' | null;
  local: LocalHealth;
}

/** A call of ours LeadSquared has, or is about to get: while one is, its queue is worth a request. */
const IN_FLIGHT = JSON.stringify(['queued', 'sending', 'retry_wait', 'accepted', 'in_queue']);

export interface SupervisorDeps {
  db: Db;
  entries: Entries;
  timeZone(): string;
  connection: ConnectionResolver;
  metrics: QueueMetrics;
  rateLimit: { limit: number; windowMs: number };
  wakeSender(): void;
  syncPaused(): void;
  /** The team database's word on calls about to be saved here (TeamLink.loggedElsewhere). */
  loggedElsewhere(sessions: readonly string[]): Promise<ElsewhereCheck>;
}

/** States of a batch's rows that keep its import running: still to send, or paused until Resume. */
const RUNNING = JSON.stringify(['queued', 'sending', 'retry_wait', 'needs_key', 'needs_setup', 'paused']);

export class SupervisorTools {
  /**
   * The last import's summary, kept in main because the import runs here: a window reloaded
   * mid-import asks for it (runningImport) to show the progress and Cancel again. Memory only:
   * after a restart History's Paused and Saved states still say where its rows are.
   */
  private last: { fileName: string; result: ImportResult } | null = null;

  constructor(private readonly d: SupervisorDeps) {}

  /**
   * Validates every row like the form; queues the valid ones in one transaction.
   * With a team database, rows another desktop already logged are duplicates too:
   * a supervisor importing the dialer's file for a day the agents logged by hand
   * must not send their calls a second time.
   */
  async importCsv(fileName: string, text: string): Promise<ImportResult> {
    let parsed;
    try {
      parsed = parseImport(text, this.d.timeZone(), (sid) => this.d.entries.hasSession(sid));
    } catch (err) {
      if (err instanceof ImportFileError) throw new AppError('invalid_input', `${fileName}: ${err.message}`, 'text');
      throw err;
    }
    const duplicates: ImportResult['duplicates'] = parsed.duplicates.map((d) => ({ ...d, elsewhere: null, elsewhereState: null }));
    // Test calls (the built-in sandbox) are no account's: nothing elsewhere to compare with.
    const team =
      this.d.connection.current().target === 'sandbox'
        ? { check: 'off' as const, found: new Map() }
        : await this.d.loggedElsewhere(parsed.valid.map((v) => v.payload.CallSessionId));
    if (team.check === 'unavailable') {
      // Importing anyway would send again every call of the file an agent already logged on another
      // desktop; the file is still on the supervisor's disk, so waiting costs nothing.
      throw new AppError(
        'unavailable',
        `${fileName}: the team database is not answering (see Settings › Team database), so this file cannot be compared with the calls agents logged on other desktops, and those would be sent twice. Import it again once the team database is back.`,
      );
    }
    const valid = parsed.valid.filter((v) => {
      const there = team.found.get(v.payload.CallSessionId);
      if (there) duplicates.push({ line: v.line, callSessionId: v.payload.CallSessionId, where: 'team', elsewhere: there.desktop, elsewhereState: there.state });
      return !there;
    });
    duplicates.sort((a, b) => a.line - b.line);
    // Read after the wait: Settings may have changed meanwhile.
    const batchId = randomUUID();
    const conn = this.d.connection.current();
    const { state, lastError } = savedState(conn, conn.target);
    const ids = this.d.entries.insertMany(
      valid.map((v) => ({
        payload: v.payload,
        input: null,
        source: 'import' as const,
        target: conn.target,
        state,
        startAt: v.startAt,
        lastError,
        batchId,
      })),
      `Imported from ${fileName.slice(0, 120)}`,
    );
    this.d.wakeSender();
    const rows = parsed.valid.length + parsed.rejects.length + parsed.duplicates.length;
    const result = { batchId, rows, queued: ids.length, duplicates, teamCheck: team.check, rejects: parsed.rejects.map(({ line, reason, field }) => ({ line, reason, field })), rejectsCsv: rejectsCsv(parsed) };
    this.last = { fileName, result };
    return result;
  }

  /** The last import, while any of its rows is still to send or paused; null once all are sent (or none ran). */
  runningImport(): { fileName: string; result: ImportResult } | null {
    if (!this.last || this.last.result.queued === 0) return null;
    const running = this.d.db
      .prepare('SELECT 1 FROM entries WHERE batch_id = ? AND state IN (SELECT value FROM json_each(?)) LIMIT 1')
      .get(this.last.result.batchId, RUNNING);
    return running ? this.last : null;
  }

  importProgress(batchId: string): BatchProgress {
    this.requireBatch(batchId);
    return batchProgress(this.d.db, batchId, this.d.rateLimit.limit / (this.d.rateLimit.windowMs / 1000));
  }

  /** Stops an import: its unsent calls stay saved, paused, until resumed. */
  cancelImport(batchId: string): BatchProgress {
    this.moveBatch(batchId, ['queued', 'retry_wait', 'needs_key', 'needs_setup'], 'paused', 'Import cancelled: kept on this computer, not sent');
    return this.importProgress(batchId);
  }

  resumeImport(batchId: string): BatchProgress {
    this.moveBatch(batchId, ['paused'], 'queued', 'Import resumed');
    this.d.syncPaused();
    return this.importProgress(batchId);
  }

  exportCsv(raw: unknown): { csv: string; rows: number } {
    const q = listQuerySchema.safeParse(raw ?? {});
    if (!q.success) throw invalidInput(q.error);
    return exportCsv(this.d.db, q.data);
  }

  /**
   * LeadSquared's queue metrics and this machine's numbers. The metrics cost a request from the
   * budget the calls share, so the Dashboard (which asks every minute) reads them again only while
   * a call of ours is on its way or being followed: then a supervisor wants to know whether the
   * queue keeps up. With nothing of ours in flight a fresh number would not change what anyone
   * does here, so the last reading is returned marked old, and the card says so, rather than
   * passed off as current.
   */
  async queueHealth(day: DayWindow): Promise<QueueHealth> {
    let error: string | null = null;
    let old: QueueHealth['leadsquaredOld'] = null;
    if (!this.d.metrics.fresh()) {
      const conn = this.d.connection.current();
      if (conn.kind !== 'ready') old = 'blocked';
      else if (!this.inFlight(conn.target)) old = 'idle';
      else {
        const out = await this.d.metrics.fetch('metrics');
        if (out.kind !== 'ok') error = out.message;
      }
    }
    const snap = this.d.metrics.last();
    return {
      leadsquared: snap ? { ...snap.metrics, at: snap.at } : null,
      leadsquaredError: error,
      leadsquaredOld: old,
      local: localHealth(this.d.db, day, this.counted()),
    };
  }

  /**
   * Test calls count while the sandbox is on (a trainer or a new user trying the app logs nothing
   * else), as the menu's failed calls do. Decided here from the setting, not asked by the page: the
   * page cannot make the account's figures count calls that never went there.
   */
  private counted(): Counted {
    return { withTestCalls: this.d.connection.current().target === 'sandbox' };
  }

  private inFlight(target: string): boolean {
    return !!this.d.db.prepare('SELECT 1 FROM entries WHERE target = ? AND state IN (SELECT value FROM json_each(?)) LIMIT 1').get(target, IN_FLIGHT);
  }

  deliveryStats(day: DayWindow): DeliveryStats {
    return deliveryStats(this.d.db, day, this.counted());
  }

  private requireBatch(batchId: string): void {
    if (!this.d.db.prepare('SELECT 1 FROM entries WHERE batch_id = ? LIMIT 1').get(batchId)) throw new AppError('not_found', 'No import with that id');
  }

  private moveBatch(batchId: string, from: EntryState[], to: EntryState, note: string): void {
    this.requireBatch(batchId);
    const ids = this.d.db
      .prepare('SELECT id FROM entries WHERE batch_id = ? AND state IN (SELECT value FROM json_each(?))')
      .all(batchId, JSON.stringify(from)) as { id: number }[];
    this.d.entries.transitionMany(
      ids.map((r) => r.id),
      from,
      to,
      to === 'queued' ? { next_attempt_at: Date.now() } : {},
      note,
    );
    this.d.wakeSender();
  }
}
