// What the hosts may ask about the team database: the setting, and the team's
// history (read-only here; the desktop that logged a call acts on it). Inputs
// arrive unparsed and are parsed here, like every service operation.
import { z } from 'zod';
import { listQuerySchema } from '../../../shared/entry';
import { AppError, invalidInput } from '../../../shared/errors';
import type { DayWindow } from '../reports';
import { describePgError } from './team-db';
import type { TeamDatabaseInfo, TeamLink } from './team-link';
import type { TeamDashboard, TeamEntryDetail, TeamEntrySummary, TeamHistory } from './team-history';
import { TeamUrlError } from './team-url';

const refSchema = z.strictObject({
  desktopId: z.string().min(1).max(100),
  id: z.number().int().positive(),
});

/** A team database setting refused, in words for the field. */
function settingError(err: unknown): never {
  if (err instanceof TeamUrlError) throw new AppError('invalid_input', err.message, 'teamDatabase');
  if (err instanceof z.ZodError) throw invalidInput(err, 'teamDatabase');
  if (/cannot|unavailable|not available/i.test((err as Error)?.message ?? '')) throw new AppError('unavailable', (err as Error).message, 'teamDatabase');
  throw err;
}

export class TeamTools {
  constructor(
    private readonly link: TeamLink,
    private readonly changed: () => void,
    private readonly log?: (msg: string) => void,
  ) {}

  database(): TeamDatabaseInfo {
    return this.link.info();
  }

  /** For diagnostics: the team database as Settings shows it, and what is not copied to it yet. */
  support(): TeamDatabaseInfo & { notYetCopied: { calls: number; transitions: number } | null } {
    return { ...this.link.info(), notYetCopied: this.link.pendingReplication() };
  }

  /** Saves the connection string (encrypted) and connects; says at once whether it works. */
  async setDatabase(raw: unknown): Promise<TeamDatabaseInfo> {
    const info = await this.link.set(raw).catch(settingError);
    this.changed();
    return info;
  }

  async clearDatabase(): Promise<TeamDatabaseInfo> {
    const info = await this.link.clear().catch(settingError);
    this.changed();
    return info;
  }

  async list(raw: unknown): Promise<{ offset: number; items: TeamEntrySummary[] }> {
    const q = listQuerySchema.safeParse(raw ?? {});
    if (!q.success) throw invalidInput(q.error);
    return this.read((h) => h.list(q.data));
  }

  async count(raw: unknown): Promise<{ total: number; exact: boolean }> {
    const q = listQuerySchema.safeParse(raw ?? {});
    if (!q.success) throw invalidInput(q.error);
    return this.read((h) => h.count(q.data));
  }

  async get(raw: unknown): Promise<TeamEntryDetail> {
    const ref = refSchema.safeParse(raw);
    if (!ref.success) throw invalidInput(ref.error);
    const e = await this.read((h) => h.detail(ref.data.desktopId, ref.data.id));
    if (!e) throw new AppError('not_found', 'That call is not in the team’s history (or this login may not see it)');
    return e;
  }

  agents(): Promise<{ agents: { name: string; calls: number }[] }> {
    return this.read(async (h) => ({ agents: await h.agents() }));
  }

  dashboard(day: DayWindow): Promise<TeamDashboard> {
    return this.read((h) => h.dashboard(day));
  }

  async exportCsv(raw: unknown): Promise<{ csv: string; rows: number }> {
    const q = listQuerySchema.safeParse(raw ?? {});
    if (!q.success) throw invalidInput(q.error);
    return this.read((h) => h.exportCsv(q.data));
  }

  /** The team's history, or why it cannot be read, in words. */
  private async read<T>(fn: (h: TeamHistory) => Promise<T>): Promise<T> {
    const h = this.link.teamHistory();
    const info = this.link.info();
    if (!h) throw new AppError('not_allowed', 'No team database yet: a supervisor sets one in Settings › Team database to see every agent’s calls.');
    if (info.state !== 'connected') {
      throw new AppError('unavailable', `${info.message ?? 'The team database is not connected yet.'} This computer’s calls are still saved and sent.`);
    }
    try {
      return await fn(h);
    } catch (err) {
      if (err instanceof AppError) throw err;
      if ((err as { code?: string }).code === '42501') {
        throw new AppError('not_allowed', 'This computer’s team database login may not read the team’s history: ask for a supervisor login (docs/team.md).');
      }
      // The details stay in the log (they never carry the connection string); the page gets words.
      this.log?.(`team history: ${describePgError(err)}`);
      throw new AppError('unavailable', 'The team database did not answer; try again in a moment. This computer’s calls are safe.');
    }
  }
}
