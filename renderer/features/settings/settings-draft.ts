// Unsaved Settings edits, kept while the app runs as Log call keeps a half-typed call: a trip to
// History to check what an edit is for must not lose it. Memory only, and never a secret: the API
// key and the team database's connection string have their own inputs and never enter form state.
import { SETTINGS_FIELDS, type SettingsFormValues } from './settings-form';

type Field = (typeof SETTINGS_FIELDS)[number];

/** Each edited field: what was typed, and the saved value it was typed over. */
let kept: { field: Field; typed: SettingsFormValues[Field]; over: SettingsFormValues[Field] }[] = [];

/** When the form closes: the fields that differ from what was saved, or nothing. */
export function keepSettingsDraft(values: SettingsFormValues, saved: SettingsFormValues): void {
  kept = SETTINGS_FIELDS.filter((f) => values[f] !== saved[f]).map((f) => ({ field: f, typed: values[f], over: saved[f] }));
}

/**
 * The edits to lay over the form, taken once. A field saved since (another window, an import from
 * the old PC, IT's policy locking it) shows what was saved: the edit was made against a value that
 * is gone.
 */
export function takeSettingsDraft(saved: SettingsFormValues, locked: readonly string[]): Partial<SettingsFormValues> {
  const out: Partial<SettingsFormValues> = {};
  for (const k of kept) if (saved[k.field] === k.over && !locked.includes(k.field)) Object.assign(out, { [k.field]: k.typed });
  kept = [];
  return out;
}
