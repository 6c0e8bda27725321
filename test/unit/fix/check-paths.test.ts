import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/checks/run-check.js';
import { keepPathsInside } from '../../../src/repos/safe-path.js';
import { cleanup, tempDir } from '../../helpers/hearth.js';

afterAll(cleanup);

/** A work tree with a real file, a folder linked outside and a .git folder. */
function workTree(): string {
  const base = tempDir();
  const root = path.join(base, 'repo');
  mkdirSync(path.join(root, 'src'), { recursive: true });
  mkdirSync(path.join(root, '.git'));
  mkdirSync(path.join(base, 'elsewhere'));
  writeFileSync(path.join(base, 'elsewhere', 'v.py'), 'x = 1\n');
  writeFileSync(path.join(root, 'src', 'a.py'), 'x = 1\n');
  symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'out'));
  return root;
}

describe('keepPathsInside', () => {
  it.each([
    ['src/a.py', 'src/a.py'],
    ['./src/a.py', 'src/a.py'],
    ['src/new.py', 'src/new.py'],
  ])('keeps %s as %s', (file, rel) => {
    const { kept, dropped } = keepPathsInside(workTree(), [{ file, line: 1 }]);
    expect(dropped).toEqual([]);
    expect(kept).toEqual([{ file: rel, line: 1 }]);
  });

  it.each([
    ['../outside/victim.py', 'outside the repository'],
    ['src/../../victim.py', 'outside the repository'],
    ['/etc/passwd', 'not a path inside the repository'],
    ['.git/config', 'inside .git'],
    ['out/v.py', 'leads outside the repository through a symlink'],
  ])('drops %s (%s)', (file, reason) => {
    const { kept, dropped } = keepPathsInside(workTree(), [
      { file, line: 1 },
      { file, line: 2 },
    ]);
    expect(kept).toEqual([]);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.file).toBe(file);
    expect(dropped[0]?.reason).toContain(reason);
  });
});

describe('runCheck', () => {
  it('gives only diagnostics inside its folder, and the dropped paths with a reason', async () => {
    const root = workTree();
    const lines = [
      'src/a.py:1:1: error x',
      '../outside/victim.py:1:1: error x',
      '.git/config:1: error y',
    ];
    const run = await runCheck(
      {
        name: 'c',
        command: `printf '${lines.join('\\n')}\\n'; exit 1`,
        parser: 'generic',
        timeoutMs: 10_000,
      },
      root,
    );
    expect(run.diagnostics.map((d) => d.file)).toEqual(['src/a.py']);
    expect(run.dropped.map((d) => d.file).sort()).toEqual(['../outside/victim.py', '.git/config']);
    expect(run.dropped.every((d) => d.reason.length > 0)).toBe(true);
  });
});
