import { escapeControls } from '../util/terminal-text.js';
import { formatDuration } from './output.js';

/**
 * Progress for a long command: a bar redrawn on stderr when it is a terminal, plain lines on
 * stdout otherwise (so a log or a pipe gets one line per item), nothing when quiet.
 */
export function createProgress(
  total: number,
  options: { quiet?: boolean; stream?: NodeJS.WriteStream; now?: () => number } = {},
): { step(line: string): void; done(): void } {
  const stream = options.stream ?? process.stderr;
  const bar = stream.isTTY === true && !options.quiet;
  const now = options.now ?? Date.now;
  const started = now();
  let count = 0;
  return {
    step(line) {
      count++;
      if (options.quiet) return;
      line = escapeControls(line).replace(/[\t\n]/g, ' ');
      if (!bar) {
        process.stdout.write(`${line}\n`);
        return;
      }
      const width = 24;
      const filled = total === 0 ? width : Math.round((count / total) * width);
      const eta = count < total ? ` ETA ${estimateLeft(now() - started, count, total)}` : '';
      const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total}${eta} ${line}`;
      stream.write(`\r\x1b[K${text.slice(0, (stream.columns || 80) - 1)}`);
    },
    done() {
      if (bar && count > 0) stream.write('\r\x1b[K');
    },
  };
}

/** The time the rest will take at the pace so far: `3m 10s`. */
function estimateLeft(elapsedMs: number, done: number, total: number): string {
  return formatDuration(Math.round((elapsedMs / done) * (total - done)));
}
