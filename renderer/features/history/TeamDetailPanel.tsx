// A call from the team's history, read-only: editing and resending stay with
// the desktop that logged it (its SQLite holds the call and its key sends it),
// so the supervisor is told which desktop must act, whether it is online, and
// who followed the call while it was away. A call this computer logged says so,
// and opens under "This computer", where it is edited and resent.
import { useQuery } from '@tanstack/react-query';
import type { EntrySummary } from '../../../shared/entry';
import type { ChannelOutput } from '../../../shared/ipc';
import { call } from '../../bridge';
import { keys } from '../../app/query';
import { useThisDesktop } from '../team/this-desktop';
import { copyRequestId, DetailFrame, EntryHeadline, NoticeLine, useNotice } from './DetailFrame';
import { EntryFacts } from './EntryFacts';
import { formatAt, offsetAt } from './format';

type TeamEntryDetail = ChannelOutput<'getTeamEntry'>;

interface Props {
  desktopId: string;
  id: number;
  onClose(): void;
  /** This computer's own call: show it under "This computer" (the id is the same there). */
  onOpenHere(entry: EntrySummary): void;
}

/**
 * Whether the call's desktop is online is worked out as the team reads (heard from in the last
 * minute, not signed off): nothing in the team database changes when a desktop falls silent, so
 * no teamChanged event comes. Read again this often while the details are open, or a crashed
 * desktop stays "online" until a watcher takes its call over minutes later.
 */
export const TEAM_DETAIL_REFRESH_MS = 15_000;

export function TeamDetailPanel({ desktopId, id, onClose, onOpenHere }: Props) {
  const entry = useQuery({
    queryKey: keys.teamEntry(desktopId, id),
    queryFn: () => call('getTeamEntry', { desktopId, id }),
    refetchInterval: TEAM_DETAIL_REFRESH_MS,
  });
  return (
    <DetailFrame query={entry} onClose={onClose}>
      {(data) => <TeamDetailBody entry={data} onOpenHere={onOpenHere} />}
    </DetailFrame>
  );
}

/** A time on this computer's clock, with its zone: the supervisor may sit in another than the desktop's. */
const at = (ms: number) => `${formatAt(ms)} ${offsetAt(ms)}`;

type OwnerFacts = Pick<TeamEntryDetail, 'desktopName' | 'ownerOnline' | 'ownerSeenAt' | 'ownerSignedOffAt' | 'watchedBy' | 'state' | 'agentName' | 'movedTo' | 'test'>;

/**
 * "Logged on FRONT-DESK-3 (online)…", closed or last seen when, and who must act
 * by the call's state: only a failed call needs its agent to edit and resend it.
 * `mine`: this computer logged it, so acting on it is done here.
 */
export function ownerLine(e: OwnerFacts, mine = false): string {
  if (mine) {
    const acts = e.movedTo
      ? `Moved to ${e.movedTo} with its agent, which sends it; this paused copy is not sent.`
      : e.state === 'failure' || e.state === 'error'
        ? 'Open it on This computer to edit and resend it.'
        : upperFirst(whoActs(e, e.agentName || 'Its agent', 'this computer'));
    return `Logged on this computer (${e.desktopName}). ${acts}`;
  }
  const seen = e.ownerOnline
    ? 'online'
    : e.ownerSignedOffAt !== null
      ? `closed ${at(e.ownerSignedOffAt)}`
      : e.ownerSeenAt === null
        ? 'not seen yet'
        : `last seen ${at(e.ownerSeenAt)}`;
  const on = e.desktopName;
  // The team's lists leave this copy out (the call is live where it went): its details show only if open as it moved.
  const acts = e.movedTo ? `Moved to ${e.movedTo} with its agent, which sends it; this paused copy is not sent.` : whoActs(e, e.agentName || 'Its agent', on);
  return `Logged on ${on} (${seen}). ${acts}`;
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function whoActs(e: OwnerFacts, agent: string, on: string): string {
  switch (e.state) {
    case 'failure':
    case 'error':
      return `${agent} must edit and resend it on ${on}.`;
    case 'success':
      return e.test ? `${on}’s built-in sandbox took it (a test call): nothing to do.` : 'LeadSquared has it: nothing to do.';
    case 'accepted':
    case 'in_queue':
      // Only the desktop that ran it can ask its built-in sandbox.
      if (e.test) return e.ownerOnline ? `A test call: followed by ${on} until its built-in sandbox gives the outcome.` : `A test call: only ${on} follows it, when it is back.`;
      if (e.ownerOnline) return `Followed by ${on} until LeadSquared gives its outcome.`;
      // Away: a watcher takes it over at once after a normal close, after 3 minutes of silence
      // otherwise (WATCHER_STALE_MS, electron/core/team/replicator.ts).
      if (e.watchedBy) return `Followed by ${e.watchedBy} while ${on} is away, until LeadSquared gives its outcome.`;
      return e.ownerSignedOffAt !== null
        ? `${on} closed: another online desktop of the team takes it over within seconds, until LeadSquared gives its outcome.`
        : `${on} is silent (a crash, a power cut or its network): once it has been silent 3 minutes, another online desktop of the team takes it over until LeadSquared gives its outcome.`;
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

function TeamDetailBody({ entry, onOpenHere }: { entry: TeamEntryDetail; onOpenHere: Props['onOpenHere'] }) {
  const [notice, setNotice] = useNotice();
  const mine = useThisDesktop()?.id === entry.desktopId;
  return (
    <>
      <EntryHeadline entry={entry} />
      <div className="history-owner" data-testid="call-owner">
        <p>{ownerLine(entry, mine)}</p>
        {entry.movedFrom && (
          <p>
            Moved here from {entry.movedFrom} with its agent; the paused copy there is not sent and not counted.
          </p>
        )}
        {entry.watchedBy && entry.state !== 'accepted' && entry.state !== 'in_queue' && (
          <p>
            Followed by {entry.watchedBy} while {mine ? 'this computer' : entry.desktopName} was away.
          </p>
        )}
      </div>
      <dl className="history-facts">
        <div className="history-fact">
          <dt>Agent</dt>
          <dd>{entry.agentName || <span className="history-muted">(no name)</span>}</dd>
        </div>
      </dl>
      {(mine || entry.requestId) && (
        <div className="history-actions">
          {mine && (
            // Its summary as this computer lists it: the same id, without the team's desktop.
            <button type="button" className="button button-primary" onClick={() => onOpenHere(localSummary(entry))}>
              Open on This computer
            </button>
          )}
          {entry.requestId && (
            <button type="button" className="button" onClick={() => void copyRequestId(entry.requestId!, setNotice)}>
              Copy RequestID
            </button>
          )}
        </div>
      )}
      <NoticeLine notice={notice} />
      <EntryFacts entry={entry} />
    </>
  );
}

/** A team call of this computer's as its own list has it: same id, no desktop (History opens it under "This computer"). */
function localSummary({ desktopId: _id, desktopName: _name, ...summary }: TeamEntryDetail): EntrySummary {
  return summary;
}
