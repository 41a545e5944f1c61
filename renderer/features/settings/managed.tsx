// Settings an IT policy manages: a notice saying which fields are locked and
// by whom (and what in the policy file was ignored), and the register wrapper
// that makes a locked field read-only. Main refuses a change to a locked field
// anyway; this only keeps the page from offering one.
import type { FieldPath, UseFormRegister } from 'react-hook-form';
import { SETTINGS_LABELS, type SettingsField } from '../../../shared/settings';
import type { ChannelOutput } from '../../../shared/ipc';
import type { SettingsFormValues } from './settings-form';

export type PolicyInfo = ChannelOutput<'getPolicy'>;

export function lockedRegister(register: UseFormRegister<SettingsFormValues>, policy: PolicyInfo | undefined): UseFormRegister<SettingsFormValues> {
  const locked = new Set<string>(policy?.locked ?? []);
  if (locked.size === 0) return register;
  return ((name: FieldPath<SettingsFormValues>, options?: Parameters<typeof register>[1]) => {
    const props = register(name, options);
    if (!locked.has(name)) return props;
    const title = `Locked: set by ${policy?.setBy ?? 'your IT administrator'}`;
    // A checkbox ignores readOnly: its click is cancelled instead (Space fires a click too).
    return { ...props, readOnly: true, 'aria-readonly': true, title, onClick: (e: { preventDefault(): void }) => e.preventDefault() };
  }) as UseFormRegister<SettingsFormValues>;
}

export function ManagedNotice({ policy }: { policy: PolicyInfo | undefined }) {
  if (!policy?.source) return null;
  const label = (f: SettingsField) => SETTINGS_LABELS[f];
  return (
    <section className="panel settings-section managed" aria-labelledby="settings-managed">
      <h2 id="settings-managed">Managed by {policy.setBy}</h2>
      {policy.locked.length > 0 ? (
        <ul aria-label="Locked settings">
          {policy.locked.map((f) => (
            <li key={f}>
              <strong>{label(f)}</strong>: locked, set by {policy.setBy}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">Nothing is locked.</p>
      )}
      {policy.preset.some((f) => !policy.locked.includes(f)) && (
        <p className="hint">
          Preset, and yours to change: {policy.preset.filter((f) => !policy.locked.includes(f)).map(label).join(', ')}.
        </p>
      )}
      <p className="hint">Policy file: {policy.source}</p>
      {policy.problems.length > 0 && (
        <div role="alert" aria-label="Policy problems">
          <p className="warning">Parts of the policy file were ignored; tell your IT administrator:</p>
          <ul>
            {policy.problems.map((p) => (
              <li key={p} className="warning">
                {p}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
