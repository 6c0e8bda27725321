import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callHome, waitForTasksSettled } from '../helpers/daemon.js';
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
  type Listed,
  modelEnv,
  server,
  writeModules,
} from './review-helpers.js';

/**
 * Issue 14, item 7: a review waiting for `hearth approve` under a committed `"cloud": "ask"` keeps
 * waiting after a branch switch takes that policy away from the work tree, however often the
 * route and connectivity passes run again; only `hearth approve` sends it.
 */

afterEach(afterReviewTest);

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv(), encoding: 'utf8' });

/** main: `.hearth.json` says ask, last commit touches 12 files; branch `open`: no policy file. */
function repoWithAskOnMainOnly(): string {
  const repo = tempRepo();
  git(repo, 'checkout', '-q', '-b', 'main');
  writeFileSync(path.join(repo, '.hearth.json'), JSON.stringify({ cloud: 'ask' }));
  writeModules(repo, '+');
  commitAll(repo, 'base, with the team policy');
  git(repo, 'checkout', '-q', '-b', 'open');
  git(repo, 'rm', '-q', '.hearth.json');
  commitAll(repo, 'no policy on this branch');
  git(repo, 'checkout', '-q', 'main');
  writeModules(repo, '-');
  commitAll(repo, 'twelve');
  return repo;
}

const networkIs = (home: string, state: string) =>
  waitFor(
    `the daemon to see the cloud ${state}`,
    async () => (await callHome(home, 'status', {})).network === state,
    15_000,
  );

describe('a review waiting for approval', () => {
  it('still waits after a branch switch drops the repo\'s "ask" and the route pass runs again', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const home = tempHome();
    await startDaemon(home, { env: modelEnv(local, cloud.url) });
    const repo = repoWithAskOnMainOnly();

    const asked = await hearth(home, ['review', '--json'], { cwd: repo });
    expect(asked.code, asked.stderr).toBe(0);
    const { review, task } = JSON.parse(asked.stdout) as {
      review: { id: string };
      task: { id: string; route: string };
    };
    expect(task.route).toBe('wait-approval');

    git(repo, 'checkout', '-q', 'open');
    expect((await hearth(home, ['config', 'get', 'cloud.policy'], { cwd: repo })).stdout).toBe(
      'allow\n',
    );
    // The route pass again, twice over: the repo's config file changed, and the cloud went
    // offline and came back online.
    await cloud.stop();
    await networkIs(home, 'offline');
    await cloud.start();
    await networkIs(home, 'online');
    await new Promise((r) => setTimeout(r, 1000));

    const { tasks } = await hearthJson<{ tasks: Array<{ id: string; route: string }> }>(home, [
      'queue',
      '--json',
    ]);
    expect(tasks.find((t) => t.id === task.id)).toMatchObject({ route: 'wait-approval' });
    expect(cloud.chatRequests()).toHaveLength(0);
    expect(local.chatRequests()).toHaveLength(0);

    expect((await hearth(home, ['approve', review.id])).code).toBe(0);
    await waitForTasksSettled(home, 'review');
    await waitFor('the approved review', async () =>
      (await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos'])).reviews.find(
        (r) => r.id === review.id && r.status === 'done',
      ),
    );
    expect(cloud.chatRequests()).toHaveLength(1);
  }, 60_000);
});
