// Managed settings: IT presets (and optionally locks) settings for every desktop
// through one JSON file at a system-wide path, or wherever CALLLOG_POLICY_FILE
// points. The file is read field by field: a bad field is reported by name and
// dropped, and everything valid still applies, so a typo never stops the app.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SETTINGS_LABELS, settingsSchema, type Settings, type SettingsField } from '../../shared/settings';
import { ConnectorUrlError, parseConnectorUrl } from './leadsquared/urls';
import type { SettingsLocks, SettingsService } from './settings';
import { registerSecret } from './redact';
import { parseTeamUrl, TeamUrlError } from './team/team-url';

export const POLICY_ENV = 'CALLLOG_POLICY_FILE';

/**
 * Where IT puts the policy file on each OS (documented in docs/install.md), most trusted first.
 * On Windows C:\\ProgramData comes before %ProgramData%: anyone can set that variable for their
 * own session (setx), and must not move IT's file that way; it counts only for a Windows whose
 * ProgramData is elsewhere.
 */
export function systemPolicyPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    const dirs = ['C:\\ProgramData', env.ProgramData].filter((d): d is string => !!d);
    return [...new Set(dirs.map((d) => join(d, 'CallLogForLeadSquared', 'policy.json')))];
  }
  if (platform === 'darwin') return ['/Library/Application Support/CallLogForLeadSquared/policy.json'];
  return ['/etc/calllog-leadsquared/policy.json'];
}

/**
 * IT's file at the system-wide path wins whenever it exists: anyone can set an environment
 * variable for their own session, and must not shed IT's locks that way. CALLLOG_POLICY_FILE
 * is for desktops without one (tests, installs that keep the policy elsewhere).
 */
export function policyPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const system = systemPolicyPaths(platform, env);
  return system.find((p) => existsSync(p)) ?? (env[POLICY_ENV]?.trim() || system[0]!);
}

export interface UpdatePolicy {
  /** The generic update feed IT hosts (electron-builder's "generic" provider). */
  url: string | null;
  /** false: this desktop never checks (IT ships updates itself). */
  check: boolean;
}

export interface Policy {
  /** The file read, or null when there is none. */
  source: string | null;
  /** Who set it, as Settings shows it next to a locked field. */
  setBy: string;
  presets: Partial<Settings>;
  locked: SettingsField[];
  updates: UpdatePolicy;
  /** The team database every desktop uses (a connection string); set here, it cannot be changed in Settings. */
  teamDatabase: string | null;
  /** One sentence per field that was ignored, naming it. */
  problems: string[];
}

export const NO_POLICY: Policy = { source: null, setBy: '', presets: {}, locked: [], updates: { url: null, check: true }, teamDatabase: null, problems: [] };

const DEFAULT_SET_BY = 'your IT administrator';
const settingNames = Object.keys(SETTINGS_LABELS) as SettingsField[];
const isSetting = (k: string): k is SettingsField => (settingNames as string[]).includes(k);

const updateUrl = z
  .string()
  .trim()
  .url('must be a URL like https://updates.example.com/calllog/')
  .refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//i.test(u), 'must start with https://');

const firstMessage = (e: z.ZodError) => e.issues[0]?.message ?? 'is not valid';

/** The Call Log API URL is checked like Settings checks it, so a locked one can never be refused later. */
function connectorUrlProblem(url: string, allowHttpLoopback: boolean): string | null {
  if (url === '') return null;
  try {
    parseConnectorUrl(url, allowHttpLoopback);
    return null;
  } catch (err) {
    if (err instanceof ConnectorUrlError) return err.message;
    throw err;
  }
}

type Problem = (msg: string) => void;
type FieldParser = (value: unknown, into: Policy, problem: Problem, allowHttpLoopback: boolean) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseSetBy(value: unknown, into: Policy, problem: Problem): void {
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 100) into.setBy = value.trim();
  else problem('"setBy" must be a short text such as "Contoso IT helpdesk"; ignored');
}

function parseSettings(value: unknown, into: Policy, problem: Problem, allowHttpLoopback: boolean): void {
  if (!isObject(value)) return problem('"settings" must be an object of setting names and values; ignored');
  const presets: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isSetting(key)) {
      problem(`settings.${key} is not a setting (known: ${settingNames.join(', ')}); ignored`);
      continue;
    }
    const parsed = settingsSchema.shape[key].safeParse(v);
    const urlProblem = parsed.success && key === 'callLogUrl' ? connectorUrlProblem(parsed.data as string, allowHttpLoopback) : null;
    if (parsed.success && !urlProblem) presets[key] = parsed.data;
    else problem(`settings.${key} (${SETTINGS_LABELS[key]}): ${urlProblem ?? firstMessage(parsed.error!)}; ignored`);
  }
  into.presets = presets as Partial<Settings>;
}

function parseLocked(value: unknown, into: Policy, problem: Problem): void {
  if (!Array.isArray(value)) return problem('"locked" must be a list of setting names, e.g. ["asyncHost"]; ignored');
  for (const key of value) {
    if (typeof key !== 'string' || !isSetting(key)) problem(`locked: ${JSON.stringify(key)} is not a setting; ignored`);
    else if (!(key in into.presets)) problem(`locked: ${key} (${SETTINGS_LABELS[key]}) has no valid value under "settings", so it is not locked`);
    else if (!into.locked.includes(key)) into.locked.push(key);
  }
}

function parseUpdates(value: unknown, into: Policy, problem: Problem): void {
  if (!isObject(value)) return problem('"updates" must be an object like {"url": "https://…", "check": true}; ignored');
  if (value.url !== undefined) {
    const parsed = updateUrl.safeParse(value.url);
    if (parsed.success) into.updates.url = parsed.data.endsWith('/') ? parsed.data : `${parsed.data}/`;
    else problem(`updates.url ${firstMessage(parsed.error)}; ignored`);
  }
  if (value.check !== undefined) {
    if (typeof value.check === 'boolean') into.updates.check = value.check;
    else problem('updates.check must be true or false; ignored');
  }
}

function parseTeamDatabase(value: unknown, into: Policy, problem: Problem): void {
  if (typeof value !== 'string') return problem('"teamDatabase" must be a connection string like "postgres://user:password@db.example.com/calllog"; ignored');
  try {
    const target = parseTeamUrl(value);
    registerSecret(typeof target.config.password === 'string' ? target.config.password : null);
    into.teamDatabase = value.trim();
  } catch (err) {
    // The message names what is wrong, never the password.
    if (err instanceof TeamUrlError) problem(`teamDatabase: ${err.message.replace(/^Team database: /, '')}; ignored`);
    else problem('teamDatabase could not be read as a connection string; ignored');
  }
}

/** The file's top-level fields, read in this order ("locked" after "settings"). */
const FIELDS: Record<string, FieldParser> = {
  setBy: parseSetBy,
  settings: parseSettings,
  locked: parseLocked,
  updates: parseUpdates,
  teamDatabase: parseTeamDatabase,
};

/** Parses the file's text; never throws: what is wrong goes into `problems`. */
export function parsePolicy(text: string, source: string, allowHttpLoopback = false): Policy {
  const policy: Policy = { ...NO_POLICY, source, setBy: DEFAULT_SET_BY, presets: {}, locked: [], updates: { url: null, check: true }, teamDatabase: null, problems: [] };
  const problem = (msg: string) => void policy.problems.push(`Policy file ${source}: ${msg}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, '')); // Notepad saves a BOM
  } catch (err) {
    problem(`is not valid JSON (${(err as Error).message}); no setting was taken from it`);
    return policy;
  }
  if (!isObject(raw)) {
    problem('must hold one JSON object like {"settings": {...}, "locked": [...]}; no setting was taken from it');
    return policy;
  }
  const known = Object.keys(FIELDS);
  for (const key of Object.keys(raw)) if (!known.includes(key)) problem(`"${key}" is not a policy field (use ${known.join(', ')}); ignored`);
  for (const [key, parse] of Object.entries(FIELDS)) {
    if (raw[key] === undefined) continue;
    try {
      parse(raw[key], policy, problem, allowHttpLoopback);
    } catch {
      // A field's checker failing in a way nobody foresaw still must not stop the app on the whole floor.
      problem(`"${key}" could not be read; ignored`);
    }
  }
  return policy;
}

/** The policy at `file`, NO_POLICY when there is none; an unreadable file is a problem, not a crash. */
export function readPolicy(file: string, allowHttpLoopback = false): Policy {
  if (!existsSync(file)) return NO_POLICY;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ...NO_POLICY, source: file, problems: [`Policy file ${file} could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); no setting was taken from it`] };
  }
  return parsePolicy(text, file, allowHttpLoopback);
}

/** What Settings shows: which fields are locked, by whom, and what was wrong with the file. */
export interface PolicySummary {
  source: string | null;
  setBy: string | null;
  locked: SettingsField[];
  preset: SettingsField[];
  problems: string[];
}

export function summarize(p: Policy): PolicySummary {
  return {
    source: p.source,
    setBy: p.source ? p.setBy : null,
    locked: [...p.locked],
    preset: Object.keys(p.presets) as SettingsField[],
    problems: [...p.problems],
  };
}

/** What SettingsService enforces: the locked fields' values. */
export function settingsLocks(p: Policy): SettingsLocks {
  const values: Record<string, unknown> = {};
  for (const k of p.locked) values[k] = p.presets[k];
  return { values: values as Partial<Settings>, by: p.setBy };
}

/**
 * Unlocked presets are applied when the policy first brings them or later
 * changes them; after that the agent may change the field. The values last
 * applied are remembered in the data dir so a restart does not undo the agent.
 */
function presetsToApply(p: Policy, dataDir: string): { patch: Partial<Settings>; remember: () => void } {
  const memoFile = join(dataDir, 'policy-applied.json');
  let memo: Record<string, unknown> = {};
  try {
    if (existsSync(memoFile)) memo = JSON.parse(readFileSync(memoFile, 'utf8')) as Record<string, unknown>;
  } catch {
    memo = {}; // a damaged memo only means presets are applied once more
  }
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p.presets)) {
    if (!p.locked.includes(k as SettingsField) && JSON.stringify(memo[k]) !== JSON.stringify(v)) patch[k] = v;
  }
  return {
    patch: patch as Partial<Settings>,
    remember: () => writeFileSync(memoFile, JSON.stringify({ ...memo, ...patch }, null, 2), { mode: 0o600 }),
  };
}

/**
 * Applies the presets due (see presetsToApply) together, as Settings saves a form, so fields
 * checked against each other (a host outside LeadSquared and its "trustedHost") pass as they
 * would there. When main refuses that, one field at a time (the trust before the host it
 * confirms): a value main refuses is reported, the rest still apply.
 */
export function applyPresets(settings: SettingsService, p: Policy, dataDir: string): void {
  const { patch, remember } = presetsToApply(p, dataDir);
  const entries = Object.entries(patch).sort(([a], [b]) => Number(b === 'trustedHost') - Number(a === 'trustedHost'));
  if (entries.length === 0) return;
  try {
    settings.update(patch);
    remember();
    return;
  } catch {
    // One field is refused: find which, below.
  }
  for (const [key, value] of entries) {
    try {
      settings.update({ [key]: value });
    } catch (err) {
      p.problems.push(`Policy file ${p.source}: settings.${key}: ${(err as Error).message}; ignored`);
    }
  }
  remember();
}
