// The app's log: rotating files in <data dir>/logs, for both hosts, through
// electron-log's Node logger (no Electron import: the browser host and tests
// use the very same code). Every message passes one hook before any transport
// sees it, and the hook redacts: no caller can write a secret by mistake.
import nodeLog from 'electron-log/node';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import { redactValue } from './redact';

export const LOG_FILE = 'calllog.log';
/** Each file stops growing at this size and is rotated... */
export const LOG_MAX_BYTES = 1024 * 1024;
/** ...keeping this many older files beside the current one (calllog.1.log is the newest). */
export const LOG_KEEP = 4;

export interface AppLog {
  readonly dir: string;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  /** The `(msg) => void` shape the core's options take. */
  readonly line: (msg: string) => void;
  /** The underlying electron-log logger, for libraries that take one (electron-updater). */
  readonly backend: ReturnType<typeof nodeLog.create>;
}

/** calllog.log -> calllog.1.log -> ... -> calllog.<LOG_KEEP>.log, the oldest dropped. */
function rotate(current: string): void {
  const { dir, name, ext } = parse(current);
  const nth = (n: number) => join(dir, `${name}.${n}${ext}`);
  rmSync(nth(LOG_KEEP), { force: true });
  for (let n = LOG_KEEP - 1; n >= 1; n--) if (existsSync(nth(n))) renameSync(nth(n), nth(n + 1));
  renameSync(current, nth(1));
}

/** Log files in `dir`, newest first (the current file, then .1, .2, ...). */
export function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const { name, ext } = parse(LOG_FILE);
  const order = (f: string) => (f === LOG_FILE ? 0 : Number(f.slice(name.length + 1, -ext.length)));
  return readdirSync(dir)
    .filter((f) => f === LOG_FILE || new RegExp(`^${name}\\.\\d+\\${ext}$`).test(f))
    .sort((a, b) => order(a) - order(b))
    .map((f) => join(dir, f));
}

let instances = 0;

export interface LogOptions {
  /** Where the files go: <data dir>/logs. */
  dir: string;
  /** Also print to the terminal (the browser host and development). */
  console?: boolean;
  /** A name in each line, e.g. "electron" or "browser-host". */
  host?: string;
  /** Rotation size (tests use a small one). */
  maxBytes?: number;
}

export function openLog(opts: LogOptions): AppLog {
  const logger = nodeLog.create({ logId: `calllog-${++instances}` });
  logger.hooks.push((message) => ({ ...message, data: message.data.map(redactValue) }));
  const file = logger.transports.file;
  file.resolvePathFn = () => join(opts.dir, LOG_FILE);
  file.maxSize = opts.maxBytes ?? LOG_MAX_BYTES;
  file.archiveLogFn = (f) => rotate(f.path);
  // The logs name lead numbers and agents: readable by this user only.
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  file.format = `[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}]${opts.host ? ` [${opts.host}]` : ''} {text}`;
  const terminal = logger.transports.console;
  terminal.level = opts.console ? 'info' : false;
  // stderr: stdout is for what a script reads (the browser host's "Open <url>").
  terminal.format = '{h}:{i}:{s} {text}';
  terminal.writeFn = ({ message }) => process.stderr.write(`${message.data.map(String).join(' ')}\n`);
  // Only the file and the console: electron-log's IPC and remote transports stay off.
  for (const [name, t] of Object.entries(logger.transports)) if (t && name !== 'file' && name !== 'console') t.level = false;
  return {
    dir: opts.dir,
    info: (...d) => logger.info(...d),
    warn: (...d) => logger.warn(...d),
    error: (...d) => logger.error(...d),
    line: (msg) => logger.info(msg),
    backend: logger,
  };
}
