import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneAudit, selectRetainedLines } from '../../../src/audit/audit-retention.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const line = (daysAgo: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ at: new Date(NOW - daysAgo * DAY_MS).toISOString(), ...extra });

describe('selectRetainedLines', () => {
  const cutoff = NOW - 90 * DAY_MS;
  it.each([
    { name: 'a recent line stays', lines: [line(1)], kept: 1, dropped: 0 },
    { name: 'a line older than the cutoff goes', lines: [line(91)], kept: 0, dropped: 1 },
    { name: 'a line exactly at the cutoff stays', lines: [line(90)], kept: 1, dropped: 0 },
    {
      name: 'a damaged line stays (nothing says it is old)',
      lines: ['{"at": "cut'],
      kept: 1,
      dropped: 0,
    },
    { name: 'a line without a readable time stays', lines: ['{"at":"soon"}'], kept: 1, dropped: 0 },
    { name: 'blank lines go without counting', lines: ['', '  '], kept: 0, dropped: 0 },
    { name: 'a mix', lines: [line(200), line(100), line(10), line(0)], kept: 2, dropped: 2 },
  ])('$name', ({ lines, kept, dropped }) => {
    const result = selectRetainedLines(lines, cutoff);
    expect(result.kept).toHaveLength(kept);
    expect(result.dropped).toBe(dropped);
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function auditFile(content: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-retention-'));
  dirs.push(dir);
  const file = path.join(dir, 'audit.jsonl');
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

describe('pruneAudit', () => {
  it('rewrites the log without old lines, as a new file, keeping an unfinished last line', () => {
    const file = auditFile(`${line(120, { id: 'old' })}\n${line(5, { id: 'new' })}\n{"at": "half`);
    const inode = statSync(file).ino;
    expect(pruneAudit(file, 90, NOW)).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(`${line(5, { id: 'new' })}\n{"at": "half`);
    expect(statSync(file).ino).not.toBe(inode);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leaves the file alone when nothing is old, and keeps everything at 0 days', () => {
    const content = `${line(120)}\n${line(5)}\n`;
    const file = auditFile(content);
    const inode = statSync(file).ino;
    expect(pruneAudit(file, 0, NOW)).toBe(0);
    expect(pruneAudit(file, 365, NOW)).toBe(0);
    expect(statSync(file).ino).toBe(inode);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('does nothing without a log', () => {
    expect(pruneAudit('/nonexistent/hearth/audit.jsonl', 90, NOW)).toBe(0);
  });
});
