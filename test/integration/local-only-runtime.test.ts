import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callDaemon } from '../../src/ipc/client.js';
import type { SubmitRequest, TaskView } from '../../src/runner/types.js';
import {
  cleanup,
  hearth,
  homePaths,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, reply, startModelServer } from '../helpers/model-server.js';

/**
 * Local-only switched on while the daemon runs (issue 14, item 11): from the moment the daemon has
 * read the change, the cloud endpoint gets no request at all, not even a connectivity probe.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

async function modelServer(name: string): Promise<ModelServer> {
  const server = await startModelServer({ models: [name], handler: () => reply.text('ok') });
  servers.push(server);
  return server;
}

const env = (local: ModelServer, cloud: ModelServer) => ({
  HEARTH_LOCAL_URL: local.url,
  HEARTH_LOCAL_MODEL: 'local-model',
  HEARTH_CLOUD_URL: cloud.url,
  HEARTH_CLOUD_MODEL: 'gpt-4.1',
  HEARTH_CLOUD_API_KEY: 'sk-test-0000000000000000',
  HEARTH_NETWORK_PROBE_MIN_MS: '100',
  HEARTH_NETWORK_PROBE_MAX_MS: '300',
});

/** A review big enough for the cloud, from a repo that asks first: it waits, and the cloud is watched. */
async function waitingCloudReview(home: string, repo: string): Promise<TaskView> {
  writeFileSync(path.join(repo, '.hearth.json'), JSON.stringify({ cloud: 'ask' }));
  const request: SubmitRequest = {
    kind: 'review',
    repo,
    files: 12,
    lines: 900,
    messages: [{ role: 'user', content: 'Review this change.' }],
  };
  const { task } = await callDaemon(homePaths(home).socket, 'submit', request);
  expect(task).toMatchObject({ status: 'waiting', route: 'wait-approval', endpoint: 'cloud' });
  return task;
}

const logCount = (home: string, text: string) =>
  readFileSync(homePaths(home).log, 'utf8').split(text).length - 1;

/** Requests the cloud server receives over `ms` after the daemon settled on the change. */
async function cloudRequestsOver(cloud: ModelServer, ms: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 300)); // a probe already on the wire lands
  const before = cloud.count();
  await new Promise((r) => setTimeout(r, ms));
  return cloud.count() - before;
}

describe('local-only switched on at run time', () => {
  it('hearth config set localOnly true: the cloud is not probed again', async () => {
    const local = await modelServer('local-model');
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    await waitingCloudReview(home, tempRepo());
    await cloud.waitForRequests(2); // the probes run
    expect(cloud.chatRequests()).toHaveLength(0);

    const reloads = logCount(home, 'config reloaded');
    expect((await hearth(home, ['config', 'set', 'localOnly', 'true'])).code).toBe(0);
    await waitFor('the daemon to read the config', () =>
      logCount(home, 'config reloaded') > reloads ? true : undefined,
    );
    expect(await cloudRequestsOver(cloud, 2000)).toBe(0);
    expect(cloud.chatRequests()).toHaveLength(0);
  }, 30_000);

  it("a repo's .hearth.json turned to cloud: never stops the probes for its waiting task", async () => {
    const local = await modelServer('local-model');
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    const repo = tempRepo();
    const task = await waitingCloudReview(home, repo);
    await cloud.waitForRequests(2);

    writeFileSync(path.join(repo, '.hearth.json'), JSON.stringify({ cloud: 'never' }));
    await waitFor(
      'the waiting task to be routed again',
      async () => {
        const answer = await callDaemon(homePaths(home).socket, 'task', { id: task.id });
        return answer.task.route !== 'wait-approval' ? true : undefined;
      },
      3000,
    ); // well before the periodic pass (every 30 s) would do it
    expect(await cloudRequestsOver(cloud, 2000)).toBe(0);
    expect(cloud.chatRequests()).toHaveLength(0);
  }, 30_000);
});
