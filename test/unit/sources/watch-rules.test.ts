import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitFileSet } from '../../../src/sources/git-file-set.js';
import { diffPollSnapshots } from '../../../src/sources/git-status-poll.js';
import { isGitNoise } from '../../../src/sources/repo-watcher.js';

describe('GitFileSet.classify', () => {
  const set = new GitFileSet({
    files: ['src/app.py', 'src/lib/util.ts', 'README.md', '.gitignore'],
    submodules: ['vendor/sub'],
    ignored: ['node_modules/', 'build/', 'debug.log'],
  });

  it.each([
    ['', 'tracked'],
    ['src', 'tracked'],
    ['src/lib', 'tracked'],
    ['src/lib/util.ts', 'tracked'],
    ['README.md', 'tracked'],
    ['.git', 'ignored'],
    ['.git/index.lock', 'ignored'],
    ['node_modules', 'ignored'],
    ['node_modules/dep/index.js', 'ignored'],
    ['build/out/x.py', 'ignored'],
    ['debug.log', 'ignored'],
    ['vendor/sub', 'ignored'],
    ['vendor/sub/file.c', 'ignored'],
    ['src/new.py', 'unknown'],
    ['docs', 'unknown'],
    ['node_modules_backup', 'unknown'],
  ])('%j is %s', (rel, expected) => {
    expect(set.classify(rel)).toBe(expected);
  });
});

describe('isGitNoise', () => {
  const gitDir = '/r/.git';
  it.each([
    ['/r/.git', false],
    ['/r/.git/HEAD', false],
    ['/r/.git/index', false],
    ['/r/.git/index.lock', false],
    ['/r/.git/MERGE_HEAD', false],
    ['/r/.git/rebase-merge', false],
    ['/r/.git/refs/heads/feature/x', false],
    ['/r/.git/logs/HEAD', false],
    ['/r/.git/info/exclude', false],
    ['/r/.git/objects', true],
    ['/r/.git/objects/ab/cdef', true],
    ['/r/.git/hooks', true],
    ['/r/.git/logs/refs/heads/main', true],
    ['/r/.git/rebase-merge/done', true],
  ])('%s -> %s', (file, noise) => {
    expect(isGitNoise(file.split('/').join(path.sep), gitDir, gitDir)).toBe(noise);
  });

  it.each([
    ['/r/.git/hearth', false],
    ['/r/.git/hearth/aaaaaaaaaaaa', false],
    ['/r/.git/hearth/aaaaaaaaaaaa/events', false],
    ['/r/.git/hearth/aaaaaaaaaaaa/suggestions.tsv', true],
    ['/r/.git/hearth/aaaaaaaaaaaa/events.12.taken', true],
    ['/r/.git/hearth/bbbbbbbbbbbb', true],
    ['/r/.git/hearth/bbbbbbbbbbbb/events', true],
    ['/r/.git/hearth/events', true],
    ['/r/.git/hearth/pre-commit', true],
  ])('hook state %s -> %s (only this home, aaaaaaaaaaaa, and its events)', (file, noise) => {
    expect(isGitNoise(file.split('/').join(path.sep), gitDir, gitDir, 'aaaaaaaaaaaa')).toBe(noise);
  });

  it('looks in the common folder of a linked worktree too', () => {
    const worktreeDir = '/r/.git/worktrees/wt';
    expect(isGitNoise('/r/.git/worktrees/wt/HEAD', worktreeDir, '/r/.git')).toBe(false);
    expect(isGitNoise('/r/.git/refs/heads/main', worktreeDir, '/r/.git')).toBe(false);
    expect(isGitNoise('/r/.git/objects/pack', worktreeDir, '/r/.git')).toBe(true);
  });
});

describe('diffPollSnapshots', () => {
  it.each([
    ['nothing changed', [['a.py', '1:1']], [['a.py', '1:1']], []],
    ['a new entry', [], [['a.py', '1:1']], ['a.py']],
    ['a file saved again', [['a.py', '1:1']], [['a.py', '2:5']], ['a.py']],
    ['a file reverted, gone from status', [['a.py', '1:1']], [], ['a.py']],
    [
      'several, sorted',
      [['b.py', '1:1']],
      [
        ['c.py', '1:1'],
        ['a.py', 'gone'],
      ],
      ['a.py', 'b.py', 'c.py'],
    ],
  ] as const)('%s', (_name, before, after, expected) => {
    const toMap = (entries: ReadonlyArray<readonly [string, string]>) =>
      new Map(entries.map(([k, v]) => [k, v]));
    expect(diffPollSnapshots(toMap(before), toMap(after))).toEqual(expected);
  });
});
