import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The log's lines that retention keeps: those recorded at or after `cutoffMs`. A line whose time
 * cannot be read is kept (nothing says it is old); an end line follows its start, so a kept
 * start keeps its end.
 */
export function selectRetainedLines(
  lines: string[],
  cutoffMs: number,
): { kept: string[]; dropped: number } {
  const kept: string[] = [];
  let dropped = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    if (readLineTime(line) < cutoffMs) dropped += 1;
    else kept.push(line);
  }
  return { kept, dropped };
}

function readLineTime(line: string): number {
  try {
    const at = Date.parse((JSON.parse(line) as { at?: unknown }).at as string);
    return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Drops audit lines older than `retentionDays` (0 keeps everything) by writing the rest to a new
 * file and renaming it over the log, so a crash leaves the old log or the new one, never half of
 * one. Lines another process appended meanwhile are carried over. Returns how many were dropped.
 */
export function pruneAudit(file: string, retentionDays: number, now = Date.now()): number {
  if (retentionDays <= 0 || !existsSync(file)) return 0;
  const bytes = readFileSync(file);
  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  const lines = bytes.subarray(0, completeBytes).toString('utf8').split('\n');
  const { kept, dropped } = selectRetainedLines(lines, now - retentionDays * DAY_MS);
  if (dropped === 0) return 0;
  const temp = `${file}.prune-${process.pid}`;
  try {
    writeFileSync(temp, kept.map((line) => `${line}\n`).join(''), { mode: 0o600 });
    // An unfinished last line, and what was appended since the read, go over as they are.
    const tail = readTail(file, completeBytes);
    const fd = openSync(temp, 'a');
    try {
      if (tail.length > 0) writeFileSync(fd, tail);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return dropped;
}

function readTail(file: string, from: number): Buffer {
  const size = statSync(file).size;
  if (size <= from) return Buffer.alloc(0);
  const buffer = Buffer.alloc(size - from);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, from);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
