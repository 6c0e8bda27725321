/**
 * The audit log against a real daemon: killed with SIGKILL mid-request, the request that reached
 * the cloud is listed (cut off), and so is the second one sent after the restart; retention runs
 * at start; the running cloud spend counts each answer as it ends.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { callDaemon } from '../../src/ipc/client.js';
import type { TaskView } from '../../src/runner/types.js';
import {
  cleanup,
  hearth,
  hearthJson,
  homePaths,
  isAlive,
  startDaemon,
  tempHome,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, reply, startModelServer } from '../helpers/model-server.js';

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function modelServer(name: string, stall: () => boolean): Promise<ModelServer> {
  const server = await startModelServer({
    models: [name],
    handler: (r) =>
      r.path.endsWith('/chat/completions') && stall() ? reply.stall() : reply.text(`from ${name}`),
  });
  servers.push(server);
  return server;
}

const auditEntries = async (home: string) =>
  (await hearthJson<{ entries: AuditEntry[] }>(home, ['audit', '--json'])).entries;

describe('the audit log and a daemon killed mid-request', () => {
  it('lists the cut-off cloud request and the resent one, and drops lines past retention at start', async () => {
    let stall = true;
    const local = await modelServer('local-model', () => false);
    const cloud = await modelServer('gpt-4.1', () => stall);
    const home = tempHome();
    const auditFile = path.join(home, 'state', 'audit.jsonl');
    mkdirSync(path.dirname(auditFile), { recursive: true });
    const ancient = {
      at: new Date(Date.now() - 200 * DAY_MS).toISOString(),
      host: 'api.openai.com',
      tier: 'cloud',
      taskId: 'ancient',
      bytes: 1,
      promptTokens: 1,
      completionTokens: 1,
      sha256: 'ab'.repeat(32),
      outcome: 'ok',
    };
    writeFileSync(auditFile, `${JSON.stringify(ancient)}\n`, { mode: 0o600 });
    const env = {
      HEARTH_LOCAL_URL: local.url,
      HEARTH_LOCAL_MODEL: 'local-model',
      HEARTH_CLOUD_URL: cloud.url,
      HEARTH_CLOUD_MODEL: 'gpt-4.1',
      HEARTH_CLOUD_API_KEY: 'sk-test-0000000000000000',
      HEARTH_NETWORK_PROBE_MIN_MS: '100',
      HEARTH_NETWORK_PROBE_MAX_MS: '400',
    };
    const pid = await startDaemon(home, { env });
    expect(readFileSync(auditFile, 'utf8')).not.toContain('ancient');

    const { task } = (await callDaemon(homePaths(home).socket, 'submit', {
      kind: 'review',
      files: 12,
      lines: 900,
      messages: [{ role: 'user', content: 'Review this change.' }],
    })) as { task: TaskView };
    expect(task.endpoint).toBe('cloud');
    await waitFor('the request to reach the cloud', () => cloud.chatRequests().length === 1);

    // In the log before any answer: listed as waiting while its daemon lives.
    const waiting = await auditEntries(home);
    expect(waiting).toEqual([
      expect.objectContaining({ taskId: task.id, tier: 'cloud', outcome: 'pending' }),
    ]);
    expect((await hearth(home, ['audit'])).stdout).toContain('waiting for an answer');

    process.kill(pid, 'SIGKILL');
    await waitFor('the daemon to die', () => !isAlive(pid));
    const cut = await auditEntries(home);
    expect(cut).toEqual([
      expect.objectContaining({
        taskId: task.id,
        tier: 'cloud',
        host: new URL(cloud.url).host,
        outcome: 'cut-off',
      }),
    ]);
    expect((await hearth(home, ['audit'])).stdout).toContain('cut off (no answer recorded)');

    // The restarted daemon sends the task again: the cloud saw it twice, the audit lists both.
    stall = false;
    await startDaemon(home, { env });
    await waitFor(
      'the task to finish',
      async () =>
        ((await callDaemon(homePaths(home).socket, 'task', { id: task.id })) as { task: TaskView })
          .task.status === 'done',
      20_000,
    );
    const both = await auditEntries(home);
    expect(cloud.chatRequests()).toHaveLength(2);
    expect(both.map((e) => [e.taskId, e.tier, e.outcome])).toEqual([
      [task.id, 'cloud', 'cut-off'],
      [task.id, 'cloud', 'ok'],
    ]);
    expect(both[0]?.sha256).toBe(both[1]?.sha256);
  });
});

describe("the daemon's running cloud spend", () => {
  it('counts each cloud answer as it ends: the next cloud task waits for the budget', async () => {
    const local = await modelServer('local-model', () => false);
    const cloud = await startModelServer({
      models: ['gpt-4.1'],
      handler: () =>
        reply.text('reviewed', { usage: { promptTokens: 900, completionTokens: 200 } }),
    });
    servers.push(cloud);
    const home = tempHome();
    await startDaemon(home, {
      env: {
        HEARTH_LOCAL_URL: local.url,
        HEARTH_LOCAL_MODEL: 'local-model',
        HEARTH_CLOUD_URL: cloud.url,
        HEARTH_CLOUD_MODEL: 'gpt-4.1',
        HEARTH_CLOUD_API_KEY: 'sk-test-0000000000000000',
        HEARTH_CLOUD_DAILY_TOKENS: '1000',
        HEARTH_NETWORK_PROBE_MIN_MS: '100',
        HEARTH_NETWORK_PROBE_MAX_MS: '400',
      },
    });
    const review = (content: string) =>
      callDaemon(homePaths(home).socket, 'submit', {
        kind: 'review',
        files: 12,
        lines: 900,
        messages: [{ role: 'user', content }],
      }) as Promise<{ task: TaskView }>;
    const first = (await review('Review the first change.')).task;
    await waitFor(
      'the first review to finish',
      async () =>
        ((await callDaemon(homePaths(home).socket, 'task', { id: first.id })) as { task: TaskView })
          .task.status === 'done',
      20_000,
    );
    const second = (await review('Review the second change.')).task;
    expect(second.route).toBe('wait-budget');
    expect(second.reason).toContain("today's cloud budget is spent");
    expect(cloud.chatRequests()).toHaveLength(1);
  });
});
