import { readFileSync } from 'node:fs';
import { hearthPaths } from '../paths.js';
import { isAlive } from '../util/process.js';
import type { OpenStoreOptions } from '../util/sqlite.js';
import { printDamaged } from './output.js';

/**
 * How a command opens a store: a damaged one is moved aside and said on stderr, unless the
 * daemon is running: it has the file open, and moving it under the daemon would split what each
 * writes. Then the command refuses and says to restart the daemon, which moves it at start.
 */
export function cliStoreOptions(): OpenStoreOptions {
  return {
    onDamaged: printDamaged,
    refuseMove: () => {
      const pid = findRunningDaemon(hearthPaths().lock);
      return pid === undefined
        ? undefined
        : `the daemon (pid ${pid}) has it open: restart it (\`hearth stop\`, then \`hearth start\`) and it moves the file aside and starts a fresh one`;
    },
  };
}

/** The pid in the daemon's lock file when that process is alive (and not this one). */
function findRunningDaemon(lockFile: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}
