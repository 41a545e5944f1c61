// Settings the agent (or an admin) edits. Validation messages name the field in
// the words the Settings page uses, so an error can be shown next to it.
import { z } from 'zod';
import { optionalPhoneNumber } from './call-log';
import { isValidTimeZone, DEFAULT_TIME_ZONE } from './time-rule';

export const ASYNC_HOST_SUGGESTIONS = [
  { region: 'India', host: 'asyncapi-in21.leadsquared.com' },
  { region: 'USA', host: 'asyncapi-us11.leadsquared.com' },
  { region: 'Singapore', host: 'asyncapi.leadsquared.com' },
  { region: 'Default (API docs example)', host: 'api-async.leadsquared.com' },
] as const;

export const SETTINGS_LABELS = {
  asyncHost: 'Async API host',
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

/** host or host:port, no scheme or path: the async host LeadSquared assigns per region. */
export const asyncHostSchema = z
  .string()
  .trim()
  .max(253, `${L.asyncHost} is too long`)
  .refine(
    (s) => s === '' || /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/.test(s),
    `${L.asyncHost} should be a host name like asyncapi-in21.leadsquared.com, without https:// or a path`,
  );

const listOf = (label: string, max: number) =>
  z
    .array(z.string().trim().min(1, `${label} cannot contain an empty item`).max(max, `${label}: an item is longer than ${max} characters`))
    .max(50, `${label} can hold 50 items at most`);

export const settingsSchema = z.strictObject({
  asyncHost: asyncHostSchema,
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
