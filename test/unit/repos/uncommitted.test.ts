import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHeadFile } from '../../../src/repos/git.js';
import {
  listUncommittedFiles,
  parseUncommittedPaths,
  pickBounded,
} from '../../../src/repos/uncommitted.js';
import { cleanup, gitTestEnv, tempRepo } from '../../helpers/hearth.js';

afterEach(cleanup);

const z = (...entries: string[]) => `${entries.join('\0')}\0`;

describe('parseUncommittedPaths', () => {
  it.each([
    ['nothing', '', []],
    ['unstaged and staged edits', z(' M b.py', 'M  a.py', 'MM c.py'), ['a.py', 'b.py', 'c.py']],
    ['a staged new file, then edited', z('A  new.ts', 'AM more.ts'), ['more.ts', 'new.ts']],
    ['untracked files', z('?? src/x y.go', '?? é.rs'), ['src/x y.go', 'é.rs']],
    ['deletions are left out', z(' D gone.py', 'D  staged-gone.py', 'AD added-gone.py'), []],
    ['a staged deletion of a file kept untracked', z('D  kept.py', '?? kept.py'), ['kept.py']],
    [
      'a rename names its source next',
      z('R  new.py', 'old.py', ' M other.py'),
      ['new.py', 'other.py'],
    ],
    ['a copy too', z('C  copy.py', 'orig.py'), ['copy.py']],
    ['a conflicted file', z('UU both.py'), ['both.py']],
  ])('%s', (_what, out, expected) => {
    expect(parseUncommittedPaths(out)).toEqual(expected);
  });
});

describe('pickBounded', () => {
  const isPy = (rel: string) => rel.endsWith('.py');
  it.each([
    ['under the limit', ['a.py', 'b.txt', 'c.py'], 5, { paths: ['a.py', 'c.py'], left: 0 }],
    ['at the limit', ['a.py', 'c.py'], 2, { paths: ['a.py', 'c.py'], left: 0 }],
    ['over the limit', ['a.py', 'b.py', 'x.md', 'c.py'], 2, { paths: ['a.py', 'b.py'], left: 1 }],
    ['nothing kept', ['x.md'], 2, { paths: [], left: 0 }],
  ])('%s', (_what, paths, limit, expected) => {
    expect(pickBounded(paths, isPy, limit)).toEqual(expected);
  });
});

describe('listUncommittedFiles and readHeadFile', () => {
  const git = (repo: string, ...args: string[]) =>
    execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv(), encoding: 'utf8' });

  it('lists what differs from HEAD, staged or not, and reads the HEAD version', async () => {
    const repo = tempRepo();
    mkdirSync(path.join(repo, 'src'));
    writeFileSync(path.join(repo, '.gitignore'), 'build/\n');
    writeFileSync(path.join(repo, 'src', 'a.py'), 'a = 1\n');
    writeFileSync(path.join(repo, 'gone.py'), 'g = 1\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');

    writeFileSync(path.join(repo, 'src', 'a.py'), 'a = 2\n');
    writeFileSync(path.join(repo, 'staged.py'), 's = 1\n');
    git(repo, 'add', 'staged.py');
    mkdirSync(path.join(repo, 'new', 'deep'), { recursive: true });
    writeFileSync(path.join(repo, 'new', 'deep', 'n.py'), 'n = 1\n');
    mkdirSync(path.join(repo, 'build'));
    writeFileSync(path.join(repo, 'build', 'out.py'), 'o = 1\n');
    rmSync(path.join(repo, 'gone.py'));

    expect(await listUncommittedFiles(repo)).toEqual(['new/deep/n.py', 'src/a.py', 'staged.py']);
    expect(await readHeadFile(repo, 'src/a.py')).toBe('a = 1\n');
    // Staged but never committed: not in HEAD, so every symbol in it is new.
    expect(await readHeadFile(repo, 'staged.py')).toBeUndefined();
  });
});
