import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RepoInfo } from '../../src/repos/types.js';
import { buildHomeId, hookStateDirIn } from '../../src/service/hook-state.js';
import { waitForTasksSettled } from '../helpers/daemon.js';
import {
  gitTestEnv,
  hearth,
  hearthJson,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import {
  ANSWER,
  afterReviewTest,
  commitAll,
  listReviews,
  modelEnv,
  server,
  writeModules,
} from './review-helpers.js';

/**
 * Hook events are read even when the watcher never reports their file (as under load): the
 * daemon runs with HEARTH_TEST_MISS_HOOK_NOTICES=1, which drops those notices.
 */

afterEach(afterReviewTest);

const MISS = { HEARTH_TEST_MISS_HOOK_NOTICES: '1' };

const repoStatus = async (home: string) =>
  (await hearthJson<{ repos: RepoInfo[] }>(home, ['repos', '--json'])).repos[0] as RepoInfo;

describe('hook events the watcher did not report', () => {
  it('a pre-push event is read with the push', async () => {
    const local = await server('local-model', ANSWER);
    const home = tempHome();
    await startDaemon(home, { env: modelEnv(local, undefined, MISS) });
    const repo = tempRepo();
    writeModules(repo, '+');
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({ reviews: { onCommit: 'never' }, docstrings: { mode: 'off' } }),
    );
    commitAll(repo, 'base');
    const origin = `${repo}-origin.git`;
    execFileSync('git', ['init', '-q', '--bare', origin]);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', origin]);
    execFileSync('git', ['-C', repo, 'push', '-q', 'origin', 'HEAD:main'], { env: gitTestEnv() });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    const env = { ...gitTestEnv(), HEARTH_HOME: home };

    writeModules(repo, '-');
    commitAll(repo, 'one', env);
    execFileSync('git', ['-C', repo, 'push', '-q', 'origin', 'HEAD:main'], { env });
    await waitForTasksSettled(home, 'review', 30_000);
    const review = await waitFor(
      'the pushed commit to be reviewed',
      async () => (await listReviews(home)).find((r) => r.status === 'done'),
      30_000,
    );
    expect(review.findings).toBe(1);
  }, 90_000);

  it('an event appended with no git activity at all is read within seconds', async () => {
    const home = tempHome();
    await startDaemon(home, { env: MISS });
    const repo = tempRepo();
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    expect((await repoStatus(home)).lastHook ?? null).toBeNull();

    // What a hook appends; nothing else in the git folder changes.
    const seconds = Math.floor(Date.now() / 1000);
    const stateDir = hookStateDirIn(path.join(repo, '.git'), buildHomeId(path.join(home, 'data')));
    appendFileSync(path.join(stateDir, 'events'), `post-checkout ${seconds} a b 1\n`);
    const status = await waitFor(
      'the event to be read',
      async () => {
        const found = await repoStatus(home);
        return found.lastHook ? found : undefined;
      },
      25_000,
    );
    expect(status.lastHook).toMatchObject({ hook: 'post-checkout' });
  }, 60_000);
});
