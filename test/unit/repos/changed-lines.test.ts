import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listChangedLines, parseChangedLines } from '../../../src/repos/changed-lines.js';
import { cleanup, gitTestEnv, tempDir, tempRepo } from '../../helpers/hearth.js';

afterEach(cleanup);

describe('parseChangedLines', () => {
  it('reads the new-side lines of each hunk of a -U0 diff', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3 +3 @@ export function f() {',
      '-  return 1;',
      '+  return 2;',
      '@@ -10,0 +11,2 @@',
      '+a',
      '+b',
      '@@ -20,2 +22,0 @@',
      '-gone',
      '-gone',
      'diff --git a/b c.py b/b c.py',
      '--- a/b c.py',
      '+++ b/b c.py',
      '@@ -1,2 +1,3 @@',
    ].join('\n');
    const changed = parseChangedLines(diff);
    expect([...(changed.get('src/a.ts') as Set<number>)]).toEqual([3, 11, 12]);
    expect([...(changed.get('b c.py') as Set<number>)]).toEqual([1, 2, 3]);
  });
});

describe('listChangedLines', () => {
  it.each(['diff.mnemonicPrefix', 'diff.noprefix'])(
    "finds a tracked file's changed lines with the user's %s set",
    async (key) => {
      const repo = tempRepo();
      const git = (...args: string[]) =>
        execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv() });
      writeFileSync(path.join(repo, 'a.py'), 'a = 1\nb = 2\n');
      git('add', '-A');
      git('commit', '-q', '-m', 'a');
      git('config', key, 'true');
      writeFileSync(path.join(repo, 'a.py'), 'a = 1\nb = 3\n');
      const changed = await listChangedLines(repo, ['a.py']);
      expect([...(changed.get('a.py') as Set<number>)]).toEqual([2]);
    },
  );
});

describe('listChangedLines when git fails or knows no commit', () => {
  it('throws when git ls-files fails: a failure is not "untracked, wholly changed"', async () => {
    const repo = tempRepo();
    writeFileSync(path.join(repo, 'a.py'), 'a = 1\n');
    await expect(listChangedLines(repo, ['a.py', '../outside/victim.py'])).rejects.toThrow(
      /git ls-files failed in .*outside repository/,
    );
  });

  it('counts a staged file as wholly changed when there is no commit yet', async () => {
    const repo = path.join(tempDir(), 'fresh');
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, 'a.py'), 'a = 1\n');
    execFileSync('git', ['-C', repo, 'add', 'a.py']);
    const changed = await listChangedLines(repo, ['a.py', 'b.py']);
    expect(changed.get('a.py')).toBe('all');
    expect(changed.get('b.py')).toBe('all');
  });
});
