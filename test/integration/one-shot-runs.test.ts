import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/audit-log.js';
import { QueueStore } from '../../src/queue/store.js';
import type { TaskRecord } from '../../src/queue/types.js';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  spawnHearth,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * One way to run a model task: `hearth docstrings` and `hearth fix` without a daemon build the
 * daemon's runtime in their process and run their tasks through the durable queue and the
 * router, as `hearth review` does. What a user can see of it: the tasks in the queue, the task
 * id on each audit line, Ctrl-C cancelling the run's tasks, and waiting work the daemon makes.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const DOC = 'Add two numbers.\n\nArgs:\n    a: The first term.\n    b: The second term.';

async function model(reply: { text: string; delayMs?: number }): Promise<ModelServer> {
  const server = await startModelServer({ models: ['m'], handler: () => reply });
  servers.push(server);
  return server;
}

const env = (server: ModelServer) => ({ HEARTH_LOCAL_URL: server.url, HEARTH_LOCAL_MODEL: 'm' });

function calcRepo(): string {
  const repo = tempRepo();
  writeFileSync(path.join(repo, 'calc.py'), 'def add(a, b):\n    return a + b\n');
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  execFileSync('git', ['-C', repo, 'commit', '-qm', 'start'], { env: gitTestEnv() });
  return repo;
}

/** The queue as the command left it, read from its file (no daemon runs to ask). */
function readQueue(home: string): Array<TaskRecord & { result: unknown }> {
  const store = QueueStore.open(path.join(home, 'data', 'queue.sqlite'));
  try {
    return store.list({}).map((task) => ({ ...task, result: store.result(task.id) ?? null }));
  } finally {
    store.close();
  }
}

const audited = (home: string) =>
  hearthJson<{ entries: AuditEntry[] }>(home, ['audit', '--json']).then((a) => a.entries);

describe('hearth docstrings without a daemon', () => {
  it('runs each doc as a queued task: done in the queue with its typed outcome, its id on the audit line', async () => {
    const home = tempHome();
    const repo = calcRepo();
    const server = await model({ text: DOC });
    const run = await hearthJson<{ suggestions: Array<{ id: string; symbol: string }> }>(
      home,
      ['docstrings', '--json', repo],
      { env: env(server) },
    );
    const [suggestion] = run.suggestions;
    expect(suggestion?.symbol).toBe('add');
    const [task] = readQueue(home);
    expect(task).toMatchObject({
      kind: 'docstring',
      status: 'done',
      priority: 'interactive',
      route: 'local',
      result: expect.objectContaining({ outcome: { suggestionId: suggestion?.id } }),
    });
    // Docstrings are asked of the local model only, whatever the router would do with them.
    expect(task?.inputs).toMatchObject({ request: { kind: 'docstring', prefer: 'local' } });
    expect(await audited(home)).toEqual([
      expect.objectContaining({ taskId: task?.id, tier: 'local', outcome: 'ok' }),
    ]);
  }, 60_000);

  it('a doc no local model can make stays queued, and the daemon started later makes it', async () => {
    const home = tempHome();
    const repo = calcRepo();
    const server = await model({ text: DOC });
    const down = { HEARTH_LOCAL_URL: 'http://127.0.0.1:9/v1', HEARTH_LOCAL_MODEL: 'm' };
    const run = await hearth(home, ['docstrings', repo], { env: down });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /add {2}dropped: not made now: no local model answers.*; it stays queued, and `hearth start` makes it once it can/,
    );
    expect(readQueue(home)).toEqual([
      expect.objectContaining({ kind: 'docstring', status: 'waiting', route: 'wait-local' }),
    ]);
    expect(server.chatRequests()).toHaveLength(0);

    await startDaemon(home, { env: env(server) });
    const made = await waitFor(
      'the suggestion the daemon makes',
      async () =>
        (
          await hearthJson<{ suggestions: Array<{ symbol: string }> }>(home, [
            'suggestions',
            '--json',
            repo,
          ])
        ).suggestions.find((s) => s.symbol === 'add'),
      20_000,
    );
    expect(made.symbol).toBe('add');
    expect(server.chatRequests()).toHaveLength(1);
  }, 60_000);

  it('Ctrl-C cancels the tasks it queued, and says so', async () => {
    const home = tempHome();
    const repo = calcRepo();
    writeFileSync(
      path.join(repo, 'calc.py'),
      'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n',
    );
    const server = await model({ text: DOC, delayMs: 60_000 });
    const child = spawnHearth(home, ['docstrings', 'calc.py'], { cwd: repo, env: env(server) });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    await waitFor('its request at the model', () => server.chatRequests().length === 1, 20_000);
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('hearth: interrupted; cancelled 2 docstring tasks it had queued');
    expect(readQueue(home).map((t) => [t.status, t.reason])).toEqual([
      ['cancelled', 'cancelled: hearth docstrings was interrupted'],
      ['cancelled', 'cancelled: hearth docstrings was interrupted'],
    ]);
  }, 60_000);
});

describe('hearth fix', () => {
  it('asks the local model through a queued task, whose id is on the audit line', async () => {
    const home = tempHome();
    const repo = calcRepo();
    writeFileSync(
      path.join(repo, 'check.js'),
      "console.error('calc.py:2: wrong'); process.exit(1);\n",
    );
    const server = await model({ text: 'no edit here' });
    const run = await hearth(home, ['fix', '--', 'node', 'check.js'], {
      cwd: repo,
      env: env(server),
    });
    expect(run.code).toBe(1);
    const [task] = readQueue(home);
    expect(task).toMatchObject({
      kind: 'fix',
      status: 'done',
      route: 'local',
      result: expect.objectContaining({ text: 'no edit here', tier: 'local' }),
    });
    expect(task?.inputs).toMatchObject({ request: { paths: ['calc.py'], prefer: 'local' } });
    expect(await audited(home)).toEqual([
      expect.objectContaining({ taskId: task?.id, tier: 'local', outcome: 'ok' }),
    ]);
  }, 60_000);

  it('with no local model answering, says so and leaves no task queued', async () => {
    const home = tempHome();
    const repo = calcRepo();
    writeFileSync(
      path.join(repo, 'check.js'),
      "console.error('calc.py:2: wrong'); process.exit(1);\n",
    );
    const run = await hearth(home, ['fix', '--', 'node', 'check.js'], {
      cwd: repo,
      env: { HEARTH_LOCAL_URL: 'http://127.0.0.1:9/v1', HEARTH_LOCAL_MODEL: 'm' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^hearth: no fix: no local model answers: .*127\.0\.0\.1:9/);
    expect(readQueue(home)).toEqual([
      expect.objectContaining({
        kind: 'fix',
        status: 'cancelled',
        reason: expect.stringMatching(/^cancelled: hearth fix does not wait/),
      }),
    ]);
  }, 60_000);
});
