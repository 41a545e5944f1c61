// Settings as the form holds them (lists as one item per line) and back, checked
// with the shared settingsSchema so the page says what main would say, next to
// the field main would name. The API key is not here on purpose: it never
// enters form state (see ApiKeyField).
import type { FieldErrors, Resolver } from 'react-hook-form';
import { z } from 'zod';
import { settingsSchema, type Settings, type SettingsField } from '../../../shared/settings';

export interface SettingsFormValues {
  asyncHost: string;
  /** The "send the key to this host" box: saved as the host itself (see settingsSchema.trustedHost). */
  trustedHost: boolean;
  callLogUrl: string;
  useSandbox: boolean;
  timeZone: string;
  agentName: string;
  agentNumber: string;
  displayNumber: string;
  /** One status per line. */
  callStatuses: string;
  /** One template per line. */
  notesTemplates: string;
  globalShortcut: string;
}

export const SETTINGS_FIELDS = [
  'asyncHost',
  'trustedHost',
  'callLogUrl',
  'useSandbox',
  'timeZone',
  'agentName',
  'agentNumber',
  'displayNumber',
  'callStatuses',
  'notesTemplates',
  'globalShortcut',
] as const satisfies readonly (SettingsField & keyof SettingsFormValues)[];

export const isSettingsField = (f: string | null): f is (typeof SETTINGS_FIELDS)[number] =>
  f !== null && (SETTINGS_FIELDS as readonly string[]).includes(f);

/** Blank lines are spacing, not empty items; an item typed twice is meant once. */
const lines = (text: string) => [
  ...new Set(
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  ),
];

export function toFormValues(s: Settings): SettingsFormValues {
  return {
    ...s,
    trustedHost: s.trustedHost !== '' && s.trustedHost === s.asyncHost,
    callStatuses: s.callStatuses.join('\n'),
    notesTemplates: s.notesTemplates.join('\n'),
  };
}

export const settingsFormSchema = z
  .object({
    asyncHost: z.string(),
    trustedHost: z.boolean(),
    callLogUrl: z.string(),
    useSandbox: z.boolean(),
    timeZone: z.string(),
    agentName: z.string(),
    agentNumber: z.string(),
    displayNumber: z.string(),
    callStatuses: z.string(),
    notesTemplates: z.string(),
    globalShortcut: z.string(),
  })
  .transform(
    (v): z.input<typeof settingsSchema> => ({
      ...v,
      // The box confirms the host shown next to it, as pasted: the schema keeps the same host of both.
      trustedHost: v.trustedHost ? v.asyncHost : '',
      callStatuses: lines(v.callStatuses),
      notesTemplates: lines(v.notesTemplates),
    }),
  )
  .pipe(settingsSchema);

/**
 * settingsSchema reports list problems at ['callStatuses', 3]; the form has one
 * textarea per list, so every issue goes on the field its path starts with.
 */
export const settingsResolver: Resolver<SettingsFormValues, unknown, Settings> = async (values) => {
  const r = settingsFormSchema.safeParse(values);
  if (r.success) return { values: r.data, errors: {} };
  const errors: Record<string, { type: string; message: string }> = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? 'root');
    errors[key] ??= { type: issue.code, message: issue.message };
  }
  return { values: {}, errors: errors as FieldErrors<SettingsFormValues> };
};

/** Zones for the time-zone suggestions: UTC first (LeadSquared's documented rule), then the browser's list. */
export function timeZoneSuggestions(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...all.filter((z) => z !== 'UTC')];
}
