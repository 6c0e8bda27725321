/**
 * The state hooks and hearth share under the git folder: one folder per hearth home, cleaned up
 * by `hooks uninstall` and `unwatch`; and hooks from older versions reported as outdated.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hooksCommand } from '../../src/cli/commands/hooks.js';
import { checkHooks } from '../../src/doctor/repo-checks.js';
import type { DoctorContext } from '../../src/doctor/types.js';
import { HOOK_NAMES } from '../../src/service/hook-script.js';
import { buildHomeId, hookStateDirIn } from '../../src/service/hook-state.js';
import { readHookStatus, uninstallHooks } from '../../src/service/hooks.js';
import { CLI, cleanup, hearth, startDaemon, tempDir, tempHome } from '../helpers/hearth.js';
import {
  commit,
  git,
  gitDir,
  installHooks,
  isolateGit,
  makeRepo,
  readEvents,
  run,
  stage,
  stateDir,
  write,
  writeSuggestions,
} from './hooks-helpers.js';

beforeAll(isolateGit);
afterEach(cleanup);

const idOf = (home: string) => buildHomeId(path.join(home, 'data'));
const LEGACY = ['events', 'suggestions.tsv', 'reviews-arrived'];

describe('one state folder per hearth home', () => {
  it("never prints another home's suggestions, and records events in its own folder only", () => {
    const repo = makeRepo();
    const [homeA, homeB] = [tempDir('hearth-home-a-'), tempDir('hearth-home-b-')];
    const installed = run(repo, process.execPath, [CLI, 'hooks', 'install', repo], {
      HEARTH_HOME: homeA,
    });
    expect(installed.status, installed.output).toBe(0);
    const [a, b] = [idOf(homeA), idOf(homeB)];
    expect(a).not.toBe(b);
    expect(existsSync(hookStateDirIn(gitDir(repo), a))).toBe(true);

    stage(repo, 'a.ts', 'a\n');
    writeSuggestions(repo, [['fix', 'a.ts', 'fB', 'verified', 'a.ts:1', 'from home B']], b);
    // What an older version wrote for everyone is nobody's now.
    write(gitDir(repo), 'hearth/suggestions.tsv', 'fix\ta.ts\tfOld\tverified\ta.ts:1\told\n');
    // The committer's HEARTH_HOME does not matter: the hooks read the home they were installed by.
    const result = commit(repo, { HEARTH_HOME: homeB });
    expect(result.status, result.output).toBe(0);
    expect(result.output).toBe('');
    expect(readEvents(repo, a).map((line) => line.split(' ')[0])).toEqual([
      'pre-commit',
      'post-commit',
    ]);
    expect(readEvents(repo, b)).toEqual([]);
    expect(existsSync(path.join(gitDir(repo), 'hearth', 'events'))).toBe(false);

    stage(repo, 'a.ts', 'aa\n');
    writeSuggestions(repo, [['fix', 'a.ts', 'fA', 'verified', 'a.ts:1', 'from home A']], a);
    expect(commit(repo).output).toContain('hearth apply fA');
  });

  it('appends no events when its state folder is gone (a repo nobody watches)', async () => {
    const repo = makeRepo();
    await installHooks(repo);
    rmSync(stateDir(repo), { recursive: true });
    stage(repo, 'a.ts', 'a\n');
    const result = commit(repo);
    expect(result.status).toBe(0);
    expect(result.output).toBe('');
    expect(existsSync(stateDir(repo))).toBe(false);
  });
});

describe('clean-up', () => {
  it("hooks uninstall removes this home's state, old flat files and the manager program", async () => {
    const repo = makeRepo();
    stage(repo, 'lefthook.yml', 'pre-commit:\n  commands:\n    lint:\n      run: "true"\n');
    git(repo, 'commit', '-q', '-m', 'lefthook');
    const worktree = path.join(path.dirname(repo), 'linked');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', worktree);
    await installHooks(repo);
    await installHooks(worktree);
    const root = path.join(gitDir(repo), 'hearth');
    const other = hookStateDirIn(gitDir(repo), 'bbbbbbbbbbbb');
    write(other, 'events', 'post-commit 1\n');
    for (const name of LEGACY) write(root, name, 'old\n');
    expect(existsSync(path.join(root, 'pre-commit'))).toBe(true);
    expect(existsSync(stateDir(worktree))).toBe(true);

    const report = await uninstallHooks(repo);
    expect(report.messages.join('\n')).toContain("removed hearth's state under");
    expect(readdirSync(root)).toEqual(['bbbbbbbbbbbb']);
    expect(readFileSync(path.join(other, 'events'), 'utf8')).toBe('post-commit 1\n');
    expect(existsSync(stateDir(worktree))).toBe(false);

    rmSync(other, { recursive: true });
    write(root, 'events', 'old\n');
    await uninstallHooks(repo);
    expect(existsSync(root)).toBe(false);
  });

  it("unwatch removes this home's state and old files, and says the hooks stay", async () => {
    const home = tempHome();
    await startDaemon(home);
    const repo = makeRepo();
    const id = idOf(home);
    const root = path.join(gitDir(repo), 'hearth');
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    expect(existsSync(hookStateDirIn(gitDir(repo), id))).toBe(true);
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    for (const name of LEGACY) write(root, name, 'old\n');
    write(hookStateDirIn(gitDir(repo), 'bbbbbbbbbbbb'), 'events', 'post-commit 1\n');

    const unwatched = await hearth(home, ['unwatch', repo]);
    expect(unwatched.code, unwatched.stderr).toBe(0);
    expect(unwatched.stdout.trim().split('\n')).toEqual([
      `stopped watching ${repo}`,
      `hearth's git hooks stay in ${path.join(gitDir(repo), 'hooks')}; to remove them: hearth hooks uninstall ${repo}`,
    ]);
    expect(readdirSync(root)).toEqual(['bbbbbbbbbbbb']);

    // Without hooks, nothing more is said.
    const plain = makeRepo('plain');
    expect((await hearth(home, ['watch', plain])).code).toBe(0);
    const quiet = await hearth(home, ['unwatch', plain]);
    expect(quiet.stdout).toBe(`stopped watching ${plain}\n`);
    expect(existsSync(path.join(gitDir(plain), 'hearth'))).toBe(false);
  }, 30_000);
});

describe('hooks from an older hearth', () => {
  const OLD = (name: string) =>
    [
      '#!/bin/sh',
      `# hearth-managed hook: ${name}`,
      'HEARTH_NODE=$' + "{HEARTH_NODE:-'/usr/bin/node'}",
      'HEARTH_CLI=$' + "{HEARTH_CLI:-'/gone/hearth/dist/cli/main.js'}",
      'HEARTH_CHAIN=',
      'export HEARTH_NODE HEARTH_CLI HEARTH_CHAIN',
      `exec sh '/gone/hearth/hooks/hearth-hook' ${name} "$@"`,
      '',
    ].join('\n');

  it('are reported as outdated, and install rewrites them', async () => {
    const repo = makeRepo();
    const hooks = path.join(gitDir(repo), 'hooks');
    for (const name of HOOK_NAMES) write(hooks, name, OLD(name), 0o755);

    const status = await readHookStatus(repo);
    expect(status.hooks.filter((hook) => hook.outdated).map((hook) => hook.name)).toEqual([
      ...HOOK_NAMES,
    ]);
    expect(status.messages).toEqual([
      'hooks from an older hearth (they need its install folder): run `hearth hooks install` again',
    ]);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await hooksCommand('status', repo, {});
      const text = out.mock.calls.map((call) => String(call[0])).join('');
      expect(text).toContain(
        '  pre-commit     installed, outdated: run `hearth hooks install` again',
      );
    } finally {
      out.mockRestore();
    }

    // hearth doctor counts them as missing: they need an install folder that may be gone.
    const reposFile = write(
      tempDir('hearth-data-'),
      'repos.json',
      JSON.stringify({ version: 1, repos: [{ path: repo, addedAt: new Date().toISOString() }] }),
    );
    const ctx = { paths: { reposFile } } as DoctorContext;
    expect(await checkHooks(ctx)).toMatchObject({
      status: 'warn',
      message: `hearth's git hooks are missing or outdated in ${repo}`,
    });

    await installHooks(repo);
    expect((await checkHooks(ctx)).status).toBe('pass');
    expect((await readHookStatus(repo)).hooks.some((hook) => hook.outdated)).toBe(false);
    expect(readFileSync(path.join(hooks, 'pre-commit'), 'utf8')).not.toContain('/gone/');
  });
});
