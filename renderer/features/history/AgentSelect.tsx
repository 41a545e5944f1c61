// The agent filter in the team's history: a list of the team's agents (each
// with how many calls it logged), not a name to type and get exactly right.
// A name already in the filter stays an option even before the list has it,
// so the control never claims a filter other than the one applied.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ChannelOutput } from '../../../shared/ipc';

export type TeamAgents = UseQueryResult<ChannelOutput<'teamAgents'>>;

const number = new Intl.NumberFormat();

interface Props {
  id: string;
  value: string;
  agents: TeamAgents;
  /** The line saying why the agents could not be listed (the page draws it, full width, under the filters). */
  errorId?: string;
  onChange(agent: string): void;
}

export function AgentSelect({ id, value, agents, errorId, onChange }: Props) {
  // Calls logged without an agent's name cannot be picked by it (an empty filter is "all").
  const list = (agents.data?.agents ?? []).filter((a) => a.name.trim() !== '');
  const known = value === '' || list.some((a) => a.name.toLowerCase() === value.trim().toLowerCase());
  return (
    <div className="field history-filter-agent-list">
      <label htmlFor={id}>Agent</label>
      <select id={id} value={value} aria-describedby={agents.isError ? errorId : undefined} onChange={(e) => onChange(e.target.value)}>
        <option value="">All agents</option>
        {!known && <option value={value}>{value}</option>}
        {list.map((a) => (
          <option key={a.name} value={a.name}>
            {a.name} · {number.format(a.calls)} {a.calls === 1 ? 'call' : 'calls'}
          </option>
        ))}
      </select>
    </div>
  );
}
