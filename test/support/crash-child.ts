// A separate engine process for the crash test: `log N` logs N calls in a burst
// and keeps sending until killed; `drain` resumes and exits when all are final.
import { CallLogService } from '../../electron/core/service';
import { FileKeyCipher } from '../../electron/core/vault';
import { isFinalState } from '../../shared/entry';
import { callInput, FAST_TIMING } from './engine';

const [mode, dataDir, host, callLogUrl, apiKey, count] = process.argv.slice(2) as [string, string, string, string, string, string];
const rateLimit = { limit: 10, windowMs: 500 };

const svc = await CallLogService.open({
  dataDir,
  cipher: new FileKeyCipher(dataDir),
  env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' },
  timing: { ...FAST_TIMING, rateLimit },
});
await svc.updateSettings({ useSandbox: false, asyncHost: host, trustedHost: host, callLogUrl });
svc.setKey(apiKey);

if (mode === 'log') {
  for (let i = 0; i < Number(count); i++) svc.logCall(callInput({ callSessionId: `crash-${i}` }));
  process.stdout.write('logged\n');
} else {
  const timer = setInterval(() => {
    const all = svc.listEntries({ limit: 500 });
    if (all.items.every((e) => isFinalState(e.state))) {
      clearInterval(timer);
      const recovered = all.items.filter((e) => svc.getEntry(e.id).transitions.some((t) => /app stopped/.test(t.note ?? ''))).length;
      process.stdout.write(`${JSON.stringify({ total: all.total, states: all.items.map((e) => e.state), recovered })}\n`);
      void svc.close().then(() => process.exit(0));
    }
  }, 50);
}
