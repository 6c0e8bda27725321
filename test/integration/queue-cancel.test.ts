import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callDaemon } from '../../src/ipc/client.js';
import type { TaskView } from '../../src/runner/types.js';
import {
  cleanup,
  hearth,
  hearthJson,
  homePaths,
  spawnHearth,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/** Stopping bulk work: `hearth queue cancel --all`, and Ctrl-C on `hearth docstrings`. */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

/** A local model that takes a minute to answer: whatever is queued stays unfinished. */
async function slowModel(): Promise<ModelServer> {
  const server = await startModelServer({
    models: ['slow-model'],
    handler: () => ({ text: 'Add.', delayMs: 60_000 }),
  });
  servers.push(server);
  return server;
}

const env = (server: ModelServer) => ({
  HEARTH_LOCAL_URL: server.url,
  HEARTH_LOCAL_MODEL: 'slow-model',
});

const unfinished = async (home: string) =>
  (await hearthJson<{ tasks: TaskView[] }>(home, ['queue', '--json'])).tasks.filter((t) =>
    ['queued', 'waiting', 'running'].includes(t.status),
  );

describe('stopping bulk work', () => {
  it('hearth queue cancel --all --kind cancels every unfinished task of that kind, and only those', async () => {
    const home = tempHome();
    await startDaemon(home, { env: env(await slowModel()) });
    const socket = homePaths(home).socket;
    const submit = (kind: 'docstring' | 'review', n: number) =>
      callDaemon(socket, 'submit', {
        kind,
        priority: 'background',
        idempotencyKey: `${kind}-${n}`,
        messages: [{ role: 'user', content: `task ${n}` }],
      });
    for (let n = 0; n < 3; n++) await submit('docstring', n);
    await submit('review', 9);
    const cancel = await hearth(home, ['queue', 'cancel', '--all', '--kind', 'docstring']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toBe('cancelled 3 unfinished tasks\n');
    expect((await unfinished(home)).map((t) => t.kind)).toEqual(['review']);
    const usage = await hearth(home, ['queue', 'cancel']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('give a task id, or --all');
  });

  it('Ctrl-C on hearth docstrings cancels the tasks it queued, and says so', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(
      path.join(repo, 'calc.py'),
      'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n',
    );
    await startDaemon(home, { env: env(await slowModel()) });
    const child = spawnHearth(home, ['docstrings', 'calc.py'], { cwd: repo });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    await waitFor('its two tasks queued', async () => (await unfinished(home)).length === 2);
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('hearth: interrupted; cancelled 2 docstring tasks it had queued');
    expect(await unfinished(home)).toEqual([]);
    const tasks = (await hearthJson<{ tasks: TaskView[] }>(home, ['queue', '--json'])).tasks;
    expect(tasks.map((t) => t.reason)).toEqual([
      'cancelled: hearth docstrings was interrupted',
      'cancelled: hearth docstrings was interrupted',
    ]);
  });
});
