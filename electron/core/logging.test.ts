// The log files as IT finds them: rotated at a size, a bounded number kept,
// and no secret in them however it was handed to the logger.
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { posixModesApply } from '../../test/support/file-modes';
import { useTempDirs } from '../../test/support/temp-dir';
import { ApiKey } from './leadsquared/api-key';
import { LOG_KEEP, logFiles, openLog } from './logging';
import { REDACTED, redact, registerSecret } from './redact';

const tempDir = useTempDirs();
const all = (dir: string) => logFiles(dir).map((f) => readFileSync(f, 'utf8')).join('');

describe('log files', () => {
  it('rotate at the size limit and keep a bounded number, newest first', () => {
    const dir = join(tempDir(), 'logs');
    const log = openLog({ dir, maxBytes: 2000 });
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(80)}`);
    const files = logFiles(dir);
    expect(files.map((f) => basename(f))).toEqual(['calllog.log', ...Array.from({ length: LOG_KEEP }, (_, i) => `calllog.${i + 1}.log`)]);
    for (const f of files) expect(statSync(f).size).toBeLessThan(2200);
    expect(readFileSync(files[0]!, 'utf8')).toContain('line 199');
    expect(all(dir)).not.toContain('line 0 '); // the oldest rotated away
    if (posixModesApply('log file')) expect(statSync(files[0]!).mode & 0o777).toBe(0o600);
  });

  it('never holds a key, token or password, whether passed as text, object or error', () => {
    const dir = join(tempDir(), 'logs');
    const log = openLog({ dir });
    const key = 'u$kq8Zr7-NotARealKey-41e2';
    const apiKey = new ApiKey(key); // registering happens on construction
    const token = 'tok_4bq1HQm3s9vX2pZ8';
    registerSecret(token);
    const dbPassword = 'pg-S3cret!pw';
    log.info(`sending with key ${key}`);
    log.warn('request', { headers: { 'x-api-key': key }, nested: { deep: [key] } });
    log.error(new Error(`401 for ${key} at http://127.0.0.1:5000/#token=${token}`));
    log.info(`team database postgres://calllog:${dbPassword}@db.example.com:5432/calls`);
    log.info(`never registered: x-api-key: abcdef123456 and ?accessKey=zzz999yyy&x=1 password=hunter22`);
    log.info('the opaque key prints as', apiKey, String(apiKey));
    log.info('connector https://api.example.com/1/api/Telephony/LogCallComplete/conn3ctorTok/Guid77aa?x=1 and /1/api/telephony/logcallcomplete/status?RequestID=r1');
    const text = all(dir);
    for (const secret of [key, encodeURIComponent(key), token, dbPassword, 'abcdef123456', 'zzz999yyy', 'hunter22', 'conn3ctorTok', 'Guid77aa']) expect(text).not.toContain(secret);
    expect(text).toContain('/logcallcomplete/status?RequestID=r1'); // no secret in a status URL
    expect(text).toContain(REDACTED);
    expect(text).toContain('sending with key');
    expect(text).toContain(`ApiKey(…${key.slice(-4)})`);
    expect(text).toContain('postgres://calllog:[redacted]@db.example.com:5432/calls');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('Sent call 961-179-5983 to asyncapi-in21.leadsquared.com: accepted')).toBe('Sent call 961-179-5983 to asyncapi-in21.leadsquared.com: accepted');
  });
});
