// `npm run team:try`: what trying the team's history by hand needs, on one
// computer, until Ctrl+C: a throwaway PostgreSQL (as the tests start one) and
// one LeadSquared stand-in with the real limit (25 per 5 s), shared by two
// desktops as one account's key is. It prints the strings to paste and the two
// commands that start the desktops; stopping it throws the database away.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PREFIX, ADMIN_TOKEN_HEADER, startSandbox } from '../electron/sandbox/server';
import { startPostgres } from '../test/support/postgres';

let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
// A password of this run's own: the tests' one is in the repository, and this server stays up on
// 127.0.0.1, where any user of this computer could log in as its superuser.
const cluster = await startPostgres({ password: randomBytes(24).toString('base64url') }).catch((err: Error) => {
  process.stderr.write(`team:try: cannot start PostgreSQL: ${err.message}\n`);
  process.exit(1);
});
// Each desktop its own data directory, as two computers would have. Thrown away with the database:
// they hold the calls logged while trying, and the team they belonged to is gone.
const base = mkdtempSync(join(tmpdir(), 'calllog-try-'));
let stopping = false;
// Synchronous to the end: Ctrl+C reaches npm, tsx and PostgreSQL together, and a second signal
// arriving mid-way must not leave the cluster's files behind. The sandbox goes with the process.
const stop = (code: number) => {
  if (stopping) return;
  stopping = true;
  try {
    cluster.destroy();
    rmSync(base, { recursive: true, force: true });
  } finally {
    process.exit(code);
  }
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  await cluster.sql('postgres', 'CREATE DATABASE calllog');
  sandbox = await startSandbox({ rateLimit: { limit: 25, windowMs: 5000 }, processingDelayMs: 3000 });
} catch (err) {
  process.stderr.write(`team:try: ${(err as Error).message}\n`);
  stop(1);
}
const s = sandbox!;
const desktop = (n: number) =>
  `CALLLOG_DATA_DIR=${join(base, `seat-${n}`)} CALLLOG_DESKTOP_NAME="Seat ${n}" CALLLOG_ALLOW_HTTP_LOOPBACK=1 npm run start:browser`;
const fail = `curl -s -X POST -H 'content-type: application/json' -H '${ADMIN_TOKEN_HEADER}: ${s.adminToken}' -d '{"failureNext":1}' ${s.url}${ADMIN_PREFIX}/faults`;

process.stdout.write(
  [
    'A team to try on this computer, until Ctrl+C (the database and the desktops\' data folders are thrown away then: stop the desktops first).',
    '',
    `  Team database:    ${cluster.url('calllog')}`,
    '  LeadSquared stand-in, one account for every desktop (25 calls per 5 s, as LeadSquared):',
    `    Async API host:   ${s.host}`,
    `    Call Log API URL: ${s.callLogUrl}`,
    // Printed on purpose: throwaway values the person trying must paste.
    `    API key:          ${s.apiKey}`,
    '',
    'Start two desktops, each in a terminal of its own:',
    `  ${desktop(1)}`,
    `  ${desktop(2)}`,
    'In each: Settings › turn "Use sandbox" off, paste the host, the URL and the key above, tick',
    '"Trust this host outside LeadSquared", give an agent name and number, Save settings; then',
    'Settings › Team › Team database: paste the team database above, Connect. Log a call on each;',
    'History › Team shows both agents\' calls, the Dashboard › Team their failures. (Each start builds',
    'the page first. CALLLOG_ALLOW_HTTP_LOOPBACK=1 lets the key go to this stand-in over plain HTTP.)',
    'The database string above logs in as its superuser, so both desktops see the whole team as a',
    'supervisor would. Agents\' own logins, which see only their calls: docs/team.md, "Setting up the server".',
    '',
    'To see a failure and its reason, make the next call LeadSquared takes fail (MXUserNotFound), with',
    'this line (each desktop also prints a sandbox admin line of its own: that is its built-in sandbox,',
    'used only with "Use sandbox" on):',
    `  ${fail}`,
    '',
  ].join('\n'),
);
