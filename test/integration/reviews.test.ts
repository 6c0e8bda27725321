import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listDaemonTasks, waitForTasksSettled, waitForTrustRead } from '../helpers/daemon.js';
import {
  gitTestEnv,
  hearth,
  hearthJson,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { reply } from '../helpers/model-server.js';
import {
  ANSWER,
  afterReviewTest,
  commitAll,
  type Listed,
  listReviews,
  modelEnv,
  server,
  twelveFileCommit,
  writeModules,
} from './review-helpers.js';

/**
 * Reviews end to end: a real daemon, real commits, and scripted local and cloud servers: the
 * cloud one stopped first, so the review must wait for the network and then go once.
 */

afterEach(afterReviewTest);

describe('reviews', () => {
  it('a 12-file commit waits while the cloud is down, is sent once when it is up, and shows its findings', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const cloudUrl = cloud.url;
    await cloud.stop();
    const home = tempHome();
    const env = modelEnv(local, cloudUrl);
    await startDaemon(home, { env });
    const repo = twelveFileCommit();

    const queued = await hearth(home, ['review', '--json'], { cwd: repo });
    expect(queued.code, queued.stderr).toBe(0);
    const { review, task } = JSON.parse(queued.stdout) as {
      review: { id: string; status: string };
      task: { status: string; route: string; reason: string };
    };
    expect(task).toMatchObject({ status: 'waiting', route: 'wait-online' });
    expect(review.status).toBe('waiting');

    await cloud.start();
    await waitForTasksSettled(home, 'review', 30_000);
    const done = await waitFor(
      'the review to arrive',
      async () => {
        const listed = await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos']);
        return listed.reviews.find((r) => r.id === review.id && r.status === 'done');
      },
      30_000,
    );
    expect(done).toMatchObject({ tier: 'cloud', findings: 1 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(cloud.chatRequests()).toHaveLength(1);
    expect(local.chatRequests()).toHaveLength(0);

    const markdown = await hearth(home, ['reviews', 'show', review.id]);
    expect(markdown.stdout).toContain('src/mod3.py:3');
    expect(markdown.stdout).toContain('Subtracts where the name says it adds.');
    expect(markdown.stdout).not.toContain('Not in the change.');
    expect(markdown.stdout).not.toContain('Far from any change.');

    const sarif = await hearthJson<{
      version: string;
      runs: Array<{
        tool: { driver: { name: string } };
        results: Array<{
          level: string;
          message: { text: string };
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }>;
          partialFingerprints: Record<string, string>;
        }>;
      }>;
    }>(home, ['reviews', 'show', review.id, '--format', 'sarif']);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.tool.driver.name).toBe('hearth');
    const [result] = sarif.runs[0]?.results ?? [];
    expect(result).toMatchObject({
      level: 'error',
      message: { text: expect.stringContaining('Subtracts') },
    });
    expect(result?.locations[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'src/mod3.py' },
      region: { startLine: 3 },
    });
    expect(Object.values(result?.partialFingerprints ?? {})[0]).toMatch(/^[0-9a-f]{20}$/);
  }, 90_000);

  it('in local-only mode the cloud gets nothing; a re-review repeats no finding; a dismissed one stays dismissed', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, cloud.url, { HEARTH_LOCAL_ONLY: '1' }),
    });
    const repo = twelveFileCommit();
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    const first = await hearth(home, ['review', '--wait'], { cwd: repo });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Subtracts where the name says it adds.');
    expect(cloud.count()).toBe(0);
    // The next hook would announce it as new, until it is read.
    const [arrived] = await waitFor('the review announced', async () => {
      const files = readdirSync(path.join(repo, '.git', 'hearth'), { recursive: true });
      const found = files.map(String).filter((f) => f.endsWith('reviews-arrived'));
      return found.length > 0 ? found : undefined;
    });
    const arrivedFile = path.join(repo, '.git', 'hearth', arrived as string);

    // The same code under another focus: the model reports the same finding, hearth does not.
    const again = await hearth(home, ['review', '--wait', '--focus', 'refactor', '--json'], {
      cwd: repo,
    });
    expect(JSON.parse(again.stdout).review).toMatchObject({
      status: 'done',
      findings: 0,
      tier: 'local',
    });

    expect(readFileSync(arrivedFile, 'utf8').trim().split('\n')).toHaveLength(2);
    const listed = await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos']);
    expect(existsSync(arrivedFile)).toBe(true); // a program's poll is not a person reading
    await hearth(home, ['reviews'], { cwd: repo });
    expect(existsSync(arrivedFile)).toBe(false);
    const firstId = listed.reviews.find((r) => r.findings === 1)?.id as string;
    const dismissed = await hearth(home, ['reviews', 'dismiss', firstId, '1']);
    expect(dismissed.code, dismissed.stderr).toBe(0);
    const shown = await hearth(home, ['reviews', 'show', firstId]);
    expect(shown.stdout).toMatch(/^- ~~error `src\/mod3\.py:3` Subtracts .*~~ _\(dismissed\)_$/m);
    const third = await hearth(home, ['review', '--wait', '--focus', 'security', '--json'], {
      cwd: repo,
    });
    expect(JSON.parse(third.stdout).review).toMatchObject({ findings: 0 });
    expect(cloud.count()).toBe(0);
  }, 90_000);

  it('asks once more, strictly, after an answer that is not JSON; then keeps the text', async () => {
    const local = await server('local-model', 'Looks fine to me, but the tests are thin.');
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, undefined),
    });
    const repo = twelveFileCommit();
    const run = await hearth(home, ['review', '--wait', '--json'], { cwd: repo });
    expect(run.code, run.stderr).toBe(0);
    const { review } = JSON.parse(run.stdout) as { review: { id: string } };
    await waitForTasksSettled(home, 'review');
    const done = await waitFor('the second answer', async () => {
      const listed = await hearthJson<Listed & { reviews: Array<{ summaryOnly: boolean }> }>(home, [
        'reviews',
        '--json',
        '--all-repos',
      ]);
      return listed.reviews.find((r) => r.id === review.id && r.status === 'done');
    });
    expect(done).toMatchObject({ summaryOnly: true });
    const prompts = local.chatRequests().map((r) => JSON.stringify(r.body));
    expect(prompts).toHaveLength(2);
    expect(prompts[1]).toContain('could not be read as JSON');
    const shown = await hearth(home, ['reviews', 'show', review.id]);
    expect(shown.stdout).toContain('the tests are thin');

    // A model that gets it right the second time: its findings are kept.
    let calls = 0;
    local.handle(() => ({ text: calls++ === 0 ? 'Sure! The change looks risky.' : ANSWER }));
    const second = await hearth(home, ['review', '--wait', '--focus', 'security', '--json'], {
      cwd: repo,
    });
    const secondId = (JSON.parse(second.stdout) as { review: { id: string } }).review.id;
    await waitForTasksSettled(home, 'review');
    const kept = await waitFor('the retried review', async () =>
      (await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos'])).reviews.find(
        (r) => r.id === secondId && r.status === 'done',
      ),
    );
    expect(kept).toMatchObject({ findings: 1 });

    // Cancelling the strict retry ends its review too, not only a review's first task.
    let asked = 0;
    local.handle(() =>
      asked++ === 0 ? reply.text('Not JSON at all.') : reply.text(ANSWER, { delayMs: 30_000 }),
    );
    const third = await hearth(home, ['review', '--focus', 'architecture', '--json'], {
      cwd: repo,
    });
    const thirdAsked = JSON.parse(third.stdout) as { review: { id: string }; task: { id: string } };
    const thirdId = thirdAsked.review.id;
    // The running task that is not the review's first: the strict retry, on its 30 s answer.
    const retry = await waitFor(
      'the strict retry to be sent',
      async () =>
        (await listDaemonTasks(home)).find(
          (t) => t.status === 'running' && t.id !== thirdAsked.task.id,
        ),
      20_000,
    );
    expect((await hearth(home, ['queue', 'cancel', retry.id])).code).toBe(0);
    const cancelled = await waitFor('the review to end', async () =>
      (await listReviews(home)).find((r) => r.id === thirdId && r.status === 'cancelled'),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled' });
  }, 60_000);

  it('reviews a large commit by itself, attaches it as a git note, and the next commit says it arrived', async () => {
    const local = await server('local-model', ANSWER);
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, undefined),
    });
    const repo = tempRepo();
    writeModules(repo, '+');
    writeFileSync(path.join(repo, '.hearth.json'), JSON.stringify({ reviews: { notes: true } }));
    commitAll(repo, 'base');
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    // Notes from a repo file write into git: only once the user trusts the setting.
    const trusted = await hearth(home, ['trust', repo]);
    expect(trusted.stdout).toContain('reviews.notes = true');
    await waitForTrustRead(home);
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    const env = { ...gitTestEnv(), HEARTH_HOME: home };

    writeModules(repo, '-');
    commitAll(repo, 'twelve', env);
    await waitForTasksSettled(home, 'review', 30_000);
    const review = await waitFor(
      'the commit to be reviewed',
      async () => {
        const listed = await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos']);
        return listed.reviews.find((r) => r.status === 'done');
      },
      30_000,
    );
    expect(review).toMatchObject({ findings: 1, tier: 'local' });
    const notes = execFileSync('git', ['-C', repo, 'log', '-1', '--notes=hearth'], {
      encoding: 'utf8',
    });
    expect(notes).toContain('Subtracts where the name says it adds.');
    const status = await hearthJson<{ repos: Array<{ reviewsArrived?: number }> }>(home, [
      'status',
      '--json',
    ]);
    expect(status.repos[0]?.reviewsArrived).toBe(1);

    // A small commit: not reviewed by itself (reviews.onCommit is "large"), but its hook says
    // a review arrived, once.
    writeFileSync(path.join(repo, 'README'), 'hi\n');
    execFileSync('git', ['-C', repo, 'add', 'README'], { env });
    const small = spawnSync('git', ['-C', repo, 'commit', '-m', 'small'], {
      env,
      encoding: 'utf8',
    });
    expect(small.stdout + small.stderr).toContain('hearth: 1 review arrived since: hearth reviews');
    writeFileSync(path.join(repo, 'README'), 'hi again\n');
    execFileSync('git', ['-C', repo, 'add', 'README'], { env });
    const next = spawnSync('git', ['-C', repo, 'commit', '-m', 'next'], { env, encoding: 'utf8' });
    expect(next.stdout + next.stderr).not.toContain('arrived');
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      (await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos'])).reviews,
    ).toHaveLength(1);
  }, 90_000);

  it('under cloud policy "ask" nothing is sent until approve; reject drops the review', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, cloud.url),
    });
    const repo = twelveFileCommit();
    writeFileSync(path.join(repo, '.hearth.json'), JSON.stringify({ cloud: 'ask' }));
    const asked = JSON.parse((await hearth(home, ['review', '--json'], { cwd: repo })).stdout) as {
      review: { id: string };
      task: { route: string };
    };
    expect(asked.task.route).toBe('wait-approval');
    await new Promise((r) => setTimeout(r, 500));
    expect(cloud.chatRequests()).toHaveLength(0);
    expect((await hearth(home, ['approve', asked.review.id])).code).toBe(0);
    await waitForTasksSettled(home, 'review');
    await waitFor('the approved review', async () =>
      (await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos'])).reviews.find(
        (r) => r.id === asked.review.id && r.status === 'done',
      ),
    );
    expect(cloud.chatRequests()).toHaveLength(1);

    const dropped = JSON.parse(
      (await hearth(home, ['review', '--json', '--focus', 'security'], { cwd: repo })).stdout,
    ) as { review: { id: string }; task: { id: string } };
    expect((await hearth(home, ['reject', dropped.review.id])).stdout).toContain(
      'nothing was sent',
    );
    const listed = await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos']);
    expect(listed.reviews.find((r) => r.id === dropped.review.id)?.status).toBe('cancelled');
    expect(cloud.chatRequests()).toHaveLength(1);

    // Retrying the rejected task goes through the router again: it waits for approval anew.
    expect((await hearth(home, ['queue', 'retry', dropped.task.id])).code).toBe(0);
    const queued = await hearthJson<{
      tasks: Array<{ id: string; status: string; route: string }>;
    }>(home, ['queue', '--json']);
    expect(queued.tasks.find((t) => t.id === dropped.task.id)).toMatchObject({
      status: 'waiting',
      route: 'wait-approval',
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(cloud.chatRequests()).toHaveLength(1);
  }, 60_000);

  it('a daemon killed with -9 while the review is being sent delivers it exactly once after restart', async () => {
    const local = await server('local-model', ANSWER);
    local.handle(() => ({ stallAfterChunks: 0 }));
    const home = tempHome();
    const env = modelEnv(local, undefined);
    const pid = await startDaemon(home, { env });
    const repo = twelveFileCommit();
    const queued = JSON.parse((await hearth(home, ['review', '--json'], { cwd: repo })).stdout) as {
      review: { id: string };
    };
    await waitFor('the request to reach the model', () => local.chatRequests().length === 1);
    process.kill(pid, 'SIGKILL');
    await waitFor('the daemon to die', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    local.handle(() => ({ text: ANSWER }));
    await startDaemon(home, { env });
    await waitForTasksSettled(home, 'review', 20_000);
    await waitFor(
      'the review after the restart',
      async () =>
        (await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos'])).reviews.find(
          (r) => r.id === queued.review.id && r.status === 'done',
        ),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    const listed = await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos']);
    expect(listed.reviews).toHaveLength(1);
    expect(listed.reviews[0]).toMatchObject({ status: 'done', findings: 1 });
    expect(local.chatRequests()).toHaveLength(2);
  }, 60_000);

  it('cancels a waiting review whose commit was reset away, and marks a shown review stale', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const cloudUrl = cloud.url;
    await cloud.stop();
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, cloudUrl),
    });
    const repo = twelveFileCommit();
    const waiting = JSON.parse(
      (await hearth(home, ['review', '--json'], { cwd: repo })).stdout,
    ) as {
      review: { id: string };
      task: { route: string };
    };
    expect(waiting.task.route).toBe('wait-online');
    execFileSync('git', ['-C', repo, 'reset', '-q', '--hard', 'HEAD~1'], { env: gitTestEnv() });
    await cloud.start();
    const cancelled = await waitFor(
      'the review to be cancelled',
      async () =>
        (
          await hearthJson<Listed & { reviews: Array<{ status: string }> }>(home, [
            'reviews',
            '--json',
            '--all-repos',
          ])
        ).reviews.find((r) => r.id === waiting.review.id && r.status === 'cancelled'),
      20_000,
    );
    expect(cancelled).toBeDefined();
    expect(cloud.chatRequests()).toHaveLength(0);

    // A finished review goes stale when a file it has findings in changes.
    writeModules(repo, '-');
    commitAll(repo, 'twelve again');
    const done = await hearth(home, ['review', '--wait', '--focus', 'security', '--json'], {
      cwd: repo,
    });
    const doneId = (JSON.parse(done.stdout) as { review: { id: string } }).review.id;
    expect((await hearth(home, ['reviews', '--all-repos'])).stdout).not.toContain('stale');
    writeFileSync(path.join(repo, 'src', 'mod3.py'), 'def add3(a, b):\n    return a + b\n');
    commitAll(repo, 'fix mod3');
    expect((await hearth(home, ['reviews', '--all-repos'])).stdout).toMatch(
      new RegExp(`${doneId} .*\\(stale: changed since: src/mod3\\.py\\)`),
    );
    expect((await hearth(home, ['reviews', 'show', doneId])).stdout).toContain('> Stale:');
  }, 90_000);

  it('--local keeps a large review local and --cloud sends a small one to the cloud', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, cloud.url),
    });
    const repo = twelveFileCommit();
    const kept = await hearth(home, ['review', '--local', '--wait', '--json'], { cwd: repo });
    expect(JSON.parse(kept.stdout).review).toMatchObject({ status: 'done', tier: 'local' });
    expect(cloud.chatRequests()).toHaveLength(0);

    writeFileSync(path.join(repo, 'src', 'mod0.py'), 'def add0(a, b):\n    return 0\n');
    commitAll(repo, 'small');
    const sent = await hearth(home, ['review', '--cloud', '--wait', '--json'], {
      cwd: repo,
      timeoutMs: 40_000,
    });
    expect(JSON.parse(sent.stdout).review).toMatchObject({ status: 'done', tier: 'cloud' });
    expect(cloud.chatRequests()).toHaveLength(1);
    expect((await hearth(home, ['review', '--cloud', '--local'], { cwd: repo })).code).toBe(2);
  }, 90_000);

  it('local-only on the command holds in the daemon: review --cloud stays local', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const home = tempHome();
    // The daemon itself may use the cloud; the commands below may not.
    await startDaemon(home, { env: modelEnv(local, cloud.url) });
    const repo = twelveFileCommit();
    const viaEnv = await hearth(home, ['review', '--cloud', '--wait', '--json'], {
      cwd: repo,
      env: { HEARTH_LOCAL_ONLY: '1' },
      timeoutMs: 40_000,
    });
    expect(JSON.parse(viaEnv.stdout).review).toMatchObject({ status: 'done', tier: 'local' });

    writeFileSync(path.join(repo, 'src', 'mod0.py'), 'def add0(a, b):\n    return 0\n');
    commitAll(repo, 'small');
    const viaFlag = await hearth(
      home,
      ['-c', 'localOnly=true', 'review', '--cloud', '--wait', '--json'],
      { cwd: repo, timeoutMs: 40_000 },
    );
    expect(JSON.parse(viaFlag.stdout).review).toMatchObject({ status: 'done', tier: 'local' });
    expect(cloud.chatRequests()).toHaveLength(0);
    expect(local.chatRequests()).toHaveLength(2);
  }, 90_000);

  it('splits a local review too large for the local window by file, and merges the findings', async () => {
    // The changed line is line 22 here, after twenty unchanged ones.
    const local = await server('local-model', ANSWER.replace('"line":3', '"line":22'));
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, undefined, { HEARTH_LOCAL_CONTEXT_TOKENS: '1500' }),
    });
    const repo = tempRepo();
    const body = (op: string) =>
      Array.from({ length: 12 }, (_, i) => {
        const steps = Array.from({ length: 20 }, (_, j) => `    total_${j} = a * ${j} + b`).join(
          '\n',
        );
        return [`src/mod${i}.py`, `def add${i}(a, b):\n${steps}\n    return a ${op} b\n`];
      });
    mkdirSync(path.join(repo, 'src'));
    for (const [file, text] of body('+'))
      writeFileSync(path.join(repo, file as string), text as string);
    commitAll(repo, 'base');
    for (const [file, text] of body('-'))
      writeFileSync(path.join(repo, file as string), text as string);
    commitAll(repo, 'twelve');

    const run = await hearth(home, ['review', '--wait', '--json'], { cwd: repo });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).review).toMatchObject({ status: 'done', tier: 'local' });
    const parts = local.chatRequests().length;
    expect(parts).toBeGreaterThan(1);
    for (const request of local.chatRequests())
      expect(JSON.stringify(request.body).length).toBeLessThan(1500 * 4 * 2);
    const listed = await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos']);
    expect(listed.reviews).toHaveLength(1);
    // The model reported the same finding for every part; the review keeps it once.
    expect(listed.reviews[0]).toMatchObject({ findings: 1 });
  }, 90_000);

  it('pre-push queues a review of the commits being pushed', async () => {
    const local = await server('local-model', ANSWER);
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, undefined),
    });
    const repo = tempRepo();
    writeModules(repo, '+');
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({ reviews: { onCommit: 'never' } }),
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
    writeFileSync(
      path.join(repo, 'src', 'mod3.py'),
      'def add3(a, b):\n    """Add."""\n    return a - b - 0\n',
    );
    commitAll(repo, 'two', env);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      (await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos'])).reviews,
    ).toHaveLength(0);
    execFileSync('git', ['-C', repo, 'push', '-q', 'origin', 'HEAD:main'], { env });
    await waitForTasksSettled(home, 'review', 30_000);
    const review = await waitFor(
      'the pushed commits to be reviewed',
      async () =>
        (await hearthJson<Listed>(home, ['reviews', '--json', '--all-repos'])).reviews.find(
          (r) => r.status === 'done',
        ),
      30_000,
    );
    // Both pushed commits, as one range from what origin had.
    expect(review.label).toMatch(/^[0-9a-f]{7}\.\.[0-9a-f]{7}$/);
    expect(review.findings).toBe(1);
  }, 90_000);
});
