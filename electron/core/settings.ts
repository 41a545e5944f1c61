// Settings live in an electron-store (Electron) or a plain `conf` store (browser
// host, tests): same class underneath. Reads are parsed field by field so one bad
// value on disk falls back to its default instead of bricking the app.
import Conf from 'conf';
import { EventEmitter } from 'node:events';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, SETTINGS_LABELS, settingsPatchSchema, settingsSchema, viewScopeSchema } from '../../shared/settings';
import type { Settings, SettingsField, ViewScope } from '../../shared/settings';
import { invalidInput } from '../../shared/errors';
import { hostTrustProblem } from './host-trust';
import { ConnectorUrlError, parseConnectorUrl } from './leadsquared/urls';

/** What both electron-store and conf provide. */
export interface SettingsBackend {
  readonly store: Record<string, unknown>;
  set(object: Record<string, unknown>): void;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(
    readonly field: SettingsField | null,
    message: string,
  ) {
    super(message);
  }
}

/** JSON Schema for the store's own at-rest check (types only; zod does the rest). */
export function settingsJsonSchema(): Record<string, object> {
  const schema = z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, object> };
  return Object.fromEntries(
    Object.entries(schema.properties).map(([k, v]) => [k, { ...v, default: DEFAULT_SETTINGS[k as SettingsField] }]),
  );
}

/** A conf store in `dir`; a file that fails to load is kept aside as settings.json.bad-<time>. */
export function openConfBackend(dir: string): SettingsBackend {
  const options = { cwd: dir, configName: 'settings', projectName: 'calllog', schema: settingsJsonSchema(), clearInvalidConfig: false, configFileMode: 0o600 };
  try {
    return new Conf<Record<string, unknown>>(options);
  } catch (err) {
    const file = join(dir, 'settings.json');
    if (!existsSync(file)) throw err;
    renameSync(file, `${file}.bad-${Date.now()}`);
    return new Conf<Record<string, unknown>>(options);
  }
}

function firstIssue(error: z.ZodError): SettingsError {
  const issue = error.issues[0]!;
  const field = (issue.path[0] as SettingsField | undefined) ?? null;
  if (issue.code === 'unrecognized_keys') return new SettingsError(null, `Unknown setting: ${issue.keys.join(', ')}`);
  const label = field && field in SETTINGS_LABELS ? SETTINGS_LABELS[field] : 'Setting';
  // Our own messages already name the field; zod's built-in ones (wrong type) do not.
  const message = issue.message.startsWith(label) ? issue.message : `${label}: ${issue.message}`;
  return new SettingsError(field, message);
}

/** Fields an IT policy locked: their values, and who set them (for the message). */
export interface SettingsLocks {
  values: Partial<Settings>;
  by: string;
}

/** Where the view scope is kept in the settings store: beside the settings, never read as one. */
const VIEW_SCOPE_KEY = 'viewScope';

export class SettingsService {
  readonly events = new EventEmitter();

  constructor(
    private readonly backend: SettingsBackend,
    private readonly allowHttpLoopback: boolean,
    private readonly locks: SettingsLocks = { values: {}, by: '' },
  ) {}

  get(): Settings {
    const stored = this.backend.store;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(DEFAULT_SETTINGS) as SettingsField[]) {
      const field = settingsSchema.shape[key].safeParse(stored[key]);
      out[key] = field.success ? field.data : DEFAULT_SETTINGS[key];
    }
    return { ...out, ...this.locks.values } as Settings;
  }

  /** Validates and saves a partial update; throws SettingsError naming the field. */
  update(patch: unknown): Settings {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw firstIssue(parsed.error);
    for (const [key, value] of Object.entries(parsed.data) as [SettingsField, unknown][]) {
      // The form sends every field: an unchanged locked value is fine, a change is not.
      if (key in this.locks.values && JSON.stringify(value) !== JSON.stringify(this.locks.values[key])) {
        throw new SettingsError(key, `${SETTINGS_LABELS[key]} is locked: it was set by ${this.locks.by} and cannot be changed here`);
      }
    }
    const next = { ...this.get(), ...parsed.data };
    // Checked when either is being set, so an unrelated save never fails on an old value.
    if ('asyncHost' in parsed.data || 'trustedHost' in parsed.data) {
      const problem = hostTrustProblem(next, this.allowHttpLoopback);
      if (problem) throw new SettingsError(problem.field, problem.message);
    }
    if (next.callLogUrl !== '') {
      try {
        parseConnectorUrl(next.callLogUrl, this.allowHttpLoopback);
      } catch (err) {
        if (err instanceof ConnectorUrlError) throw new SettingsError('callLogUrl', err.message);
        throw err;
      }
    }
    const prev = this.get();
    this.backend.set(next);
    this.events.emit('change', next, prev);
    return next;
  }

  /** "This computer" or "Team", as last chosen; "This computer" when never chosen or unreadable. */
  viewScope(): ViewScope {
    const kept = viewScopeSchema.safeParse(this.backend.store[VIEW_SCOPE_KEY]);
    return kept.success ? kept.data : 'local';
  }

  /** Keeps the choice for the next start (the browser host's page forgets: its origin's port changes). */
  setViewScope(raw: unknown): ViewScope {
    const scope = viewScopeSchema.safeParse(raw);
    if (!scope.success) throw invalidInput(scope.error, 'scope');
    this.backend.set({ [VIEW_SCOPE_KEY]: scope.data });
    return scope.data;
  }
}
