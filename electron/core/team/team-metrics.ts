// LeadSquared's queue metrics shared through the team database: one desktop
// asks LeadSquared, the others read its answer. Anything wrong (no database,
// away, a row of the wrong shape) reads as "none", and the desktop asks itself.
import { z } from 'zod';
import type { ParsedMetrics } from '../../../shared/leadsquared';
import type { MetricsSnapshot, SharedMetrics } from '../status/queue-metrics';
import { METRICS_MAX } from './migration-15';
import type { TeamDatabase } from './team-db';

// Within the bounds save_metrics keeps to from schema step 15, checked again here: a database
// not yet upgraded takes whatever any desktop login saves, and a row out of bounds reads as none.
const stored = z.object({
  pendingMessages: z.number().nonnegative().max(METRICS_MAX.pendingMessages),
  maxDelaySeconds: z.number().nonnegative().max(METRICS_MAX.maxDelaySeconds),
  processingRatePerMinute: z.number().nonnegative().max(METRICS_MAX.processingRatePerMinute),
});

export class TeamMetrics implements SharedMetrics {
  constructor(private readonly db: () => TeamDatabase | null) {}

  async read(keyId: string, maxAgeMs: number): Promise<MetricsSnapshot | 'pending' | null> {
    const db = this.db();
    if (!db?.ready) return null;
    try {
      const r = await db.query<{ metrics: unknown; age_ms: number | null; pending: boolean }>(
        'SELECT metrics, age_ms, pending FROM calllog.latest_metrics($1, $2)',
        [keyId, maxAgeMs],
      );
      const row = r.rows[0];
      if (row?.pending) return 'pending';
      const metrics = stored.safeParse(row?.metrics);
      // The age is the database's own reckoning, so desktops' clocks do not matter.
      return row && metrics.success ? { metrics: metrics.data, at: Date.now() - Math.max(0, row.age_ms ?? 0) } : null;
    } catch {
      return null;
    }
  }

  write(keyId: string, metrics: ParsedMetrics): void {
    const db = this.db();
    if (!db?.ready) return;
    db.query('SELECT calllog.save_metrics($1, $2)', [keyId, JSON.stringify(metrics)]).catch(() => undefined);
  }
}
