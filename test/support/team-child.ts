// A separate desktop process for the replication kill test: `log N` logs N
// calls into its outbox and copies them to the team database until killed;
// `drain` reopens the same data dir and exits once the team database has
// every call and every state change it holds locally.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { CallLogService } from '../../electron/core/service';
import { FileKeyCipher } from '../../electron/core/vault';
import { callInput, FAST_TIMING } from './engine';

const [mode, dataDir, host, callLogUrl, apiKey, teamUrl, count, killAfter] = process.argv.slice(2) as [string, string, string, string, string, string, string, string?];
let stored = 0;

const svc = await CallLogService.open({
  dataDir,
  cipher: new FileKeyCipher(dataDir),
  env: { CALLLOG_ALLOW_HTTP_LOOPBACK: '1' },
  // Small batches; `killAfter` kills this process the moment that many batches are in the team
  // database and the last is not yet marked in SQLite (as a power cut could).
  timing: {
    ...FAST_TIMING,
    rateLimit: { limit: 20, windowMs: 500 },
    teamDb: { retryMs: 200 },
    team: {
      replication: {
        batchSize: 7,
        heartbeatMs: 200,
        afterBatchStored: () => {
          if (killAfter && ++stored >= Number(killAfter)) process.kill(process.pid, 'SIGKILL');
        },
      },
    },
  },
});
await svc.updateSettings({ useSandbox: false, asyncHost: host, trustedHost: host, callLogUrl });
svc.setKey(apiKey);
await svc.team.setDatabase(teamUrl);

if (mode === 'log') {
  for (let i = 0; i < Number(count); i++) svc.logCall(callInput({ callSessionId: `repl-${i}` }));
  process.stdout.write('logged\n');
} else {
  const db = new Database(join(dataDir, 'calls.sqlite'), { readonly: true });
  const timer = setInterval(() => {
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM entries WHERE team_synced = 0').get() as { n: number };
    const busy = db.prepare(`SELECT COUNT(*) AS n FROM entries WHERE state NOT IN ('success','failure','error')`).get() as { n: number };
    if (n === 0 && busy.n === 0) {
      clearInterval(timer);
      db.close();
      void svc.close().then(() => {
        process.stdout.write('synced\n');
        process.exit(0);
      });
    }
  }, 100);
}
