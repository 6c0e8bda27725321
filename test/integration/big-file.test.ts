import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callDaemon } from '../../src/ipc/client.js';
import {
  cleanup,
  hearth,
  homePaths,
  isAlive,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, reply, startModelServer } from '../helpers/model-server.js';

/**
 * One file with thousands of functions (issue 14, item 5): the daemon keeps answering while it
 * analyses the file, queues no more docstring tasks than its caps, skips generated files, and
 * stops promptly on SIGTERM, also in the middle of the work.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const FUNCTIONS = 5000;
const manyFunctions = (n: number) =>
  Array.from({ length: n }, (_, i) => `def f${i}(a, b): return a + b\n`).join('');

/** A daemon watching a fresh repo, with a local model that takes requests and never answers. */
async function watchedRepo() {
  const server = await startModelServer({ models: ['m'], handler: () => reply.stall(0) });
  servers.push(server);
  const home = tempHome();
  const repo = tempRepo();
  const pid = await startDaemon(home, {
    env: {
      HEARTH_LOCAL_URL: server.url,
      HEARTH_LOCAL_MODEL: 'm',
      HEARTH_LOCAL_CONTEXT_TOKENS: '8192',
      HEARTH_WATCH_SETTLE_MS: '50',
    },
  });
  expect((await hearth(home, ['watch', repo])).code).toBe(0);
  return { home, repo, pid, socket: homePaths(home).socket };
}

const docTasks = (queue: Record<string, number>) =>
  (queue.queued ?? 0) + (queue.running ?? 0) + (queue.waiting ?? 0);

async function timeExit(pid: number, timeoutMs: number): Promise<number> {
  const start = Date.now();
  await waitFor('the daemon to exit', () => !isAlive(pid), timeoutMs);
  return Date.now() - start;
}

describe('one file with many functions', () => {
  it('keeps answering, queues only the capped number of docstrings, skips generated files', async () => {
    const { home, repo, pid, socket } = await watchedRepo();
    // The generated file comes first: without the skip, it would take the pass's first 20.
    writeFileSync(path.join(repo, 'a_generated_client.py'), `# @generated\n${manyFunctions(30)}`);
    writeFileSync(path.join(repo, 'many.py'), manyFunctions(FUNCTIONS));

    // Status is asked one call after the other while the file is analysed and its tasks queued.
    const slowest = { ms: 0 };
    let stableSince = 0;
    let last = -1;
    await waitFor(
      'the docstring tasks to settle',
      async () => {
        const start = Date.now();
        const status = await callDaemon(socket, 'status', {}, { timeoutMs: 5000 });
        slowest.ms = Math.max(slowest.ms, Date.now() - start);
        const tasks = docTasks(status.queue);
        if (tasks !== last) [last, stableSince] = [tasks, Date.now()];
        return tasks > 0 && Date.now() - stableSince > 1500;
      },
      30_000,
    );
    expect(slowest.ms).toBeLessThan(5000);
    expect(last).toBe(20);

    const log = readFileSync(homePaths(home).log, 'utf8');
    const leftLine = log.split('\n').find((line) => line.includes('docstrings left for later'));
    expect(JSON.parse(leftLine as string)).toMatchObject({
      path: 'many.py',
      queued: 20,
      left: FUNCTIONS - 20,
    });
    const skipped = log.split('\n').find((line) => line.includes('a_generated_client.py'));
    expect(skipped).toMatch(/skipped a file.*generated/);

    // A later pass (another file saved) queues its own task, then 20 more of what was left.
    writeFileSync(path.join(repo, 'small.py'), 'def g(a): return a\n');
    await waitFor('the leftovers to be queued', async () => {
      const status = await callDaemon(socket, 'status', {}, { timeoutMs: 5000 });
      return docTasks(status.queue) === 20 + 1 + 20;
    });

    process.kill(pid, 'SIGTERM');
    expect(await timeExit(pid, 8000)).toBeLessThan(8000);
  }, 60_000);

  it('stops on SIGTERM in the middle of the analysis', async () => {
    const { repo, pid } = await watchedRepo();
    // 20,000 functions (560 KB, under the default 1 MB limit) take seconds to parse: the signal
    // comes in the middle of it, and without the fix also blocked behind 20,000 submits.
    writeFileSync(path.join(repo, 'many.py'), manyFunctions(20_000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.kill(pid, 'SIGTERM');
    expect(await timeExit(pid, 8000)).toBeLessThan(8000);
  }, 60_000);
});
