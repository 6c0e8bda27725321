import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNumstat, readReviewDiff, splitDiffByFile } from '../../../src/repos/review-diff.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};
const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { env, encoding: 'utf8' }).trim();

function repoWithHistory(): { repo: string; first: string; second: string } {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'hearth-review-'));
  dirs.push(repo);
  git(repo, 'init', '-q');
  const body = Array.from({ length: 30 }, (_, i) => `    x${i} = ${i}`).join('\n');
  writeFileSync(path.join(repo, 'calc.py'), `def add(a, b):\n${body}\n    return a + b\n`);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'one');
  const first = git(repo, 'rev-parse', 'HEAD');
  writeFileSync(path.join(repo, 'calc.py'), `def add(a, b):\n${body}\n    return a - b\n`);
  writeFileSync(path.join(repo, 'new file.py'), 'X = 1\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'two');
  return { repo, first, second: git(repo, 'rev-parse', 'HEAD') };
}

describe('readReviewDiff', () => {
  it('reads a commit against its parent, with the whole enclosing function as context', async () => {
    const { repo, first, second } = repoWithHistory();
    const diff = await readReviewDiff(repo, { kind: 'commit', commit: 'HEAD' });
    expect(diff).toMatchObject({ base: first, head: second, label: second.slice(0, 7), lines: 3 });
    expect(diff.files).toEqual(['calc.py', 'new file.py']);
    expect(diff.diff).toContain('+    return a - b');
    // --function-context: the lines far above the change, inside the same function, are there.
    expect(diff.diff).toContain(' def add(a, b):');
    expect(splitDiffByFile(diff.diff).map((part) => part.path)).toEqual(['calc.py', 'new file.py']);
  });

  it('reads a range, a root commit, and the staged changes', async () => {
    const { repo, first, second } = repoWithHistory();
    const range = await readReviewDiff(repo, { kind: 'range', range: `${first}..${second}` });
    expect(range.label).toBe(`${first.slice(0, 7)}..${second.slice(0, 7)}`);
    const root = await readReviewDiff(repo, { kind: 'commit', commit: first });
    expect(root.files).toEqual(['calc.py']);
    writeFileSync(path.join(repo, 'calc.py'), 'def add(a, b):\n    return 0\n');
    git(repo, 'add', 'calc.py');
    const staged = await readReviewDiff(repo, { kind: 'staged' });
    expect(staged).toMatchObject({ head: 'staged', label: 'staged', files: ['calc.py'] });
    await expect(readReviewDiff(repo, { kind: 'commit', commit: 'nope' })).rejects.toThrow();
  });
});

describe('parseNumstat', () => {
  it('counts added and removed lines; a rename names its new path; binary counts no lines', () => {
    const text = ['3\t1\ta.py', '-\t-\timg.png', '0\t0\t', 'old.py', 'new.py', ''].join('\0');
    expect(parseNumstat(text)).toEqual({ files: ['a.py', 'img.png', 'new.py'], lines: 4 });
  });
});
