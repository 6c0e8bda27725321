/**
 * Runs the built CLI (dist/) as a real child process against a temp HEARTH_HOME, and cleans up
 * every daemon a test started. Nothing here touches the real home folder.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callDaemon } from '../../src/ipc/client.js';
import { isAlive } from '../../src/util/process.js';

export { isAlive };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const homes: string[] = [];
const tempDirs: string[] = [];

/** A fresh HEARTH_HOME, removed (and its daemon killed) by `cleanup()`. */
export function tempHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'hearth-home-'));
  homes.push(home);
  return home;
}

export function tempDir(prefix = 'hearth-tmp-'): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  tempDirs.push(dir);
  return dir;
}

/** A real git repository in a temp folder, with one commit. */
export function tempRepo(name = 'repo'): string {
  const dir = path.join(tempDir('hearth-repo-'), name);
  execFileSync('git', ['init', '-q', dir]);
  execFileSync('git', ['-C', dir, 'commit', '-q', '--allow-empty', '-m', 'initial'], {
    env: gitTestEnv(),
  });
  return dir;
}

/**
 * Git as tests run it, in the CLI, the daemon and the tests' own git calls: a fixed identity, and
 * none of the developer's config (a global core.hooksPath would receive the hooks tests install).
 */
const TEST_GIT = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function gitTestEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...TEST_GIT };
}

/** The environment a CLI call sees: the test's, minus any HEARTH_* from outside, plus `extra`. */
export function hearthEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HEARTH_')) env[key] = value;
  }
  return { ...env, ...TEST_GIT, HEARTH_HOME: home, ...extra };
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs `hearth ARGS` to completion. */
export function hearth(home: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawnHearth(home, args, options);
  return collect(child, options.timeoutMs ?? 20_000);
}

export function spawnHearth(home: string, args: string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    env: hearthEnv(home, options.env),
    cwd: options.cwd ?? ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the command and parses its stdout as JSON, failing with its output if it exits non-zero. */
export async function hearthJson<T = Record<string, unknown>>(
  home: string,
  args: string[],
  options?: RunOptions,
): Promise<T> {
  const result = await hearth(home, args, options);
  if (result.code !== 0)
    throw new Error(`hearth ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** `hearth start`, asserting it worked; returns the daemon's pid. */
export async function startDaemon(
  home: string,
  options?: RunOptions & { args?: string[] },
): Promise<number> {
  const result = await hearth(home, ['start', ...(options?.args ?? [])], options);
  if (result.code !== 0)
    throw new Error(`hearth start failed (${result.code}): ${result.stderr}${result.stdout}`);
  // Over the socket: a CLI process here would cost every test that starts a daemon ~0.2 s of CPU.
  return (await callDaemon(homePaths(home).socket, 'status', {})).pid;
}

export function homePaths(home: string) {
  return {
    runtime: path.join(home, 'run'),
    socket: path.join(home, 'run', 'hearth.sock'),
    lock: path.join(home, 'run', 'daemon.lock'),
    log: path.join(home, 'state', 'logs', 'hearth.log'),
    userConfig: path.join(home, 'config', 'config.json'),
    repos: path.join(home, 'data', 'repos.json'),
  };
}

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Kills any daemon still holding a test home, then removes the temp folders. */
export function cleanup(): void {
  for (const home of homes.splice(0)) {
    const { lock } = homePaths(home);
    if (existsSync(lock)) {
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(home, { recursive: true, force: true });
  }
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
