import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForTaskFinished, waitForTasksSettled } from '../helpers/daemon.js';
import {
  hearth,
  hearthJson,
  startDaemon,
  tempDir,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { reply } from '../helpers/model-server.js';
import {
  ANSWER,
  afterReviewTest,
  commitAll,
  listReviews,
  modelEnv,
  server,
  twelveFileCommit,
  writeModules,
} from './review-helpers.js';

/**
 * `hearth review` with no daemon: the review runs in the command's process on the same queue and
 * review store; what must wait stays queued for the daemon, which sends it once.
 */

afterEach(afterReviewTest);

describe('hearth review without a daemon', () => {
  it('reviews the last commit on the local model in its own process and prints the findings', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const home = tempHome();
    const repo = twelveFileCommit();
    const env = modelEnv(local, cloud.url, { HEARTH_LOCAL_ONLY: '1' });
    const run = await hearth(home, ['review'], { cwd: repo, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^review r[0-9a-f]{6} of [0-9a-f]{7}.*no daemon runs/m);
    expect(run.stdout).toContain('src/mod3.py:3');
    expect(run.stdout).toContain('Subtracts where the name says it adds.');
    expect(run.stdout).not.toContain('Not in the change.');
    expect(local.chatRequests()).toHaveLength(1);
    expect(cloud.count()).toBe(0);
    expect(await listReviews(home)).toEqual([
      expect.objectContaining({ status: 'done', tier: 'local', findings: 1 }),
    ]);
    const audit = await hearthJson<{ entries: Array<{ tier: string }> }>(home, ['audit', '--json']);
    expect(audit.entries).toEqual([expect.objectContaining({ tier: 'local' })]);
    // Nothing was left running: no daemon answers, and the command's process is gone.
    expect((await hearth(home, ['status'])).code).toBe(3);
  }, 60_000);

  it('asks the cloud once more, strictly, when its first answer is not JSON', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    cloud.enqueue(reply.text('Looks fine to me!'));
    const home = tempHome();
    const repo = twelveFileCommit();
    const run = await hearth(home, ['review', '--json'], {
      cwd: repo,
      env: modelEnv(local, cloud.url),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).review).toMatchObject({
      status: 'done',
      tier: 'cloud',
      findings: 1,
    });
    expect(cloud.chatRequests()).toHaveLength(2);
    expect(JSON.stringify(cloud.chatRequests()[1]?.body)).toContain('could not be read as JSON');
    expect(local.chatRequests()).toHaveLength(0);
  }, 60_000);

  it('with the cloud down a large review stays queued, and the daemon started later sends it once', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const cloudUrl = cloud.url;
    await cloud.stop();
    const home = tempHome();
    const repo = twelveFileCommit();
    const env = modelEnv(local, cloudUrl);
    const run = await hearth(home, ['review'], { cwd: repo, env });
    // No review was made now: exit 1, with the reason.
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(
      /waiting for the network .*it stays queued, and `hearth start` runs it/,
    );
    const [pending] = await listReviews(home);
    // Its state follows its task: waiting, not pending.
    expect(pending).toMatchObject({ status: 'waiting' });

    // --wait cannot be met without a daemon when only approval can end the wait.
    writeModules(repo, '+');
    commitAll(repo, 'back');
    const ask = await hearth(home, ['review', '--wait'], {
      cwd: repo,
      env: { ...env, HEARTH_CLOUD_POLICY: 'ask' },
    });
    expect(ask.code).toBe(1);
    expect(ask.stdout).toContain('waiting for `hearth approve`');

    await cloud.start();
    await startDaemon(home, { env });
    await waitForTaskFinished(home, 'review', 30_000);
    const done = await waitFor(
      'the daemon to send the queued review',
      async () =>
        (await listReviews(home)).find((r) => r.id === pending?.id && r.status === 'done'),
      30_000,
    );
    expect(done).toMatchObject({ tier: 'cloud', findings: 1 });
    // The review asked under "ask" keeps that policy, though the daemon's own is allow: a later
    // config never loosens a task's privacy. It goes once approved. One request each.
    await new Promise((r) => setTimeout(r, 1000));
    const asked = (await listReviews(home)).find((r) => r.id !== pending?.id);
    expect(asked).toMatchObject({ status: 'waiting' });
    expect(cloud.chatRequests()).toHaveLength(1);
    expect((await hearth(home, ['approve', asked?.id ?? ''])).code).toBe(0);
    await waitForTasksSettled(home, 'review');
    await waitFor('both reviews', async () =>
      (await listReviews(home)).every((r) => r.status === 'done'),
    );
    expect(await listReviews(home)).toHaveLength(2);
    expect(cloud.chatRequests()).toHaveLength(2);
    expect(local.chatRequests()).toHaveLength(0);
  }, 90_000);

  it('says why and exits 1 when no local model answers; the review waits for one', async () => {
    const local = await server('local-model', ANSWER);
    const localUrl = local.url;
    await local.stop();
    const home = tempHome();
    const repo = tempRepo();
    writeModules(repo, '+');
    commitAll(repo, 'base');
    const run = await hearth(home, ['review'], {
      cwd: repo,
      env: modelEnv(local, undefined, { HEARTH_LOCAL_URL: localUrl }),
    });
    // No review was made: exit 1, with the reason; its task waits for the model, not failed.
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('waiting for the local model (no local model answers');
    expect(run.stdout).toContain(localUrl);
    expect(run.stdout).toContain('it stays queued');
    expect(await listReviews(home)).toEqual([expect.objectContaining({ status: 'waiting' })]);
  }, 30_000);

  it('a review whose task failed for good is failed, with the reason, and exits 1', async () => {
    const local = await server('local-model', ANSWER);
    local.handle(() => reply.error(400, 'the model rejects this request'));
    const home = tempHome();
    const repo = tempRepo();
    writeModules(repo, '+');
    commitAll(repo, 'base');
    const env = modelEnv(local, undefined);
    const run = await hearth(home, ['review', '--json'], { cwd: repo, env });
    expect(run.code, run.stderr).toBe(1);
    const answer = JSON.parse(run.stdout);
    // The review store itself says failed: it is never pending forever.
    expect(answer.review).toMatchObject({ status: 'failed' });
    expect(answer.task).toMatchObject({ status: 'failed' });
    expect(answer.task.lastError).toContain('the model rejects this request');
    expect(await listReviews(home)).toEqual([expect.objectContaining({ status: 'failed' })]);
  }, 30_000);

  it('reviews the staged changes; the review goes stale when the code at a finding changes', async () => {
    const local = await server('local-model', ANSWER);
    const home = tempHome();
    const repo = tempRepo();
    writeModules(repo, '+');
    commitAll(repo, 'base');
    writeModules(repo, '-');
    execFileSync('git', ['-C', repo, 'add', '-A']);
    const env = modelEnv(local, undefined);
    const run = await hearth(home, ['review', '--staged', '--json'], { cwd: repo, env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).review).toMatchObject({ label: 'staged', findings: 1 });

    // Another file changing is no reason; the line the finding is about changing is.
    appendFileSync(path.join(repo, 'src', 'mod5.py'), '# unrelated\n');
    expect((await hearth(home, ['reviews', '--all-repos'])).stdout).not.toContain('stale');
    const mod3 = path.join(repo, 'src', 'mod3.py');
    writeFileSync(mod3, readFileSync(mod3, 'utf8').replace('a - b', 'a + b'));
    expect((await hearth(home, ['reviews', '--all-repos'])).stdout).toContain(
      '(stale: changed since: src/mod3.py)',
    );
  }, 60_000);

  it('says what is wrong with a range that does not exist', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeModules(repo, '+');
    commitAll(repo, 'base');
    const run = await hearth(home, ['review', 'nope..HEAD'], { cwd: repo });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe('hearth: cannot review nope..HEAD: no commit named nope here\n');
    const commit = await hearth(home, ['review', 'deadbeef'], { cwd: repo });
    expect(commit.stderr).toBe('hearth: cannot review deadbeef: no commit named deadbeef here\n');
    const staged = await hearth(home, ['review', '--staged'], { cwd: repo });
    expect(staged.code).not.toBe(0);
    expect(staged.stderr).toBe('hearth: nothing is staged\n');
  }, 30_000);

  it('inside a repository, hearth reviews and suggestions show that repository (--all-repos: all)', async () => {
    const local = await server('local-model', ANSWER);
    const home = tempHome();
    const env = modelEnv(local, undefined);
    const [first, second] = [twelveFileCommit(), twelveFileCommit()];
    for (const repo of [first, second])
      expect((await hearth(home, ['review'], { cwd: repo, env })).code).toBe(0);
    const listed = async (cwd: string, ...args: string[]) =>
      (
        await hearthJson<{ reviews: Array<{ repo: string }> }>(
          home,
          ['reviews', '--json', ...args],
          {
            cwd,
          },
        )
      ).reviews.map((r) => r.repo);
    expect(await listed(first)).toEqual([first]);
    expect(await listed(second)).toEqual([second]);
    expect((await listed(first, '--all-repos')).sort()).toEqual([first, second].sort());
    expect((await listed(tempDir('hearth-outside-'))).sort()).toEqual([first, second].sort());
    const empty = tempRepo();
    expect((await hearth(home, ['reviews'], { cwd: empty })).stdout).toContain(
      'no reviews in this repository (--all-repos for every one)',
    );
    expect((await hearth(home, ['suggestions'], { cwd: empty })).stdout).toBe(
      'no open suggestions in this repository (--all-repos for every one)\n',
    );
  }, 60_000);
});
