import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import net from 'node:net';
import { AlreadyRunningError, HearthError } from '../errors.js';
import { isAlive } from '../util/process.js';

/** A daemon that holds the lock but has no socket yet is still starting, for this long. */
const STARTUP_GRACE_MS = 15_000;
/** A lock file with no pid in it yet is being written, for this long. */
const WRITE_GRACE_MS = 5_000;

export interface InstanceLock {
  /** The pid of a killed daemon whose lock was recovered, if there was one. */
  readonly recoveredStalePid: number | undefined;
  release(): void;
}

/**
 * Makes this process the only daemon for its home. The lock is a file holding the owner's pid,
 * created exclusively. A lock whose owner is dead (or whose pid was reused by a process that
 * never opened the socket) is stale and is taken over.
 */
export async function acquireInstanceLock(
  lockPath: string,
  socketPath: string,
): Promise<InstanceLock> {
  let recoveredStalePid: number | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath)) {
      return {
        recoveredStalePid,
        release: () => {
          if (readHolder(lockPath)?.pid === process.pid) unlinkSync(lockPath);
        },
      };
    }
    const holder = readHolder(lockPath);
    if (!holder) continue; // released between our attempts
    if (await isHeld(holder, socketPath)) {
      throw new AlreadyRunningError(holder.pid ?? 0, lockPath);
    }
    if (takeOverStale(lockPath, holder.pid)) {
      recoveredStalePid = holder.pid ?? undefined;
      try {
        unlinkSync(socketPath);
      } catch {
        // No socket was left behind.
      }
    }
  }
  throw new HearthError(
    'lock-contended',
    `could not take the daemon lock ${lockPath}: other processes keep changing it`,
  );
}

function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface Holder {
  pid: number | null;
  ageMs: number;
}

function readHolder(lockPath: string): Holder | undefined {
  try {
    const text = readFileSync(lockPath, 'utf8').trim();
    const ageMs = Date.now() - statSync(lockPath).mtimeMs;
    const pid = /^\d+$/.test(text) ? Number(text) : null;
    return { pid, ageMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function isHeld(holder: Holder, socketPath: string): Promise<boolean> {
  if (holder.pid === null) return holder.ageMs < WRITE_GRACE_MS;
  if (!isAlive(holder.pid)) return false;
  return (await socketAnswers(socketPath)) || holder.ageMs < STARTUP_GRACE_MS;
}

function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: socketPath });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Moves the stale lock aside atomically. If what was moved is not the stale lock we judged (a
 * racing daemon replaced it meanwhile), it is linked back, which never overwrites.
 */
function takeOverStale(lockPath: string, stalePid: number | null): boolean {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved && moved.pid !== stalePid) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // Another daemon already took the lock; it keeps it.
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}
