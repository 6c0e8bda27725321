import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';

/**
 * Writes a file so that a reader (or a crash) sees either the old content or the new, never a
 * mix: write a temp file beside it, fsync, rename over.
 */
export function atomicWriteFile(file: string, data: string, mode = 0o600): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', mode);
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
