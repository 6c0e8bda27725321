import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that a reader (or a crash) sees either the old content or the new, never a
 * mix: write a temp file beside it, fsync, rename over.
 */
export function atomicWriteFile(file: string, data: string, mode = 0o600): void {
  const temp = buildTempPath(file);
  // 'wx': a new file of ours, never one (or a symlink) someone put at that name.
  const fd = openSync(temp, 'wx', mode);
  try {
    // The process umask would narrow `mode`; a work-tree file must keep its exact mode.
    fchmodSync(fd, mode);
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}

/**
 * A short temp name in the file's folder (same file system, so the rename is atomic). Not the
 * file's name plus a suffix: a name near the 255-byte limit would then be too long.
 */
export function buildTempPath(file: string): string {
  return path.join(path.dirname(file), `.hearth-${randomBytes(4).toString('hex')}.tmp`);
}
