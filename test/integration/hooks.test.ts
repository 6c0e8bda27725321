import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readHookStatus, uninstallHooks } from '../../src/service/hooks.js';
import { cleanup, tempDir } from '../helpers/hearth.js';
import {
  commit,
  git,
  gitDir,
  HOOKS,
  installHooks,
  isolateGit,
  makeRepo,
  snapshotDir,
  stage,
  write,
  writeSuggestions,
} from './hooks-helpers.js';

beforeAll(isolateGit);
afterEach(cleanup);

const MARKER_HOOK = '#!/bin/sh\necho "user hook $# args" >> "$(git rev-parse --git-dir)/marker"\n';

function stateOf(report: Awaited<ReturnType<typeof readHookStatus>>, name: string) {
  return report.hooks.find((hook) => hook.name === name)?.state;
}

describe('hooks install, chaining and uninstall', () => {
  it('chains an existing hook: both run, and ours prints the staged suggestions', async () => {
    const repo = makeRepo();
    const hooksDir = path.join(gitDir(repo), 'hooks');
    write(hooksDir, 'pre-commit', MARKER_HOOK, 0o750);
    write(hooksDir, 'not-a-hook.txt', 'left alone\n', 0o600);
    const before = snapshotDir(hooksDir);

    const report = await installHooks(repo);
    expect(report.hooksDir).toBe(hooksDir);
    expect(stateOf(report, 'pre-commit')).toBe('chained');
    expect(stateOf(report, 'post-commit')).toBe('installed');
    expect(report.messages.join('\n')).toContain('pre-commit.pre-hearth');
    expect(statSync(path.join(hooksDir, 'pre-commit.pre-hearth')).mode & 0o777).toBe(0o750);
    expect(statSync(path.join(hooksDir, 'pre-push')).mode & 0o777).toBe(0o755);
    const script = readFileSync(path.join(hooksDir, 'pre-commit'), 'utf8');
    expect(script).toContain('# hearth-managed hook: pre-commit');
    // The whole program, nothing of the install's hooks/ folder: it runs without it.
    expect(script).toContain(readFileSync(path.join(HOOKS, 'hearth-hook'), 'utf8').slice(10));
    expect(script).not.toContain(HOOKS);
    expect(script).toContain(`'${process.execPath}'`);

    stage(repo, 'src/app.ts', 'export const x: number = 1;\n');
    writeSuggestions(repo, [
      ['fix', 'src/app.ts', 'f1a2b3c', 'verified', 'src/app.ts:1', "Type 'string' is bad."],
    ]);
    const result = commit(repo);
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(gitDir(repo), 'marker'), 'utf8')).toBe('user hook 0 args\n');
    expect(result.output).toContain('hearth: 1 suggestion for staged files');
    expect(result.output).toContain('hearth apply f1a2b3c');

    const status = await readHookStatus(repo);
    expect(status.hooks.map((hook) => hook.state)).toEqual([
      'chained',
      'installed',
      'installed',
      'installed',
      'installed',
      'installed',
    ]);

    const uninstalled = await uninstallHooks(repo);
    expect(uninstalled.hooks.map((hook) => hook.state)).toEqual([
      'foreign',
      'missing',
      'missing',
      'missing',
      'missing',
      'missing',
    ]);
    expect(snapshotDir(hooksDir)).toEqual(before);
  });

  it('respects a chained hook that refuses the commit, and prints nothing of ours', async () => {
    const repo = makeRepo();
    write(
      path.join(gitDir(repo), 'hooks'),
      'pre-commit',
      '#!/bin/sh\necho no >&2\nexit 3\n',
      0o755,
    );
    await installHooks(repo);
    stage(repo, 'a.ts', 'a\n');
    writeSuggestions(repo, [['fix', 'a.ts', 'f1', 'verified', 'a.ts:1', 'wrong']]);

    const result = commit(repo);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no');
    expect(result.output).not.toContain('hearth');
    expect(git(repo, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('installs twice without changing anything, and refuses to overwrite a kept hook', async () => {
    const repo = makeRepo();
    const hooksDir = path.join(gitDir(repo), 'hooks');
    write(hooksDir, 'pre-push', MARKER_HOOK, 0o755);
    await installHooks(repo);
    const once = snapshotDir(hooksDir);
    const again = await installHooks(repo);
    expect(snapshotDir(hooksDir)).toEqual(once);
    expect(again.hooks.every((hook) => !hook.refused)).toBe(true);

    await uninstallHooks(repo);
    write(hooksDir, 'post-merge.pre-hearth', 'old\n', 0o644);
    const before = snapshotDir(hooksDir);
    const refused = await installHooks(repo);
    const entry = refused.hooks.find((hook) => hook.name === 'post-merge');
    expect(entry?.refused).toContain('post-merge.pre-hearth already exists');
    expect(existsSync(path.join(hooksDir, 'post-merge'))).toBe(false);
    expect(readFileSync(path.join(hooksDir, 'post-merge.pre-hearth'), 'utf8')).toBe('old\n');
    await uninstallHooks(repo);
    expect(snapshotDir(hooksDir)).toEqual(before);
  });

  it('honours core.hooksPath, and a linked worktree commits through the same hooks', async () => {
    const repo = makeRepo();
    const custom = path.join(tempDir('hearth-custom-hooks-'), 'hooks');
    git(repo, 'config', 'core.hooksPath', custom);
    const report = await installHooks(repo);
    expect(report.hooksDir).toBe(custom);
    expect(existsSync(path.join(custom, 'pre-commit'))).toBe(true);
    expect(existsSync(path.join(gitDir(repo), 'hooks', 'pre-commit'))).toBe(false);

    const worktree = path.join(path.dirname(repo), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', worktree);
    expect((await readHookStatus(worktree)).hooksDir).toBe(custom);
    stage(worktree, 'side.py', 'x = 1\n');
    writeSuggestions(worktree, [['docstring', 'side.py', 'd7', '', 'side', 'The side module.']]);
    expect(gitDir(worktree)).toContain(path.join('.git', 'worktrees'));
    const result = commit(worktree);
    expect(result.status).toBe(0);
    expect(result.output).toContain('docstring  side.py side  The side module.');
  });

  it('resolves a relative core.hooksPath from the work tree root', async () => {
    const repo = makeRepo();
    git(repo, 'config', 'core.hooksPath', '.githooks');
    const report = await installHooks(path.join(repo));
    expect(report.hooksDir).toBe(path.join(repo, '.githooks'));
    stage(repo, 'a.txt', 'a\n');
    writeSuggestions(repo, [['fix', 'a.txt', 'f1', 'unverified', 'a.txt:1', 'typo']]);
    expect(commit(repo).output).toContain('typo (unverified)');
  });
});
