// "This computer" / "Team": a segmented control made of native radio buttons
// (one tab stop, arrow keys move, screen readers say "1 of 2"). Shown only where
// a team database is set; when it is set but cannot be used, Team says why, and
// for an agent's login, which reads only its own calls there, it says so.
import { useId } from 'react';
import { teamWords, useChooseScope, type Scope, type TeamScope } from './scope';
import './team.css';

/** Why Team cannot be shown right now, in words; null when it can. */
function unavailableReason(info: NonNullable<TeamScope['info']>): string | null {
  if (info.state === 'connected') return null;
  if (info.state === 'connecting') return `Team: connecting to the team database (${info.display ?? 'team database'})…`;
  return `Team is unavailable: ${info.message ?? 'the team database cannot be reached.'}`;
}

export function ScopeSwitch({ scope, info, onChange }: TeamScope & { onChange?: (scope: Scope) => void }) {
  const id = useId();
  const chooseScope = useChooseScope();
  if (!info?.configured) return null;
  const reason = unavailableReason(info);
  const words = teamWords(info);
  const options: { value: Scope; label: string }[] = [
    { value: 'local', label: 'This computer' },
    { value: 'team', label: words.option },
  ];
  // What an agent's login can see in the team database, said beside the switch while it shows it.
  const why = reason ?? (scope === 'team' ? words.why : null);
  const pick = (s: Scope) => {
    chooseScope(s);
    onChange?.(s);
  };
  return (
    <fieldset className="scope-switch" aria-describedby={why ? `${id}-why` : undefined}>
      <legend className="visually-hidden">Show calls from</legend>
      <div className="scope-options">
        {options.map((o) => (
          <label key={o.value} className="scope-option">
            <input
              type="radio"
              name={`${id}-scope`}
              value={o.value}
              checked={scope === o.value}
              // Team stays selectable while chosen, so its page can say what went wrong and offer a retry.
              disabled={o.value === 'team' && reason !== null && scope !== 'team'}
              onChange={() => pick(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {why && (
        <p id={`${id}-why`} className="hint scope-why" role="status">
          {why}
        </p>
      )}
    </fieldset>
  );
}
