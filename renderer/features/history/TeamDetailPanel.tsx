// A call from the team's history, read-only: editing and resending stay with
// the desktop that logged it (its SQLite holds the call and its key sends it),
// so the supervisor is told which desktop must act, whether it is online, and
// who followed the call while it was away.
import { useQuery } from '@tanstack/react-query';
import type { ChannelOutput } from '../../../shared/ipc';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { copyRequestId, DetailFrame, EntryHeadline, NoticeLine, useNotice } from './DetailFrame';
import { EntryFacts } from './EntryFacts';
import { formatAt } from './format';

type TeamEntryDetail = ChannelOutput<'getTeamEntry'>;

interface Props {
  desktopId: string;
  id: number;
  onClose(): void;
}

export function TeamDetailPanel({ desktopId, id, onClose }: Props) {
  const entry = useQuery({ queryKey: keys.teamEntry(desktopId, id), queryFn: () => call('getTeamEntry', { desktopId, id }) });
  return (
    <DetailFrame query={entry} onClose={onClose}>
      {(data) => <TeamDetailBody entry={data} />}
    </DetailFrame>
  );
}

/**
 * "Logged on FRONT-DESK-3 (online)…", or when it was last seen, and who must act
 * by the call's state: only a failed call needs its agent to edit and resend it.
 */
export function ownerLine(e: Pick<TeamEntryDetail, 'desktopName' | 'ownerOnline' | 'ownerSeenAt' | 'state' | 'agentName' | 'movedTo'>): string {
  const seen = e.ownerOnline ? 'online' : e.ownerSeenAt === null ? 'not seen yet' : `last seen ${formatAt(e.ownerSeenAt)}`;
  const on = e.desktopName;
  // The team's lists leave this copy out (the call is live where it went): its details show only if open as it moved.
  const acts = e.movedTo ? `Moved to ${e.movedTo} with its agent, which sends it; this paused copy is not sent.` : whoActs(e.state, e.agentName || 'Its agent', on);
  return `Logged on ${on} (${seen}). ${acts}`;
}

function whoActs(state: TeamEntryDetail['state'], agent: string, on: string): string {
  switch (state) {
    case 'failure':
    case 'error':
      return `${agent} must edit and resend it on ${on}.`;
    case 'success':
      return 'LeadSquared has it: nothing to do.';
    case 'accepted':
    case 'in_queue':
      return `Followed by ${on} until LeadSquared gives its outcome.`;
    case 'needs_key':
      return `Waiting on ${on} for the API key to be pasted there.`;
    case 'needs_setup':
      return `Waiting on ${on} for its Settings to be completed.`;
    case 'paused':
      return `Paused on ${on} (an import cancelled there, or the call moved to another computer with its agent); only ${on} can resume it.`;
    default:
      return `Sent from ${on} as its turn comes.`;
  }
}

function TeamDetailBody({ entry }: { entry: TeamEntryDetail }) {
  const [notice, setNotice] = useNotice();
  return (
    <>
      <EntryHeadline entry={entry} />
      <div className="history-owner" data-testid="call-owner">
        <p>{ownerLine(entry)}</p>
        {entry.movedFrom && (
          <p>
            Moved here from {entry.movedFrom} with its agent; the paused copy there is not sent and not counted.
          </p>
        )}
        {entry.watchedBy && (
          <p>
            Followed by {entry.watchedBy} while {entry.desktopName} was away.
          </p>
        )}
      </div>
      <dl className="history-facts">
        <div className="history-fact">
          <dt>Agent</dt>
          <dd>{entry.agentName || <span className="history-muted">(no name)</span>}</dd>
        </div>
      </dl>
      {entry.requestId && (
        <div className="history-actions">
          <button type="button" className="button" onClick={() => void copyRequestId(entry.requestId!, setNotice)}>
            Copy RequestID
          </button>
        </div>
      )}
      <NoticeLine notice={notice} />
      <EntryFacts entry={entry} />
    </>
  );
}
