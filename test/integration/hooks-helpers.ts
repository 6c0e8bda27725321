/**
 * Real git in temp folders for the hook tests: no user or system git config, a fixed author, and
 * no HEARTH_* from outside. Hooks run as git runs them, through `git commit` and `git push`.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { hookHomeId, hookStateDirIn } from '../../src/service/hook-state.js';
import { type InstallOptions, installHooks as installHooksFrom } from '../../src/service/hooks.js';
import { CLI, ROOT, tempDir } from '../helpers/hearth.js';

export const HOOKS = path.join(ROOT, 'hooks');

/** `installHooks` recording the built CLI (run in place, the source folder has no main.js). */
export function installHooks(repo: string, options: InstallOptions = {}) {
  return installHooksFrom(repo, { cli: CLI, ...options });
}

const ISOLATION = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

/** Makes git run by the code under test (in this process) ignore the real home's config too. */
export function isolateGit(): void {
  for (const key of Object.keys(process.env))
    if (key.startsWith('HEARTH_')) delete process.env[key];
  Object.assign(process.env, ISOLATION);
}

export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HEARTH_') && !key.startsWith('GIT_')) env[key] = value;
  }
  return { ...env, ...ISOLATION, ...extra };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr: git sends a hook's output to its stderr. */
  output: string;
}

export function run(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Run {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    env: testEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw result.error;
  const { status, stdout, stderr } = result;
  return { status, stdout, stderr, output: stdout + stderr };
}

/** Runs git, failing the test with its output when it exits non-zero; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  const result = run(cwd, 'git', args);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.output}`);
  return result.stdout.trim();
}

/** A fresh repository on `main` with one empty commit. */
export function makeRepo(name = 'repo'): string {
  const dir = path.join(tempDir('hearth-hooks-'), name);
  git(path.dirname(dir), 'init', '-q', '-b', 'main', dir);
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'initial');
  return dir;
}

export function write(root: string, rel: string, content: string, mode?: number): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (mode !== undefined) chmodSync(file, mode);
  return file;
}

export function stage(root: string, rel: string, content: string): void {
  write(root, rel, content);
  git(root, 'add', '--', rel);
}

export function commit(root: string, env: Record<string, string> = {}, message = 'change'): Run {
  return run(root, 'git', ['commit', '-q', '-m', message], env);
}

export function gitDir(root: string): string {
  return git(root, 'rev-parse', '--absolute-git-dir');
}

/** This test process's state folder in the repo: what `installHooks` records by default. */
export function stateDir(root: string, id = hookHomeId()): string {
  return hookStateDirIn(gitDir(root), id);
}

/** Writes `suggestions.tsv` in the state folder as the daemon does: one TAB-separated row a line. */
export function writeSuggestions(root: string, rows: string[][], id = hookHomeId()): void {
  write(stateDir(root, id), 'suggestions.tsv', rows.map((row) => `${row.join('\t')}\n`).join(''));
}

export function readEvents(root: string, id = hookHomeId()): string[] {
  try {
    return readFileSync(path.join(stateDir(root, id), 'events'), 'utf8')
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** Every entry under `dir`: its mode and bytes (or link target), for byte-for-byte comparisons. */
export function snapshotDir(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const relPath = path.join(rel, name);
      const full = path.join(dir, relPath);
      const stat = lstatSync(full);
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isSymbolicLink()) entries[relPath] = `link ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        entries[relPath] = `dir ${mode}`;
        walk(relPath);
      } else entries[relPath] = `${mode} ${readFileSync(full).toString('base64')}`;
    }
  };
  walk('');
  return entries;
}
