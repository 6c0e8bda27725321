import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { HearthError } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { sleep } from '../../util/process.js';
import { print } from '../output.js';

interface LogsOptions {
  follow?: boolean;
  lines: number;
  json?: boolean;
}

/** `hearth logs [-n N] [-f] [--json]`: reads the log file directly, so it works without a daemon. */
export async function logs(opts: LogsOptions): Promise<void> {
  const file = hearthPaths().logFile;
  if (!existsSync(file) && !opts.follow) {
    throw new HearthError('no-log', `no log yet at ${file}; the daemon writes it once it has run`);
  }
  const show = (line: string) => {
    if (line.trim() === '') return;
    // JSON lines as written (JSON escapes controls); a readable line goes through print.
    if (opts.json) process.stdout.write(`${line}\n`);
    else print(formatLogLine(line));
  };
  let offset = 0;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    offset = Buffer.byteLength(text);
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    for (const line of opts.lines === 0 ? [] : lines.slice(-opts.lines)) show(line);
  }
  if (!opts.follow) return;

  // Poll rather than fs.watch: the file is replaced when it rotates, which ends a watch.
  let ino = existsSync(file) ? statSync(file).ino : 0;
  let partial = '';
  for (;;) {
    await sleep(200);
    if (!existsSync(file)) continue;
    const st = statSync(file);
    if (st.ino !== ino || st.size < offset) {
      ino = st.ino;
      offset = 0;
      partial = '';
    }
    if (st.size === offset) continue;
    const fd = openSync(file, 'r');
    const buffer = Buffer.alloc(st.size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    closeSync(fd);
    offset = st.size;
    const lines = (partial + buffer.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) show(line);
  }
}

/** A JSON log line as `time level message {rest}`; a line that is not JSON is shown as it is. */
export function formatLogLine(line: string): string {
  try {
    const { timestamp, level, message, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${timestamp ?? ''} ${String(level ?? '').padEnd(5)} ${message ?? ''}${extra}`;
  } catch {
    return line;
  }
}
