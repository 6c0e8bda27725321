import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchCopy } from '../../../src/checks/scratch-copy.js';
import { verifyWriteTarget } from '../../../src/repos/safe-path.js';
import { verifyFix } from '../../../src/tasks/fix/verify-fix.js';
import { cleanup, gitTestEnv, tempDir, tempRepo } from '../../helpers/hearth.js';

afterAll(cleanup);

/** A root with a file, a symlinked folder, a symlinked file, both leading out. */
function root(): string {
  const base = tempDir();
  const dir = path.join(base, 'root');
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  mkdirSync(path.join(base, 'elsewhere'));
  writeFileSync(path.join(base, 'elsewhere', 'v.py'), 'x = 1\n');
  writeFileSync(path.join(dir, 'src', 'a.py'), 'x = 1\n');
  symlinkSync(path.join(base, 'elsewhere'), path.join(dir, 'out'));
  symlinkSync(path.join(base, 'elsewhere', 'v.py'), path.join(dir, 'src', 'link.py'));
  return dir;
}

describe('verifyWriteTarget', () => {
  it.each([
    ['src/a.py', 'src/a.py'],
    ['./src/new/b.py', 'src/new/b.py'],
  ])('allows %s as %s', (raw, rel) => {
    const dir = root();
    expect(verifyWriteTarget(dir, raw)).toEqual({ ok: true, rel, target: path.join(dir, rel) });
  });

  it.each([
    ['../x.py', 'outside the repository'],
    ['/tmp/x.py', 'not a path inside the repository'],
    ['.git/hooks/pre-commit', 'inside .git'],
    ['out/v.py', 'is under the symlink out'],
    ['out/new/v.py', 'is under the symlink out'],
    ['src/link.py', 'is a symlink'],
  ])('refuses %s (%s)', (raw, reason) => {
    const checked = verifyWriteTarget(root(), raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toContain(reason);
  });
});

/** A repo with a tracked file and an ignored folder (`deps/`). */
function repoWithIgnoredFolder(): string {
  const repo = tempRepo();
  writeFileSync(path.join(repo, '.gitignore'), 'deps/\n');
  mkdirSync(path.join(repo, 'deps'));
  writeFileSync(path.join(repo, 'deps', 'lib.py'), 'real = 1\n');
  writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'a'], { env: gitTestEnv() });
  return repo;
}

describe('createScratchCopy overrides', () => {
  it('writes an override inside the copy', async () => {
    const scratch = await createScratchCopy(repoWithIgnoredFolder(), {
      from: 'worktree',
      ignored: 'copy',
      overrides: { 'a.py': 'x = 2\n' },
    });
    expect(readFileSync(path.join(scratch.dir, 'a.py'), 'utf8')).toBe('x = 2\n');
    await scratch.remove();
  });

  it('refuses an override through a linked folder: the real file stays', async () => {
    const repo = repoWithIgnoredFolder();
    await expect(
      createScratchCopy(repo, {
        from: 'worktree',
        ignored: 'link',
        overrides: { 'deps/lib.py': 'bad = 1\n' },
      }),
    ).rejects.toThrow('deps/lib.py is under the symlink deps');
    expect(readFileSync(path.join(repo, 'deps', 'lib.py'), 'utf8')).toBe('real = 1\n');
  });

  it('refuses an override with ..: nothing is written beside the copy', async () => {
    const name = `hearth-victim-${process.pid}-${Date.now()}.py`;
    await expect(
      createScratchCopy(repoWithIgnoredFolder(), {
        from: 'worktree',
        ignored: 'copy',
        overrides: { [`../${name}`]: 'bad = 1\n' },
      }),
    ).rejects.toThrow('outside the repository');
    expect(existsSync(path.join(os.tmpdir(), name))).toBe(false);
  });
});

describe('verifyFix and a path that leaves the work tree', () => {
  it('is not verified, and writes nothing', async () => {
    const repo = repoWithIgnoredFolder();
    const outside = path.join(path.dirname(repo), 'victim.py');
    writeFileSync(outside, 'victim = 1\n');
    const verdict = await verifyFix({
      repo,
      path: '../victim.py',
      patched: 'bad = 1\n',
      check: { name: 'c', command: 'true', parser: 'generic', timeoutMs: 10_000 },
      fingerprint: 'f',
      baseline: [],
      verifyWithChecks: true,
    });
    expect(verdict).toEqual({
      verified: false,
      note: 'not checked: ../victim.py is outside the repository',
    });
    expect(readFileSync(outside, 'utf8')).toBe('victim = 1\n');
  });

  it('a file of an ignored folder is written in the copy only; the real file stays', async () => {
    const repo = repoWithIgnoredFolder();
    const verdict = await verifyFix({
      repo,
      path: 'deps/lib.py',
      patched: 'bad = 1\n',
      check: { name: 'c', command: 'cat deps/lib.py', parser: 'generic', timeoutMs: 10_000 },
      fingerprint: 'f',
      baseline: [],
      verifyWithChecks: true,
    });
    expect(verdict.verified).toBe(true);
    expect(readFileSync(path.join(repo, 'deps', 'lib.py'), 'utf8')).toBe('real = 1\n');
  });
});
