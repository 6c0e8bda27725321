import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UnsafeRuntimeDirError } from '../errors.js';

/** What the check needs to know of one lstat result; plain data so the rules test without IO. */
export interface EntryFacts {
  kind: 'directory' | 'symlink' | 'socket' | 'file' | 'other';
  uid: number;
  mode: number;
}

/** Reads an lstat result (never followed through a symlink) into the facts the check uses. */
export function describeEntry(stats: Stats): EntryFacts {
  const kind = stats.isSymbolicLink()
    ? 'symlink'
    : stats.isDirectory()
      ? 'directory'
      : stats.isSocket()
        ? 'socket'
        : stats.isFile()
          ? 'file'
          : 'other';
  return { kind, uid: stats.uid, mode: stats.mode & 0o7777 };
}

/**
 * Why the runtime folder (and its socket, when there is one) cannot be trusted, or null when it
 * can: another user who owns or can write the folder could run a fake daemon on the socket and
 * read every request. A missing folder (null) is fine: nobody listens there. Pure.
 */
export function findRuntimeDirProblem(
  dir: EntryFacts | null,
  socket: EntryFacts | null,
  uid: number,
): string | null {
  if (dir) {
    if (dir.kind === 'symlink') return 'is a symbolic link, not a folder';
    if (dir.kind !== 'directory') return `is a ${dir.kind}, not a folder`;
    if (dir.uid !== uid) return `is owned by uid ${dir.uid}, not by you (uid ${uid})`;
    if ((dir.mode & 0o077) !== 0)
      return `has mode ${(dir.mode & 0o777).toString(8)}: other users can reach it (it must be 700)`;
  }
  if (socket) {
    if (socket.kind !== 'socket') return `holds a ${socket.kind} where the socket should be`;
    if (socket.uid !== uid)
      return `holds a socket owned by uid ${socket.uid}, not by you (uid ${uid})`;
  }
  return null;
}

/**
 * Refuses (UnsafeRuntimeDirError, code `unsafe-runtime-dir`) a runtime folder or socket that
 * another user could control. Two lstat calls: cheap enough for every CLI command and hook.
 */
export function verifyRuntimeDir(runtimeDir: string, socketPath: string): void {
  const uid = process.getuid?.();
  if (uid === undefined) return; // No Unix owners to compare (Windows).
  const dir = lstatOrNull(runtimeDir);
  const socket = dir && path.dirname(socketPath) === runtimeDir ? lstatOrNull(socketPath) : null;
  const problem = findRuntimeDirProblem(dir, socket, uid);
  if (problem === null) return;
  throw new UnsafeRuntimeDirError(runtimeDir, problem);
}

function lstatOrNull(file: string): EntryFacts | null {
  try {
    return describeEntry(lstatSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
