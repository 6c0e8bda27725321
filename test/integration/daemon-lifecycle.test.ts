import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findDaemonAnswers } from '../helpers/daemon.js';
import {
  cleanup,
  collect,
  hearth,
  hearthJson,
  homePaths,
  isAlive,
  spawnHearth,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';

interface Status {
  running: boolean;
  pid: number;
  version: string;
  uptimeMs: number;
  home: string;
  localOnly: boolean;
  repos: Array<{ path: string; state: string; problem?: string }>;
}

afterEach(cleanup);

describe('daemon lifecycle', () => {
  it('starts, reports status, watches a repo that survives a restart, and stops', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const pid = await startDaemon(home);

    const status = await hearthJson<Status>(home, ['status', '--json']);
    expect(status).toMatchObject({ running: true, pid, home, localOnly: false, repos: [] });
    expect(status.version).toBe(
      JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version,
    );
    expect(status.uptimeMs).toBeGreaterThanOrEqual(0);

    // A subfolder registers the work tree's root.
    const sub = path.join(repo, 'src');
    mkdirSync(sub);
    const watched = await hearth(home, ['watch', sub]);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain(`watching ${repo}`);
    expect((await hearth(home, ['watch', repo])).stdout).toContain(`already watching ${repo}`);

    const stopped = await hearth(home, ['stop']);
    expect(stopped.code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(homePaths(home).socket)).toBe(false);
    expect(existsSync(homePaths(home).lock)).toBe(false);
    expect((await hearth(home, ['status'])).code).toBe(3);

    const pid2 = await startDaemon(home);
    expect(pid2).not.toBe(pid);
    const repos = await hearthJson<{ repos: Status['repos'] }>(home, ['repos', '--json']);
    expect(repos.repos).toEqual([expect.objectContaining({ path: repo, state: 'watching' })]);

    const unwatched = await hearth(home, ['unwatch', repo]);
    expect(unwatched.stdout).toContain(`stopped watching ${repo}`);
    expect((await hearthJson<{ repos: unknown[] }>(home, ['repos', '--json'])).repos).toEqual([]);
    expect((await hearth(home, ['unwatch', repo])).code).toBe(1);
  });

  it('refuses a second daemon for the same home, naming the pid that holds it', async () => {
    const home = tempHome();
    const pid = await startDaemon(home);
    const second = await hearth(home, ['daemon']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pid ${pid}`);
    expect(second.stderr).toContain('already running');
    // The first daemon is unharmed.
    expect((await hearthJson<Status>(home, ['status', '--json'])).pid).toBe(pid);
    // `start` with a daemon running is not an error.
    const again = await hearth(home, ['start']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already running (pid ${pid})`);
  });

  it('recovers the stale lock and socket of a daemon killed with SIGKILL', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const pid = await startDaemon(home);
    expect((await hearth(home, ['watch', repo])).code).toBe(0);

    process.kill(pid, 'SIGKILL');
    await waitFor('the daemon to die', () => !isAlive(pid));
    const { socket, lock, log } = homePaths(home);
    expect(existsSync(socket)).toBe(true);
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(pid));
    expect((await hearth(home, ['status'])).code).toBe(3);

    const pid2 = await startDaemon(home);
    expect(pid2).not.toBe(pid);
    const status = await hearthJson<Status>(home, ['status', '--json']);
    expect(status.repos.map((r) => r.path)).toEqual([repo]);
    expect(readFileSync(log, 'utf8')).toContain(`"stalePid":${pid}`);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops on %s within 5 s with exit code 0',
    async (signal) => {
      const home = tempHome();
      const child = spawnHearth(home, ['daemon']);
      const done = collect(child, 15_000);
      await waitFor('the daemon to answer', () => findDaemonAnswers(home));
      const sent = Date.now();
      child.kill(signal);
      const result = await done;
      expect(Date.now() - sent).toBeLessThan(5000);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`received ${signal}`);
      expect(existsSync(homePaths(home).socket)).toBe(false);
      expect(existsSync(homePaths(home).lock)).toBe(false);
    },
  );

  it('reports a repo whose folder disappeared and keeps running', async () => {
    const home = tempHome();
    const repo = tempRepo();
    await startDaemon(home);
    await hearth(home, ['watch', repo]);
    rmSync(repo, { recursive: true, force: true });

    const status = await hearthJson<Status>(home, ['status', '--json']);
    expect(status.repos).toEqual([
      expect.objectContaining({
        path: repo,
        state: 'missing',
        problem: expect.stringContaining('no longer exists'),
      }),
    ]);
    const human = await hearth(home, ['status']);
    expect(human.stdout).toMatch(/missing\s+\S+repo/);
    // It can still be unwatched by its old path.
    expect((await hearth(home, ['unwatch', repo])).code).toBe(0);
  });

  it('refuses to watch what is not a git work tree, with the reason', async () => {
    const home = tempHome();
    const repo = tempRepo();
    await startDaemon(home);
    const plain = path.dirname(repo);
    const notRepo = await hearth(home, ['watch', plain]);
    expect(notRepo.code).toBe(1);
    expect(notRepo.stderr).toContain(`${plain} is not inside a git work tree`);

    const gone = await hearth(home, ['watch', path.join(plain, 'nope')]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('does not exist');

    const gitDir = await hearth(home, ['watch', path.join(repo, '.git')]);
    expect(gitDir.code).toBe(1);
    expect(gitDir.stderr).toContain('is not inside a git work tree');
    expect((await hearthJson<Status>(home, ['status', '--json'])).repos).toEqual([]);
  });

  it('watches a repository whose path has spaces, quotes and non-ASCII letters', async () => {
    const home = tempHome();
    const repo = tempRepo(`my "odd" repö ${'名前'}`);
    await startDaemon(home);
    const result = await hearth(home, ['watch', '.'], { cwd: repo });
    expect(result.code).toBe(0);
    expect((await hearthJson<Status>(home, ['status', '--json'])).repos).toEqual([
      expect.objectContaining({ path: repo, state: 'watching' }),
    ]);
    expect((await hearth(home, ['unwatch'], { cwd: repo })).code).toBe(0);
  });

  it('refuses a HEARTH_HOME so deep that its socket path cannot be bound', async () => {
    const home = path.join(tempHome(), 'a'.repeat(100));
    const result = await hearth(home, ['start']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('over the 103 a Unix socket allows');
  });

  it('keeps the damaged repo list aside instead of overwriting it', async () => {
    const home = tempHome();
    await startDaemon(home);
    await hearth(home, ['stop']);
    const { repos, log } = homePaths(home);
    writeFileSync(repos, '{"repos": [ broken');
    await startDaemon(home);
    const aside = readdirSync(path.dirname(repos)).filter((f) => f.includes('.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(path.dirname(repos), aside[0] as string), 'utf8')).toBe(
      '{"repos": [ broken',
    );
    expect(readFileSync(log, 'utf8')).toContain('repository list was damaged');
    expect(statSync(repos, { throwIfNoEntry: false })).toBeUndefined();
    const status = await hearth(home, ['status']);
    expect(status.stdout).toContain(
      `damaged     ${repos} was damaged (not valid JSON at line 1, column 13); moved to ${repos}.damaged-`,
    );
  });

  it('fails `start` with the reason the daemon gave when it cannot start', async () => {
    const home = tempHome();
    const { userConfig } = homePaths(home);
    mkdirSync(path.dirname(userConfig), { recursive: true });
    writeFileSync(userConfig, JSON.stringify({ cloud: { policy: 'sometimes' } }));
    const result = await hearth(home, ['start']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed to start');
    expect(result.stderr).toContain(
      'cloud.policy must be "allow" | "ask" | "never", got "sometimes"',
    );
    expect((await hearth(home, ['status'])).code).toBe(3);
  });
});
