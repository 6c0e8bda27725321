import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForTasksSettled } from '../helpers/daemon.js';
import { gitTestEnv, hearth, startDaemon, tempHome, tempRepo, waitFor } from '../helpers/hearth.js';
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
 * `reviews.schedule` with the real daemon: every two seconds here, each watched repository gets
 * one review of what it committed since the last round, and none when nothing is new.
 */

afterEach(afterReviewTest);

const head = (repo: string) =>
  execFileSync('git', ['-C', repo, 'rev-parse', '--short=7', 'HEAD'], { encoding: 'utf8' }).trim();

describe('scheduled reviews', () => {
  it("reviews the day's commits once, then only what is new since", async () => {
    const local = await server('local-model', ANSWER);
    const home = tempHome();
    const repo = tempRepo();
    // Two days ago: outside the first round's look-back of a day.
    const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString();
    writeModules(repo, '+');
    commitAll(repo, 'old', { ...gitTestEnv(), GIT_COMMITTER_DATE: old, GIT_AUTHOR_DATE: old });
    const base = head(repo);
    writeModules(repo, '-');
    commitAll(repo, 'today');
    const today = head(repo);

    await startDaemon(home, {
      env: modelEnv(local, undefined, { HEARTH_REVIEWS_SCHEDULE: '*/2 * * * * *' }),
    });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    expect((await hearth(home, ['status'])).stdout).toMatch(
      /reviews {5}scheduled "\*\/2 \* \* \* \* \*": next at \d{4}-\d\d-\d\dT/,
    );
    await waitForTasksSettled(home, 'review', 30_000);
    const [first] = await waitFor(
      'the first scheduled review',
      async () => {
        const reviews = await listReviews(home);
        return reviews.some((r) => r.status === 'done') ? reviews : undefined;
      },
      30_000,
    );
    expect(first).toMatchObject({ label: `${base}..${today}`, status: 'done', findings: 1 });

    // Rounds with nothing new add no review.
    await new Promise((r) => setTimeout(r, 4500));
    expect(await listReviews(home)).toHaveLength(1);
    expect(local.chatRequests()).toHaveLength(1);

    execFileSync('sh', ['-c', `echo '# more' >> ${repo}/src/mod5.py`]);
    commitAll(repo, 'more');
    const next = head(repo);
    const reviews = await waitFor(
      'the second scheduled review',
      async () => {
        const listed = await listReviews(home);
        return listed.length === 2 && listed.every((r) => r.status === 'done') ? listed : undefined;
      },
      30_000,
    );
    expect(reviews.map((r) => r.label)).toContain(`${today}..${next}`);
  }, 90_000);

  it('refuses a schedule that is not a cron expression, naming the key', async () => {
    const home = tempHome();
    const run = await hearth(home, ['config', 'set', 'reviews.schedule', 'every evening']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('reviews.schedule must be a cron expression');
    // The right shape with an impossible minute: the daemon runs, and status says what is wrong.
    await startDaemon(home, { env: { HEARTH_REVIEWS_SCHEDULE: '99 18 * * *' } });
    expect((await hearth(home, ['status'])).stdout).toContain(
      'reviews     scheduled "99 18 * * *": not a cron expression',
    );
  });
});
