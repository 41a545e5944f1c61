// The line above every page: which mode calls go to, and when sending has stopped, why and what
// to do. A stop is said in both modes (in sandbox mode too: a trainer's test fault parks calls
// just as a real 401 does), with Try again when a 401 is all that stopped it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../bridge';
import type { ChannelOutput } from '../../shared/ipc';
import { keys } from './query';

type ConnectionInfo = ChannelOutput<'getConnectionInfo'>;

const calls = (n: number) => (n === 1 ? '1 call' : `${n} calls`);

export function ConnectionBanner() {
  const conn = useQuery({
    queryKey: keys.connection,
    queryFn: () => call('getConnectionInfo'),
    // Entry changes refresh it. The team's budget can fill, or calls wait for a slot, without
    // anything changing on this computer: then, and while sending is slowed, look again now and then.
    refetchInterval: (q) => {
      const s = q.state.data?.sending;
      if (s?.waiting) return 2000;
      return s?.message || s?.budget === 'team' ? 5000 : false;
    },
  });
  if (!conn.data) return null;
  const info = conn.data;
  const stopped = !info.ready && info.reason ? <StoppedBanner info={info} /> : null;
  if (info.mode === 'sandbox') {
    const held = info.otherModeWaiting;
    return (
      <>
        <div className={held ? 'banner banner-warn' : 'banner banner-info'} role="status">
          Sandbox mode: calls go to the built-in LeadSquared simulator, not your CRM. Turn off “Use sandbox” in Settings to log real calls.
          {held > 0 && ` ${calls(held)} logged for your LeadSquared account ${held === 1 ? 'waits' : 'wait'} until you do: ${held === 1 ? 'it goes' : 'they go'} only there.`}
        </div>
        {stopped}
      </>
    );
  }
  if (stopped) return stopped;
  if (info.sending.message) {
    return (
      <div className="banner banner-info" role="status" data-testid="sending-pace">
        {info.sending.message}
      </div>
    );
  }
  return null;
}

function StoppedBanner({ info }: { info: ConnectionInfo }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tryAgain = async () => {
    setBusy(true);
    setError(null);
    try {
      qc.setQueryData(keys.connection, await call('retryRefusedKey'));
    } catch (err) {
      setError(`Could not try again: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const checks = info.checksWaiting;
  return (
    <div className="banner banner-warn banner-stopped" role="alert" data-testid="sending-stopped">
      <span>
        Sending has stopped; calls are saved, not sent: {info.reason}
        {/* Status checks use the same key: while it is refused they would be refused too, so they wait; said, not hidden. */}
        {checks > 0 && ` ${calls(checks)} already accepted ${checks === 1 ? 'waits' : 'wait'} for ${checks === 1 ? 'its' : 'their'} status check too.`}
        {error && ` ${error}`}
      </span>
      {info.keyRefused && (
        <button type="button" className="button button-small" disabled={busy} onClick={() => void tryAgain()}>
          Try again
        </button>
      )}
    </div>
  );
}
