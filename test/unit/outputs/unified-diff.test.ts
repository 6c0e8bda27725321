import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildUnifiedDiff } from '../../../src/util/unified-diff.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'hearth-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
let repos = 0;

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    cwd: repo,
    env: GIT_ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A repo whose one commit holds `file` with `content`. */
function commitFile(file: string, content: string): string {
  const repo = path.join(root, `repo-${repos++}`);
  mkdirSync(path.join(repo, path.dirname(file)), { recursive: true });
  git(repo, 'init', '-q');
  writeFileSync(path.join(repo, file), content);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'before');
  return repo;
}

/** Applies the diff with `git apply` and returns the file's bytes afterwards. */
function applyWithGit(file: string, before: string, diff: string): Buffer {
  const repo = commitFile(file, before);
  const patch = path.join(repo, '..', `patch-${repos}.diff`);
  writeFileSync(patch, diff);
  git(repo, 'apply', '--check', patch);
  git(repo, 'apply', patch);
  return readFileSync(path.join(repo, file));
}

const lines = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `line ${i + from}\n`).join('');
const TWENTY = lines(20);

describe('buildUnifiedDiff: git apply turns before into after', () => {
  it.each([
    ['insertion at the top', TWENTY, `"""Doc."""\n${TWENTY}`],
    ['insertion in the middle', TWENTY, `${lines(10)}    """Doc."""\n${lines(10, 11)}`],
    ['insertion at the end', TWENTY, `${TWENTY}tail\n`],
    ['replacement', TWENTY, `${lines(9)}new 10\nnew 11\nnew 12\n${lines(8, 13)}`],
    ['deletion', TWENTY, `${lines(5)}${lines(10, 11)}`],
    ['deletion of the first line', TWENTY, lines(19, 2)],
    ['deletion of everything', TWENTY, ''],
    ['content into an empty file', '', 'a\nb\n'],
    ['one line changed', 'a\n', 'b\n'],
    ['a newline added at the end', 'a\nb', 'a\nb\n'],
    ['the newline at the end removed', 'a\nb\n', 'a\nb'],
    ['no newline at the end, change in the middle', 'a\nb\nc\nd', 'a\nx\nb\nc\nd'],
    ['no newline at the end, change at the end', 'a\nb\nc', 'a\nb\nc\nd'],
    ['no newline at the end, last line changed', 'a\nb\nc', 'a\nb\nz'],
    ['one line without newline changed', 'a', 'b'],
    ['CRLF lines', 'a\r\nb\r\nc\r\n', 'a\r\n  /** Doc. */\r\nb\r\nc\r\n'],
    ['CRLF to LF on one line', 'a\r\nb\r\nc\r\n', 'a\r\nb\nc\r\n'],
    ['a BOM kept, insertion on top', '\uFEFFimport os\n', '\uFEFF# doc\nimport os\n'],
    ['a BOM removed', '\uFEFFa\nb\n', 'a\nb\n'],
    ['two changes far apart', TWENTY, `x\n${lines(18, 2)}y\n`],
    ['lines that look like diff syntax', 'a\n', '-a\n+b\n b\n\\ c\n@@ -1 +1 @@\n'],
    ['a repeated line inserted', 'x\nx\nx\n', 'x\nx\nx\nx\n'],
    ['unicode content', 'grüße\n', 'grüße\n# 你好\n'],
  ])('%s', (_, before, after) => {
    const diff = buildUnifiedDiff('src/f.py', before, after);
    expect(applyWithGit('src/f.py', before, diff).equals(Buffer.from(after))).toBe(true);
  });

  it.each([0, 1, 5])('works with %i lines of context', (context) => {
    const after = `${lines(10)}    """Doc."""\n${lines(10, 11)}`;
    const diff = buildUnifiedDiff('f.py', TWENTY, after, context);
    expect(applyWithGit('f.py', TWENTY, diff).toString()).toBe(after);
  });

  it('holds for random pairs of texts', () => {
    // A fixed seed: the same pairs on every run.
    let seed = 42;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 16) % n;
    };
    const pieces = ['a\n', 'b\n', 'a\r\n', '\n', 'c', '\uFEFFd\n', '  e\n'];
    const pick = (count: number) =>
      Array.from({ length: count }, () => pieces[random(pieces.length)] as string);
    for (let i = 0; i < 30; i++) {
      // Half the pairs are unrelated, half one edit apart (shared lines around a change).
      const old = pick(random(10));
      const next = i % 2 ? pick(random(10)) : [...old];
      if (i % 2 === 0) next.splice(random(old.length + 1), random(3), ...pick(random(3)));
      const before = old.join('');
      const after = next.join('');
      const diff = buildUnifiedDiff('r.txt', before, after);
      if (before === after) expect(diff).toBe('');
      else expect(applyWithGit('r.txt', before, diff).equals(Buffer.from(after))).toBe(true);
    }
  });

  it('is empty when nothing changed', () => {
    expect(buildUnifiedDiff('f.py', 'a\n', 'a\n')).toBe('');
  });

  it('writes a hunk like git does', () => {
    const after = `${lines(10)}    """Doc."""\n${lines(10, 11)}`;
    expect(buildUnifiedDiff('pkg/f.py', TWENTY, after)).toBe(
      'diff --git a/pkg/f.py b/pkg/f.py\n--- a/pkg/f.py\n+++ b/pkg/f.py\n' +
        '@@ -8,6 +8,7 @@\n line 8\n line 9\n line 10\n+    """Doc."""\n line 11\n line 12\n line 13\n',
    );
    expect(buildUnifiedDiff('f', 'a', 'b')).toBe(
      'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n' +
        '\\ No newline at end of file\n',
    );
  });
});

describe('buildUnifiedDiff: paths', () => {
  it.each(['dir with space/f.py', 'grüße.py', 'sp ü/a"b.py', 'back\\slash.py', 'tab\tname.py'])(
    '%j: headers as git writes them, and git apply takes it',
    (file) => {
      const before = 'a\nb\n';
      const after = 'a\n"""Doc."""\nb\n';
      const diff = buildUnifiedDiff(file, before, after);
      expect(applyWithGit(file, before, diff).toString()).toBe(after);

      const repo = commitFile(file, before);
      writeFileSync(path.join(repo, file), after);
      const headers = (text: string) =>
        text.split('\n').filter((line) => /^(diff --git|---|\+\+\+) /.test(line));
      expect(headers(diff)).toEqual(headers(git(repo, 'diff')));
    },
  );
});
