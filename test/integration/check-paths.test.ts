import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForTaskFinished, waitForTrustRead } from '../helpers/daemon.js';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  homePaths,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * A trusted check that names a file outside the repository: the daemon drops that path with a
 * logged reason before it reads the file, so nothing outside is sent to the model or written.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const VICTIM = 'x = 1\nsecret = "victim-content-not-for-the-model"\n';
const ANSWER = ['<<<<<<< SEARCH', 'x = 1', '=======', 'x = 2', '>>>>>>> REPLACE'].join('\n');

function git(repo: string, ...args: string[]): void {
  execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv() });
}

interface Listed {
  suggestions: Array<{ id: string; kind: string; location: string }>;
}

describe('paths a check reports', () => {
  it('drops a path outside the repository: no fix, nothing read, sent or written', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const outside = path.join(path.dirname(repo), 'outside');
    mkdirSync(outside);
    const victim = path.join(outside, 'victim.py');
    writeFileSync(victim, VICTIM);
    const lines = ['a.py:1:1: error x is bad', '../outside/victim.py:1:1: error x is bad'];
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({
        checks: [
          { name: 'c', command: `printf '${lines.join('\\n')}\\n'; exit 1`, parser: 'generic' },
        ],
      }),
    );
    writeFileSync(path.join(repo, 'a.py'), 'x = 0\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'start');
    const server = await startModelServer({ models: ['m'], handler: () => ({ text: ANSWER }) });
    servers.push(server);
    await startDaemon(home, {
      env: {
        HEARTH_LOCAL_URL: server.url,
        HEARTH_LOCAL_MODEL: 'm',
        HEARTH_WATCH_SETTLE_MS: '100',
        HEARTH_FIXES_CHECK_DEBOUNCE_MS: '100',
      },
    });
    await hearth(home, ['watch', repo]);
    expect((await hearth(home, ['trust', repo])).code).toBe(0);
    await waitForTrustRead(home);
    writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
    const listed = async () =>
      (await hearthJson<Listed>(home, ['suggestions', '--json', repo])).suggestions;
    // The file inside gets its fix: the check ran and its output was read.
    await waitForTaskFinished(home, 'fix', 40_000);
    await waitFor(
      'the fix for a.py',
      async () => (await listed()).some((s) => s.kind === 'fix' && s.location.includes('a.py')),
      40_000,
    );
    expect((await listed()).filter((s) => s.location.includes('victim'))).toEqual([]);
    expect(JSON.stringify(server.chatRequests().map((r) => r.body))).not.toContain(
      'victim-content-not-for-the-model',
    );
    expect(server.chatRequests()).toHaveLength(1);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM);
    const log = readFileSync(homePaths(home).log, 'utf8');
    expect(log).toContain('check path dropped');
    expect(log).toContain('../outside/victim.py is outside the repository');
  }, 90_000);

  it('the pre-commit check ignores a path outside, says so, and lets the commit through', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const lines = ['../outside/victim.py:1:1: error x is bad', '.git/config:1:1: error y'];
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({
        hooks: { preCommit: { block: 'errors' } },
        checks: [
          { name: 'c', command: `printf '${lines.join('\\n')}\\n'; exit 1`, parser: 'generic' },
        ],
      }),
    );
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'start');
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    expect((await hearth(home, ['trust', repo])).code).toBe(0);
    writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
    git(repo, 'add', 'a.py');
    const commit = spawnSync('git', ['-C', repo, 'commit', '-m', 'a'], {
      env: { ...gitTestEnv(), HEARTH_HOME: home },
      encoding: 'utf8',
    });
    expect(commit.status, commit.stderr).toBe(0);
    expect(commit.stderr).toContain(
      'hearth: c named 2 path(s) outside the repository or under .git; ignored (../outside/victim.py is outside the repository)',
    );
  }, 60_000);
});
