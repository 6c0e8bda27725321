import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normaliseRepoPath, verifyInsideWorkTree } from '../../../src/repos/safe-path.js';
import { cleanup, tempDir } from '../../helpers/hearth.js';

afterAll(cleanup);

describe('normaliseRepoPath', () => {
  it.each([
    ['src/a.ts', 'src/a.ts'],
    ['./src/a.ts', 'src/a.ts'],
    ['src//b/../a.ts', 'src/a.ts'],
    ['src\\a.ts', 'src/a.ts'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml'],
    ['a.git/b.ts', 'a.git/b.ts'],
    ['.gitignore', '.gitignore'],
  ])('keeps %s as %s', (raw, rel) => {
    expect(normaliseRepoPath(raw)).toEqual({ ok: true, rel });
  });

  it.each([
    ['.git/config', 'inside .git'],
    ['./.git/hooks/pre-commit', 'inside .git'],
    ['.GIT/config', 'inside .git'],
    ['sub/.git/config', 'inside .git'],
    ['src/../.git/config', 'inside .git'],
    ['.git', 'inside .git'],
    ['../outside.txt', 'outside the repository'],
    ['src/../../outside.txt', 'outside the repository'],
    ['..', 'outside the repository'],
    ['..\\outside.txt', 'outside the repository'],
    ['/etc/passwd', 'not a path inside the repository'],
    ['C:/x.txt', 'not a path inside the repository'],
    ['~/.bashrc', 'not a path inside the repository'],
    ['', 'empty'],
    ['.', 'names no file'],
    ['src/', 'names no file'],
  ])('refuses %s (%s)', (raw, reason) => {
    const checked = normaliseRepoPath(raw);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toContain(reason);
  });
});

describe('verifyInsideWorkTree', () => {
  const base = tempDir();
  const repo = path.join(base, 'repo');
  mkdirSync(path.join(repo, 'src'), { recursive: true });
  mkdirSync(path.join(repo, '.git'));
  writeFileSync(path.join(base, 'outside.txt'), 'x');
  writeFileSync(path.join(repo, 'src', 'a.ts'), 'x');
  symlinkSync(path.join(base, 'outside.txt'), path.join(repo, 'out-link.txt'));
  symlinkSync(base, path.join(repo, 'out-dir'));
  symlinkSync('.git', path.join(repo, 'git-link'));
  symlinkSync('src/a.ts', path.join(repo, 'in-link.ts'));

  it.each([
    ['src/a.ts', true, ''],
    ['src/new-file.ts', true, ''],
    ['in-link.ts', true, ''],
    ['out-link.txt', false, 'leads outside the repository through a symlink'],
    ['out-dir/outside.txt', false, 'leads outside the repository through a symlink'],
    ['out-dir/new.txt', false, 'leads outside the repository through a symlink'],
    ['git-link/config', false, 'leads into .git through a symlink'],
    ['.git/config', false, 'inside .git'],
  ])('%s: allowed %s', (raw, ok, reason) => {
    const checked = verifyInsideWorkTree(repo, raw);
    expect(checked.ok).toBe(ok);
    if (!checked.ok) expect(checked.reason).toContain(reason);
  });
});
