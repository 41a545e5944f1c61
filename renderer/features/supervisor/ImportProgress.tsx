// An import batch draining through the rate limit: how much is sent, accepted
// and final, and roughly how long the rest will take at the pace it is getting. Refreshed by the live
// entry events (its query sits under ['entries']), never by a timer. Cancel
// keeps the unsent calls on this computer, paused, until Resume.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useLayoutEffect, useRef, type RefObject } from 'react';
import type { ChannelOutput } from '../../../shared/ipc';
import { call } from '../../bridge';
import { keys } from '../../app/query';

type Progress = ChannelOutput<'importProgress'>;

const number = new Intl.NumberFormat();
const calls = (n: number) => `${number.format(n)} ${n === 1 ? 'call' : 'calls'}`;

/**
 * The estimate in words: precise enough to plan a coffee, not a stopwatch. Main measures it from
 * the pace the import actually gets, so until enough has gone there is no honest number.
 */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating the time left';
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h left` : `about ${h} h ${m} min left`;
}

/** The one line that says where the batch is; announced when it changes. */
function headline(p: Progress, blocked: string | null): string {
  const sent = p.total - p.unsent - p.paused;
  if (p.paused > 0) return `Paused: ${calls(p.paused)} kept on this computer, not sent.`;
  // Without a connection nothing drains, so a time estimate would be a fiction.
  if (p.unsent > 0 && blocked) return `Waiting: ${calls(p.unsent)} saved on this computer, not sent yet: ${blocked}`;
  if (p.unsent > 0) return `Sending: ${number.format(sent)} of ${number.format(p.total)} sent, ${formatEta(p.etaSeconds)}.`;
  if (p.final < p.total) return `All ${number.format(p.total)} sent; waiting for LeadSquared’s final status on ${number.format(p.accepted)}.`;
  const ok = p.final - p.failed;
  return p.failed === 0
    ? `Done: all ${calls(p.total)} reached Success.`
    : `Done: ${number.format(ok)} reached Success, ${number.format(p.failed)} Failure or Error (see History).`;
}

/**
 * Cancel and Resume replace each other, and both go once everything is sent, so the button a
 * keyboard user pressed disappears under them and focus would fall to the page's body: it moves
 * to the button shown instead, or to the headline when none is left. Focus the agent has taken
 * elsewhere is left alone.
 */
function useFocusKeptIn(actions: RefObject<HTMLDivElement | null>, fallback: RefObject<HTMLElement | null>): void {
  const wasHere = useRef(false);
  useLayoutEffect(() => {
    const active = document.activeElement;
    if (active && actions.current?.contains(active)) {
      wasHere.current = true;
      return;
    }
    if (!wasHere.current) return;
    wasHere.current = false;
    if (active && active !== document.body) return;
    const next = actions.current?.querySelector<HTMLButtonElement>('button') ?? fallback.current;
    next?.focus();
    if (next && next !== fallback.current) wasHere.current = true;
  });
}

export function ImportProgress({ batchId }: { batchId: string }) {
  const qc = useQueryClient();
  const labelId = useId();
  const key = keys.importProgress(batchId);
  const progress = useQuery({ queryKey: key, queryFn: () => call('importProgress', { batchId }) });
  const conn = useQuery({ queryKey: keys.connection, queryFn: () => call('getConnectionInfo') });
  const blocked = conn.data && !conn.data.ready ? (conn.data.reason ?? 'LeadSquared is not set up') : null;
  const onSuccess = (p: Progress) => qc.setQueryData(key, p);
  const cancel = useMutation({ mutationFn: () => call('cancelImport', { batchId }), onSuccess });
  const resume = useMutation({ mutationFn: () => call('resumeImport', { batchId }), onSuccess });
  const actionsRef = useRef<HTMLDivElement>(null);
  const headlineRef = useRef<HTMLParagraphElement>(null);
  useFocusKeptIn(actionsRef, headlineRef);

  if (progress.isError) {
    return (
      <p className="field-error" role="alert">
        Could not read the import’s progress: {progress.error.message}
      </p>
    );
  }
  const p = progress.data;
  if (!p) return <p className="hint">Loading progress…</p>;

  const sent = p.total - p.unsent - p.paused;
  const failedAction = cancel.error ?? resume.error;
  return (
    <div className="import-progress">
      <div className="import-progress-head">
        <span id={labelId} className="import-progress-label">
          Import progress
        </span>
        <progress aria-labelledby={labelId} aria-valuetext={`${sent} of ${p.total} sent`} max={Math.max(1, p.total)} value={sent} />
      </div>
      <p ref={headlineRef} className="import-headline" role="status" tabIndex={-1}>
        {headline(p, blocked)}
      </p>
      <ul className="import-figures" aria-label="Import counts">
        <li>
          <strong>{number.format(sent)}</strong> of {number.format(p.total)} sent
        </li>
        <li>
          <strong>{number.format(p.accepted)}</strong> accepted, awaiting final status
        </li>
        <li>
          <strong>{number.format(p.final)}</strong> final{p.failed > 0 && <> ({number.format(p.failed)} Failure or Error)</>}
        </li>
        {p.paused > 0 && (
          <li>
            <strong>{number.format(p.paused)}</strong> paused
          </li>
        )}
      </ul>
      <div ref={actionsRef} className="import-actions">
        {/* Never disabled while pending (a disabled button drops keyboard focus): a repeat press is ignored. */}
        {p.unsent > 0 && (
          <button type="button" className="button" aria-disabled={cancel.isPending} onClick={() => !cancel.isPending && cancel.mutate()}>
            Cancel import
          </button>
        )}
        {p.paused > 0 && (
          <button type="button" className="button button-primary" aria-disabled={resume.isPending} onClick={() => !resume.isPending && resume.mutate()}>
            Resume import
          </button>
        )}
      </div>
      {failedAction && (
        <p className="field-error" role="alert">
          {failedAction.message}
        </p>
      )}
    </div>
  );
}
