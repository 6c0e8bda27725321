import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  listDiffPaths,
  parseNumstat,
  readReviewDiff,
  splitDiffByFile,
} from '../../../src/tasks/review/diff.js';

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
    expect(parseNumstat(text)).toEqual({
      files: ['a.py', 'img.png', 'new.py'],
      paths: ['a.py', 'img.png', 'old.py', 'new.py'],
      lines: 4,
    });
  });
});

describe('listDiffPaths', () => {
  it.each([
    [
      'a rename with an edit: both sides',
      'diff --git a/secrets/t.txt b/public/x.txt\nsimilarity index 90%\nrename from secrets/t.txt\nrename to public/x.txt\nindex 1..2 100644\n--- a/secrets/t.txt\n+++ b/public/x.txt\n@@ -1 +1 @@\n-a\n+b\n',
      ['public/x.txt', 'secrets/t.txt'],
    ],
    [
      'a pure rename has no ---/+++ lines',
      'diff --git a/secrets/t.txt b/public/x.txt\nsimilarity index 100%\nrename from secrets/t.txt\nrename to public/x.txt\n',
      ['public/x.txt', 'secrets/t.txt'],
    ],
    [
      'a copy: both sides',
      'diff --git a/secrets/k.pem b/k.txt\nsimilarity index 100%\ncopy from secrets/k.pem\ncopy to k.txt\n',
      ['k.txt', 'secrets/k.pem'],
    ],
    [
      'an added and a deleted file: /dev/null is no path',
      'diff --git a/n.py b/n.py\nnew file mode 100644\n--- /dev/null\n+++ b/n.py\n@@ -0,0 +1 @@\n+x\ndiff --git a/o.py b/o.py\ndeleted file mode 100644\n--- a/o.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n',
      ['n.py', 'o.py'],
    ],
    [
      'a path with a space ends in a tab',
      'diff --git a/my file.py b/my file.py\n--- a/my file.py\t\n+++ b/my file.py\t\n@@ -1 +1 @@\n-a\n+b\n',
      ['my file.py'],
    ],
    [
      'a quoted path is unquoted',
      'diff --git "a/sec\\"rets/t.txt" "b/x\\303\\251.txt"\nrename from "sec\\"rets/t.txt"\nrename to "x\\303\\251.txt"\n',
      ['sec"rets/t.txt', 'x\u00e9.txt'],
    ],
    [
      "a hunk's removed `-- a/x` line is not a path",
      'diff --git a/m.md b/m.md\n--- a/m.md\n+++ b/m.md\n@@ -1 +1 @@\n--- a/not-a-path\n+++ b/not-a-path\n',
      ['m.md'],
    ],
  ])('%s', (_, diff, paths) => {
    expect(listDiffPaths(diff)).toEqual(paths);
  });
});

describe('readReviewDiff and renames', () => {
  it("lists a renamed file's old path among the paths, and its new one among the files", async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'hearth-review-'));
    dirs.push(repo);
    git(repo, 'init', '-q');
    const text = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    mkdirSync(path.join(repo, 'secrets'));
    mkdirSync(path.join(repo, 'public'));
    writeFileSync(path.join(repo, 'secrets', 't.txt'), `${text}\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'one');
    git(repo, 'mv', 'secrets/t.txt', 'public/x.txt');
    writeFileSync(path.join(repo, 'public', 'x.txt'), `${text}\nmore\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'two');
    const change = await readReviewDiff(repo, { kind: 'commit', commit: 'HEAD' });
    expect(change.diff).toContain('rename from secrets/t.txt');
    expect(change.files).toEqual(['public/x.txt']);
    expect(change.paths).toEqual(['public/x.txt', 'secrets/t.txt']);
  });
});
