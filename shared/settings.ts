// Settings the agent (or an admin) edits. Validation messages name the field in
// the words the Settings page uses, so an error can be shown next to it.
import { z } from 'zod';
import { optionalPhoneNumber } from './call-log';
import { isLoopbackHost } from './loopback';
import { isValidTimeZone, DEFAULT_TIME_ZONE } from './time-zone';

export const ASYNC_HOST_SUGGESTIONS = [
  { region: 'India', host: 'asyncapi-in21.leadsquared.com' },
  { region: 'USA', host: 'asyncapi-us11.leadsquared.com' },
  { region: 'Singapore', host: 'asyncapi.leadsquared.com' },
  { region: 'Default (API docs example)', host: 'api-async.leadsquared.com' },
] as const;

export const SETTINGS_LABELS = {
  asyncHost: 'Async API host',
  trustedHost: 'Trust this host outside LeadSquared',
  callLogUrl: 'Call Log API URL',
  useSandbox: 'Use sandbox',
  timeZone: 'Time zone for call times',
  agentName: 'Agent name',
  agentNumber: 'Agent phone number',
  displayNumber: 'Display number (IVR)',
  callStatuses: 'Call status choices',
  notesTemplates: 'Notes templates',
  globalShortcut: 'Log-call shortcut',
} as const;
export type SettingsField = keyof typeof SETTINGS_LABELS;

const L = SETTINGS_LABELS;

const HOST_RE = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

/** The host name of `host:port`, lower-cased. */
export const hostNameOf = (host: string) => host.trim().toLowerCase().replace(/:\d+$/, '');
export const isLeadSquaredHost = (host: string) => /(^|\.)leadsquared\.com$/.test(hostNameOf(host));

export type KeptHost = { ok: true; host: string } | { ok: false; message: string };

/**
 * What to keep of a pasted "Async API host": `https://host:port/any/path`,
 * `host/path` and a bare `host[:port]` all keep `host:port`, lower-cased
 * (https's own port 443 is implied and dropped).
 */
export function keepAsyncHost(pasted: string): KeptHost {
  const text = pasted.trim();
  if (text === '') return { ok: true, host: '' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') return { ok: false, message: `${L.asyncHost} must be an https:// address or a host name` };
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `https://${text}` : text);
  } catch {
    return { ok: false, message: `${L.asyncHost} should be a host name like asyncapi-in21.leadsquared.com` };
  }
  if (url.username || url.password) return { ok: false, message: `${L.asyncHost} must not contain a user name or password` };
  // An https:// page's default port is 443 either way; http:// is only ever for a loopback sandbox.
  const host = scheme === 'http' && !url.port ? `${url.hostname}:80` : url.host;
  if (scheme === 'http' && !isLoopbackHost(host)) return { ok: false, message: `${L.asyncHost} must use https://: LeadSquared does not accept plain http://` };
  if (!HOST_RE.test(host) && !/^\[::1\](:\d{1,5})?$/.test(host)) {
    return { ok: false, message: `${L.asyncHost} should be a host name like asyncapi-in21.leadsquared.com` };
  }
  return { ok: true, host };
}

/** host or host:port; a pasted https:// address keeps its host and port (see keepAsyncHost). */
export const asyncHostSchema = z
  .string()
  .max(2000, `${L.asyncHost} is too long`)
  .transform((s, ctx) => {
    const kept = keepAsyncHost(s);
    if (kept.ok) return kept.host;
    ctx.addIssue({ code: 'custom', message: kept.message });
    return z.NEVER;
  })
  .refine((s) => s.length <= 253, `${L.asyncHost} is too long`);

const listOf = (label: string, max: number) =>
  z
    .array(z.string().trim().min(1, `${label} cannot contain an empty item`).max(max, `${label}: an item is longer than ${max} characters`))
    .max(50, `${label} can hold 50 items at most`);

export const settingsSchema = z.strictObject({
  asyncHost: asyncHostSchema,
  /**
   * The one host outside leadsquared.com the agent confirmed the key may go to
   * (a proxy, a development sandbox); empty when none. Only an exact match counts.
   */
  trustedHost: asyncHostSchema,
  callLogUrl: z.string().trim().max(500, `${L.callLogUrl} is too long`),
  useSandbox: z.boolean({ error: `${L.useSandbox} must be on or off` }),
  timeZone: z
    .string()
    .trim()
    .max(64, `${L.timeZone} is too long`)
    .refine(isValidTimeZone, `${L.timeZone} must be UTC or a zone name like Asia/Kolkata`),
  agentName: z.string().trim().max(100, `${L.agentName} is too long (100 characters at most)`),
  agentNumber: optionalPhoneNumber(L.agentNumber).transform((v) => v ?? ''),
  displayNumber: optionalPhoneNumber(L.displayNumber).transform((v) => v ?? ''),
  callStatuses: listOf(L.callStatuses, 50).min(1, `${L.callStatuses} needs at least one status`),
  notesTemplates: listOf(L.notesTemplates, 1000),
  globalShortcut: z
    .string()
    .trim()
    .max(60)
    .regex(/^([A-Za-z]+\+)*[A-Za-z0-9]+$/, `${L.globalShortcut} should look like CommandOrControl+Shift+L`),
});
export type Settings = z.output<typeof settingsSchema>;

/** A partial update: only the fields being changed. */
export const settingsPatchSchema = settingsSchema.partial();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  asyncHost: '',
  trustedHost: '',
  callLogUrl: '',
  useSandbox: true,
  timeZone: DEFAULT_TIME_ZONE,
  agentName: '',
  agentNumber: '',
  displayNumber: '',
  callStatuses: ['Answered', 'Missed', 'Busy', 'No Answer', 'Voicemail', 'Failed'],
  notesTemplates: ['Interested, call back later', 'Not interested', 'Wrong number', 'Requested brochure by email'],
  globalShortcut: 'CommandOrControl+Shift+L',
};

/**
 * Which calls History and the Dashboard show: this computer's ('local') or the team database's.
 * Kept beside the settings (a supervisor who works in Team opens in Team the next morning), not one
 * of them: not on the Settings page, not locked by IT, not moved to a new PC.
 */
export const VIEW_SCOPES = ['local', 'team'] as const;
export const viewScopeSchema = z.enum(VIEW_SCOPES, { error: 'Scope must be "local" (this computer) or "team"' });
export type ViewScope = z.output<typeof viewScopeSchema>;
