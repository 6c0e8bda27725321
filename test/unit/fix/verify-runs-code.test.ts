import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyIgnoredEntries } from '../../../src/checks/copy-ignored.js';
import { createScratchCopy } from '../../../src/checks/scratch-copy.js';
import type { CheckConfig } from '../../../src/checks/types.js';
import { leftOut, verifyFix } from '../../../src/tasks/fix/verify-fix.js';
import { decideVerifyRun } from '../../../src/tasks/fix/verify-policy.js';
import { cleanup, gitTestEnv, tempDir, tempRepo } from '../../helpers/hearth.js';

afterAll(cleanup);

/**
 * A check that runs the file a fix patches (`sh lib.sh`): the model's patch, if run, leaves a
 * marker outside the repository. Ignored `deps/` and `node_modules/` hold files a run could
 * write to.
 */
function repoWithScriptCheck(): { repo: string; marker: string; check: CheckConfig } {
  const repo = tempRepo();
  const marker = path.join(tempDir(), 'model-code-ran');
  writeFileSync(path.join(repo, '.gitignore'), 'deps/\nnode_modules/\n');
  for (const dir of ['deps', 'node_modules']) {
    mkdirSync(path.join(repo, dir));
    writeFileSync(path.join(repo, dir, 'lib.txt'), 'real\n');
  }
  writeFileSync(path.join(repo, 'lib.sh'), 'echo "lib.sh:1:1: error: broken"\n');
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'a'], { env: gitTestEnv() });
  const check: CheckConfig = {
    name: 'script',
    command: 'sh lib.sh',
    parser: 'generic',
    timeoutMs: 10_000,
  };
  return { repo, marker, check };
}

/** The model's patch: it runs when the check runs, writes the marker and into both folders. */
const patchFor = (marker: string) =>
  `echo ran > ${marker}\nmkdir -p deps node_modules\necho patched > deps/lib.txt\necho patched > node_modules/lib.txt\n`;

const verify = (repo: string, check: CheckConfig, patched: string, verifyWithChecks: boolean) =>
  verifyFix({
    repo,
    path: 'lib.sh',
    patched,
    check,
    fingerprint: 'f',
    baseline: [],
    verifyWithChecks,
  });

describe('verifying a fix with a check that runs code', () => {
  it('does not run the check on the patch: the fix is unverified, and says why and how to opt in', async () => {
    const { repo, marker, check } = repoWithScriptCheck();
    const verdict = await verify(repo, check, patchFor(marker), false);
    expect(verdict.verified).toBe(false);
    expect(verdict.note).toContain("not run on the model's patch");
    expect(verdict.note).toContain('it runs a script');
    expect(verdict.note).toContain('hearth trust --verify-with-checks');
    expect(existsSync(marker)).toBe(false);
  });

  it('runs it once the user opted in, and its writes stay in the copy', async () => {
    const { repo, marker, check } = repoWithScriptCheck();
    const verdict = await verify(repo, check, patchFor(marker), true);
    expect(verdict).toEqual({ verified: true, note: 'script no longer reports it' });
    expect(existsSync(marker)).toBe(true);
    for (const dir of ['deps', 'node_modules'])
      expect(readFileSync(path.join(repo, dir, 'lib.txt'), 'utf8')).toBe('real\n');
  });

  it('a check declared not to run code (in the user config) verifies', async () => {
    const { repo, check } = repoWithScriptCheck();
    const verdict = await verify(repo, { ...check, runsCode: false }, 'true\n', false);
    expect(verdict.verified).toBe(true);
  });

  it('a check that fails on the copy without reporting anything has not verified', async () => {
    const { repo, check } = repoWithScriptCheck();
    const verdict = await verify(repo, check, 'exit 3\n', true);
    expect(verdict.verified).toBe(false);
    expect(verdict.note).toContain(
      'failed on the patched copy without reporting a problem (exit 3',
    );
  });
});

describe('the scratch copy a fix is checked in', () => {
  it('holds no symlink leading out of it: ignored folders are copied, outward links left out', async () => {
    const { repo } = repoWithScriptCheck();
    const modules = path.join(repo, 'node_modules');
    mkdirSync(path.join(modules, 'pkg'));
    mkdirSync(path.join(modules, '.bin'));
    writeFileSync(path.join(modules, 'pkg', 'tool.js'), 'tool\n');
    symlinkSync('../pkg/tool.js', path.join(modules, '.bin', 'tool'));
    symlinkSync(path.join(repo, 'lib.sh'), path.join(modules, 'absolute'));
    symlinkSync('../../outside', path.join(modules, 'outward'));
    symlinkSync('lib.sh', path.join(repo, 'alias.sh'));
    execFileSync('git', ['-C', repo, 'add', 'alias.sh'], { env: gitTestEnv() });
    const scratch = await createScratchCopy(repo, { from: 'worktree', ignored: 'copy' });
    try {
      expect(scratch.left).toEqual([]);
      expect(listLinks(scratch.dir)).toEqual(['node_modules/.bin/tool']);
      const tool = realpathSync(path.join(scratch.dir, 'node_modules', '.bin', 'tool'));
      expect(tool).toBe(path.join(realpathSync(scratch.dir), 'node_modules', 'pkg', 'tool.js'));
      expect(lstatSync(path.join(scratch.dir, 'deps', 'lib.txt')).isFile()).toBe(true);
      // A tracked symlink becomes a file holding what it pointed to.
      expect(readFileSync(path.join(scratch.dir, 'alias.sh'), 'utf8')).toContain('broken');
    } finally {
      await scratch.remove();
    }
  });

  it('leaves out an ignored entry too large for the budget, and says which', async () => {
    const { repo } = repoWithScriptCheck();
    writeFileSync(path.join(repo, 'node_modules', 'big.bin'), Buffer.alloc(4096));
    const dir = tempDir();
    const left = await copyIgnoredEntries(repo, dir, ['deps', 'node_modules'], {
      bytes: 1024,
      files: 100,
    });
    expect(left).toEqual(['node_modules']);
    expect(readFileSync(path.join(dir, 'deps', 'lib.txt'), 'utf8')).toBe('real\n');
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });

  it('names what it left out, for the verdict', () => {
    expect(leftOut([])).toBe('');
    expect(leftOut(['node_modules', '.venv', 'dist', 'target'])).toBe(
      '; the copy lacks ignored node_modules, .venv, dist, ..., too large to copy: hearth does not link them in, so a run can write nothing through them',
    );
  });

  it('the staged-content copy of the pre-commit check still links them (the user’s own code)', async () => {
    const { repo } = repoWithScriptCheck();
    const scratch = await createScratchCopy(repo, { from: 'index', ignored: 'link' });
    try {
      expect(listLinks(scratch.dir).sort()).toEqual(['deps', 'node_modules']);
    } finally {
      await scratch.remove();
    }
  });
});

describe('mypy and its plugins', () => {
  const mypy: CheckConfig = { name: 'types', command: 'mypy src', parser: 'mypy', timeoutMs: 1000 };

  it('reads code without running it, unless its config loads plugins', () => {
    const repo = tempDir();
    expect(decideVerifyRun(mypy, repo, { verifyWithChecks: false }).run).toBe(true);
    writeFileSync(path.join(repo, 'setup.cfg'), '[mypy]\nplugins = tools.plugin\n');
    const decided = decideVerifyRun(mypy, repo, { verifyWithChecks: false });
    expect(decided).toMatchObject({ run: false });
    if (!decided.run) expect(decided.note).toContain('mypy loads the plugins setup.cfg names');
  });

  it('a patch that adds plugins to its config counts too', () => {
    const repo = tempDir();
    const patched = [{ path: 'mypy.ini', text: '[mypy]\n  plugins = evil\n' }];
    expect(decideVerifyRun(mypy, repo, { verifyWithChecks: false, patched }).run).toBe(false);
    expect(decideVerifyRun(mypy, repo, { verifyWithChecks: true, patched }).run).toBe(true);
  });
});

/** Every symlink under `dir`, relative to it. */
function listLinks(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    const stat = lstatSync(path.join(dir, rel));
    if (stat.isSymbolicLink()) return [rel];
    return stat.isDirectory() ? listLinks(dir, rel) : [];
  });
}
