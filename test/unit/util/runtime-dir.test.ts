import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type EntryFacts,
  findRuntimeDirProblem,
  verifyRuntimeDir,
} from '../../../src/util/runtime-dir.js';

// Ownership by another user is tested here, on the pure check, only: tests run as one user (root)
// and must not create users, so a folder or socket really owned by someone else cannot be made.
const me = 1000;
const folder = (over: Partial<EntryFacts> = {}): EntryFacts => ({
  kind: 'directory',
  uid: me,
  mode: 0o700,
  ...over,
});
const socket = (over: Partial<EntryFacts> = {}): EntryFacts => ({
  kind: 'socket',
  uid: me,
  mode: 0o600,
  ...over,
});

const cases: [string, EntryFacts | null, EntryFacts | null, string | null][] = [
  ['a 0700 folder of mine with my socket', folder(), socket(), null],
  ['a 0700 folder of mine with no socket yet', folder(), null, null],
  ['no folder at all', null, null, null],
  [
    'a symlink instead of a folder',
    folder({ kind: 'symlink', mode: 0o777 }),
    null,
    'symbolic link',
  ],
  ['a folder owned by another user', folder({ uid: 1001 }), null, 'owned by uid 1001'],
  ['a folder with mode 0755', folder({ mode: 0o755 }), null, 'mode 755'],
  ['a folder group members can write', folder({ mode: 0o770 }), null, 'mode 770'],
  ['a file instead of a folder', folder({ kind: 'file', mode: 0o600 }), null, 'is a file'],
  ['a socket owned by another user', folder(), socket({ uid: 1001 }), 'socket owned by uid 1001'],
  ['a file where the socket should be', folder(), socket({ kind: 'file' }), 'holds a file'],
  ['a symlink where the socket should be', folder(), socket({ kind: 'symlink' }), 'symlink'],
];

describe('findRuntimeDirProblem', () => {
  it.each(cases)('%s', (_name, dir, sock, expected) => {
    const problem = findRuntimeDirProblem(dir, sock, me);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});

describe('verifyRuntimeDir on real folders', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const scratch = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-rundir-'));
    made.push(dir);
    return dir;
  };
  const codeOf = (run: string) => {
    try {
      verifyRuntimeDir(run, path.join(run, 'hearth.sock'));
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  it('accepts a missing folder and a 0700 one of this user, refuses 0755, a symlink and a file socket', () => {
    const base = scratch();
    const run = path.join(base, 'run');
    expect(codeOf(run)).toBe('ok');
    mkdirSync(run, { mode: 0o700 });
    chmodSync(run, 0o700);
    expect(codeOf(run)).toBe('ok');
    writeFileSync(path.join(run, 'hearth.sock'), '');
    expect(codeOf(run)).toBe('unsafe-runtime-dir');
    rmSync(path.join(run, 'hearth.sock'));
    chmodSync(run, 0o755);
    expect(codeOf(run)).toBe('unsafe-runtime-dir');
    const link = path.join(base, 'link');
    symlinkSync(scratch(), link);
    expect(codeOf(link)).toBe('unsafe-runtime-dir');
  });
});
