import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callDaemon } from '../../src/ipc/client.js';
import type { SubmitRequest, TaskView } from '../../src/runner/types.js';
import {
  cleanup,
  hearth,
  hearthJson,
  homePaths,
  isAlive,
  ROOT,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, reply, startModelServer } from '../helpers/model-server.js';

const TINY_MODEL = path.resolve(
  ROOT,
  '..',
  'shared',
  'fixtures',
  'models',
  'llama-2-tiny-random.gguf',
);
const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

async function modelServer(name: string): Promise<ModelServer> {
  const server = await startModelServer({
    models: [name],
    handler: () => reply.text(`answer from ${name}`),
  });
  servers.push(server);
  return server;
}

/** The daemon's environment: a scripted local server, a scripted cloud server, fast probes. */
function env(
  local: ModelServer,
  cloud: ModelServer | { url: string },
  extra: Record<string, string> = {},
) {
  return {
    HEARTH_LOCAL_URL: local.url,
    HEARTH_LOCAL_MODEL: 'local-model',
    HEARTH_CLOUD_URL: cloud.url,
    HEARTH_CLOUD_MODEL: 'gpt-4.1',
    HEARTH_CLOUD_API_KEY: 'sk-test-0000000000000000',
    HEARTH_NETWORK_PROBE_MIN_MS: '100',
    HEARTH_NETWORK_PROBE_MAX_MS: '400',
    ...extra,
  };
}

const bigReview = (content = 'Review this change.'): SubmitRequest => ({
  kind: 'review',
  files: 12,
  lines: 900,
  messages: [{ role: 'user', content }],
});

const submit = (home: string, request: SubmitRequest) =>
  callDaemon(homePaths(home).socket, 'submit', request).then((a) => a.task);

async function taskOf(home: string, id: string): Promise<{ task: TaskView; result: unknown }> {
  return callDaemon(homePaths(home).socket, 'task', { id });
}

const waitForStatus = (home: string, id: string, status: string, timeoutMs = 20_000) =>
  waitFor(
    `task ${id} to be ${status}`,
    async () => {
      const answer = await taskOf(home, id);
      return answer.task.status === status ? answer : undefined;
    },
    timeoutMs,
  );

describe('model tasks through the daemon', () => {
  it('runs a docstring task on the local model and records the request in the audit log', async () => {
    const local = await modelServer('local-model');
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    const task = await submit(home, {
      kind: 'docstring',
      priority: 'interactive',
      messages: [{ role: 'user', content: 'Document f.' }],
    });
    expect(task).toMatchObject({ route: 'local', endpoint: 'local' });
    const done = await waitForStatus(home, task.id, 'done');
    expect(done.result).toMatchObject({ text: 'answer from local-model', tier: 'local' });
    expect(cloud.chatRequests()).toHaveLength(0);

    const audit = await hearthJson<{
      entries: Array<{ taskId: string; tier: string; host: string; sha256: string }>;
    }>(home, ['audit', '--json']);
    expect(audit.entries).toEqual([
      expect.objectContaining({ taskId: task.id, tier: 'local', host: new URL(local.url).host }),
    ]);
    const status = await hearth(home, ['status']);
    expect(status.stdout).toMatch(/models {6}cloud unknown, local up/);
    expect(status.stdout).toContain('queue       1 done');
    expect(readFileSync(homePaths(home).log, 'utf8')).not.toContain('Document f.');
  });

  it("speaks Ollama's native API on any port (with num_ctx), and the OpenAI one elsewhere", async () => {
    const ollama = await startModelServer({
      models: ['local-model'],
      contextLength: 32768,
      handler: () => reply.text('from ollama'),
    });
    const openai = await startModelServer({
      models: ['local-model'],
      // Not Ollama: its native routes are missing.
      handler: (r) =>
        r.path.startsWith('/api/') ? reply.error(404, 'not found') : reply.text('ok'),
    });
    servers.push(ollama, openai);
    const request: SubmitRequest = {
      kind: 'docstring',
      priority: 'interactive',
      messages: [{ role: 'user', content: 'Document f.' }],
    };
    for (const [server, route] of [
      [ollama, '/api/chat'],
      [openai, '/v1/chat/completions'],
    ] as const) {
      const home = tempHome();
      await startDaemon(home, {
        env: {
          ...env(server, { url: 'http://127.0.0.1:9/v1' }),
          HEARTH_LOCAL_CONTEXT_TOKENS: '16384',
        },
      });
      const task = await submit(home, request);
      await waitForStatus(home, task.id, 'done');
      const [chat] = server.chatRequests();
      expect(chat?.path).toBe(route);
      if (route === '/api/chat') expect(chat?.body).toMatchObject({ options: { num_ctx: 16384 } });
      await hearth(home, ['stop']);
    }
  });

  it('in local-only mode never reaches the cloud server, and the task says why', async () => {
    const local = await modelServer('local-model');
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud, { HEARTH_LOCAL_ONLY: '1' }) });
    const task = await submit(home, bigReview());
    expect(task.route).toBe('local-fallback');
    expect(task.reason).toContain('local-only');
    const done = await waitForStatus(home, task.id, 'done');
    expect(done.result).toMatchObject({ tier: 'local' });
    await new Promise((r) => setTimeout(r, 500));
    expect(cloud.count()).toBe(0);

    const refused = await hearth(
      home,
      ['route', '--explain', '--kind', 'review', '--files', '20', '--json'],
      {
        env: env(local, cloud, { HEARTH_LOCAL_ONLY: '1' }),
      },
    );
    expect(JSON.parse(refused.stdout)).toMatchObject({ decision: 'local-fallback' });
    expect(cloud.count()).toBe(0);
  });

  it('sends a review to the cloud for its size only when it does not fit locally, and says which rule decided', async () => {
    const local = await startModelServer({
      models: ['local-model'],
      contextLength: 3000,
      handler: () => reply.text('answer from local-model'),
    });
    servers.push(local);
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    const explain = async (...args: string[]) =>
      JSON.parse(
        (await hearth(home, ['route', '--explain', '--kind', 'review', '--json', ...args])).stdout,
      ) as { decision: string; reason: string };
    expect(await explain('--files', '4', '--lines', '600')).toMatchObject({
      decision: 'local',
      reason: expect.stringContaining('a small review (4 files, 600 lines) runs locally'),
    });
    expect((await explain('--files', '9', '--lines', '9999')).decision).toBe('local');
    // Nothing has probed the cloud yet: hearth does not claim it is offline.
    expect((await explain('--files', '10')).reason).toContain(
      'review of 10 files (≥ 10) goes to the cloud; the cloud has not been checked yet',
    );
    expect((await explain('--lines', '10000')).reason).toContain('10000 lines (≥ 10000)');
    // Until the server was asked, the window is the default; then it is what the server says.
    expect((await explain('--tokens', '5000')).decision).toBe('local');
    const task = await submit(home, {
      kind: 'docstring',
      messages: [{ role: 'user', content: 'Document f.' }],
    });
    await waitForStatus(home, task.id, 'done');
    expect((await explain('--tokens', '5000')).reason).toContain(
      'a prompt of 5000 tokens (beyond the local window of 3000) goes to the cloud',
    );
  });

  it('keeps a cloud task waiting while offline and sends it exactly once when online', async () => {
    const local = await modelServer('local-model');
    const cloud = await modelServer('gpt-4.1');
    const cloudUrl = cloud.url;
    await cloud.stop();
    const home = tempHome();
    await startDaemon(home, { env: env(local, { url: cloudUrl }) });
    const task = await submit(home, bigReview());
    expect(task.status).toBe('waiting');
    expect(task.route).toBe('wait-online');
    await waitFor(
      'the daemon to see the cloud offline',
      async () =>
        (await hearthJson<{ network: string }>(home, ['status', '--json'])).network === 'offline',
      15_000,
    );
    expect((await taskOf(home, task.id)).task.status).toBe('waiting');

    await cloud.start();
    const done = await waitForStatus(home, task.id, 'done');
    expect(done.result).toMatchObject({ tier: 'cloud', text: 'answer from gpt-4.1' });
    expect(done.task).toMatchObject({
      route: 'cloud',
      reason: expect.stringContaining('goes to the cloud'),
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(cloud.chatRequests()).toHaveLength(1);
    expect(local.chatRequests()).toHaveLength(0);
  });

  it("follows a repo's cloud policy: never keeps its tasks local, ask waits for approve", async () => {
    const local = await modelServer('local-model');
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    const never = tempRepo('never');
    writeFileSync(path.join(never, '.hearth.json'), JSON.stringify({ cloud: 'never' }));
    const kept = await submit(home, { ...bigReview(), repo: never });
    expect(kept).toMatchObject({
      route: 'local-fallback',
      reason: expect.stringContaining('never'),
    });
    await waitForStatus(home, kept.id, 'done');

    const ask = tempRepo('ask');
    writeFileSync(path.join(ask, '.hearth.json'), JSON.stringify({ cloud: 'ask' }));
    const asking = await submit(home, { ...bigReview(), repo: ask });
    expect(asking).toMatchObject({ status: 'waiting', route: 'wait-approval' });
    await new Promise((r) => setTimeout(r, 500));
    expect(cloud.chatRequests()).toHaveLength(0);
    const approved = await hearth(home, ['approve', asking.id]);
    expect(approved.code).toBe(0);
    await waitForStatus(home, asking.id, 'done');
    expect(cloud.chatRequests()).toHaveLength(1);

    const dropped = await submit(home, { ...bigReview('another'), repo: ask });
    expect((await hearth(home, ['reject', dropped.id])).stdout).toContain('nothing was sent');
    expect((await taskOf(home, dropped.id)).task.status).toBe('cancelled');
    expect((await hearth(home, ['approve', dropped.id])).stderr).toContain(
      'is not waiting for approval',
    );
    expect(cloud.chatRequests()).toHaveLength(1);
  });

  it('redacts secrets before a payload reaches the cloud', async () => {
    const local = await modelServer('local-model');
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    const privateKey =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----';
    const awsKey = 'AKIAIOSFODNN7EXAMPLE';
    const task = await submit(
      home,
      bigReview(`config.py:\nKEY = """${privateKey}"""\naws_access_key_id = ${awsKey}\n`),
    );
    await waitForStatus(home, task.id, 'done');
    const sent = JSON.stringify(cloud.chatRequests()[0]?.body);
    expect(sent).not.toContain('MIIEowIBAAKCAQEA');
    expect(sent).not.toContain(awsKey);
    expect(sent).toContain('REDACTED');
  });

  it('aborts the in-flight request of a superseded task', async () => {
    const local = await modelServer('local-model');
    local.handle((request) =>
      JSON.stringify(request.body).includes('version 1')
        ? reply.stall(1)
        : reply.text('fresh answer'),
    );
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    const base = { kind: 'docstring' as const, supersedeKey: 'repo:file.py:f' };
    const first = await submit(home, {
      ...base,
      messages: [{ role: 'user', content: 'version 1' }],
    });
    await waitFor('the first request in flight', () => local.chatRequests().length === 1);
    const second = await submit(home, {
      ...base,
      messages: [{ role: 'user', content: 'version 2' }],
    });
    await local.waitForClientClose(1);
    expect((await taskOf(home, first.id)).task.status).toBe('superseded');
    expect((await waitForStatus(home, second.id, 'done')).result).toMatchObject({
      text: 'fresh answer',
    });
  });

  it('finishes every task exactly once after the daemon is killed with SIGKILL mid-run', async () => {
    const local = await modelServer('local-model');
    local.handle((request) =>
      reply.text(`done: ${JSON.stringify(request.body).match(/task (\d)/)?.[1]}`, { delayMs: 600 }),
    );
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    const daemonEnv = env(local, cloud);
    const pid = await startDaemon(home, { env: daemonEnv });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      ids.push(
        (
          await submit(home, {
            kind: 'fix',
            idempotencyKey: `fix-${n}`,
            messages: [{ role: 'user', content: `task ${n}` }],
          })
        ).id,
      );
    }
    await waitFor('a task in flight', () => local.chatRequests().length >= 1);
    process.kill(pid, 'SIGKILL');
    await waitFor('the daemon to die', () => !isAlive(pid));

    await startDaemon(home, { env: daemonEnv });
    for (const [i, id] of ids.entries()) {
      const done = await waitForStatus(home, id, 'done', 60_000);
      expect(done.result).toMatchObject({ text: `done: ${i + 1}` });
    }
    // Resubmitting the same work returns the same tasks: nothing duplicated.
    const again = await submit(home, {
      kind: 'fix',
      idempotencyKey: 'fix-1',
      messages: [{ role: 'user', content: 'task 1' }],
    });
    expect(again.id).toBe(ids[0]);
    const listed = await hearthJson<{ tasks: TaskView[]; counts: Record<string, number> }>(home, [
      'queue',
      '--json',
    ]);
    expect(listed.counts.done).toBe(3);
    expect(listed.tasks).toHaveLength(3);
  });

  it('starts an interactive task next, behind at most the one request in flight', async () => {
    const local = await modelServer('local-model');
    local.handle((request) =>
      reply.text(`ok ${JSON.stringify(request.body).match(/job (\w+)/)?.[1]}`, { delayMs: 300 }),
    );
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    for (let n = 0; n < 20; n++) {
      await submit(home, {
        kind: 'docstring',
        priority: 'background',
        messages: [{ role: 'user', content: `job b${n}` }],
      });
    }
    await waitFor('the backlog to start', () => local.chatRequests().length >= 1);
    const urgent = await submit(home, {
      kind: 'fix',
      priority: 'interactive',
      messages: [{ role: 'user', content: 'job urgent' }],
    });
    await waitForStatus(home, urgent.id, 'done');
    const order = local.chatRequests().map((r) => JSON.stringify(r.body).match(/job (\w+)/)?.[1]);
    // At most one background request (the one in flight) came between the submit and the urgent one.
    expect(order.indexOf('urgent')).toBeLessThanOrEqual(2);
    expect(order.length).toBeLessThan(6);
  });

  it.skipIf(!existsSync(TINY_MODEL))(
    'runs a task on the embedded engine when no local server answers',
    async () => {
      const home = tempHome();
      await startDaemon(home, {
        env: { HEARTH_LOCAL_MODEL_PATH: TINY_MODEL, HEARTH_LOCAL_CONTEXT_TOKENS: '256' },
      });
      const task = await submit(home, {
        kind: 'docstring',
        maxTokens: 4,
        messages: [{ role: 'user', content: 'Document f.' }],
      });
      const done = await waitForStatus(home, task.id, 'done', 60_000);
      expect(done.result).toMatchObject({ tier: 'local', model: TINY_MODEL });
      const audit = await hearthJson<{ entries: Array<{ host: string }> }>(home, [
        'audit',
        '--json',
      ]);
      expect(audit.entries).toEqual([expect.objectContaining({ host: 'embedded' })]);
    },
  );

  it('lists, cancels and retries tasks from the CLI, and refuses neverSend files', async () => {
    const local = await modelServer('local-model');
    local.handle(() => reply.stall(0));
    const cloud = await modelServer('gpt-4.1');
    const home = tempHome();
    await startDaemon(home, { env: env(local, cloud) });
    const task = await submit(home, { kind: 'fix', messages: [{ role: 'user', content: 'slow' }] });
    await waitFor('the request in flight', () => local.chatRequests().length === 1);
    expect((await hearth(home, ['queue', 'cancel', task.id])).stdout).toContain('cancelled');
    // The request in flight is aborted at once.
    await local.waitForClientClose(1);
    const human = await hearth(home, ['queue']);
    expect(human.stdout).toContain(task.id);
    expect(human.stdout).toContain('cancelled');
    local.handle(() => reply.text('second try'));
    expect((await hearth(home, ['queue', 'retry', task.id])).code).toBe(0);
    await waitForStatus(home, task.id, 'done');
    expect((await hearth(home, ['queue', 'show', task.id])).stdout).toContain('second try');
    expect((await hearth(home, ['queue', 'show', 'no-such-task'])).stderr).toContain(
      'no task no-such-task',
    );

    await expect(
      submit(home, {
        kind: 'docstring',
        paths: ['config/.env.production'],
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({
      code: 'never-send',
    });
  });
});
