import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForOpenSuggestions } from '../helpers/daemon.js';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * No local model yet is a reason to wait, not to fail (issue 15, item 1): a save made while no
 * model answers waits, the commands say so, and the suggestion arrives once a model starts.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const CALC = 'def mul(a, b):\n    """Multiply two numbers."""\n    return a * b\n';
const ADD = '\n\ndef add(a, b): return a + b\n';
const DOC =
  'Add two numbers.\n\nArgs:\n    a: The first term.\n    b: The second term.\n\nReturns:\n    The sum.';

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface QueueView {
  tasks: Array<{
    id: string;
    kind: string;
    status: string;
    route: string;
    reason: string;
    attempts: number;
  }>;
}

describe('no local model yet', () => {
  it('a save waits for the model, the commands say so, and it runs once one answers', async () => {
    const port = await freePort();
    const home = tempHome();
    const repo = tempRepo();
    const file = path.join(repo, 'calc.py');
    writeFileSync(file, CALC);
    execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
    execFileSync('git', ['-C', repo, 'commit', '-qm', 'start'], { env: gitTestEnv() });
    const env = {
      HEARTH_LOCAL_URL: `http://127.0.0.1:${port}/v1`,
      HEARTH_LOCAL_MODEL: 'doc-model',
      HEARTH_WATCH_SETTLE_MS: '100',
      // Slow enough that the probes have not yet found the port closed when the save runs: the
      // failed request itself must make the task wait.
      HEARTH_NETWORK_PROBE_MIN_MS: '2000',
      HEARTH_NETWORK_PROBE_MAX_MS: '4000',
    };
    const started = await hearth(home, ['start'], { env });
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain(`no local model answers at http://127.0.0.1:${port}/v1 yet`);
    const watched = await hearth(home, ['watch', repo], { env });
    expect(watched.stdout).toContain('no local model answers');

    writeFileSync(file, CALC + ADD);
    const waiting = await waitFor(
      'the docstring task to wait for a local model',
      async () => {
        const { tasks } = await hearthJson<QueueView>(home, ['queue', '--json']);
        return tasks.find((t) => t.kind === 'docstring' && t.status === 'waiting');
      },
      4000,
    );
    expect(waiting.route).toBe('wait-local');
    expect(waiting.reason).toContain('no local model answers');
    // It spends no tries while it waits (a failing task had 5 in about 14 s), and nothing failed.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const { tasks } = await hearthJson<QueueView>(home, ['queue', '--json']);
    expect(tasks.filter((t) => t.status === 'failed')).toEqual([]);
    expect(tasks.find((t) => t.id === waiting.id)).toMatchObject({
      status: 'waiting',
      attempts: 0,
    });

    const status = await hearth(home, ['status']);
    expect(status.stdout).toMatch(/waiting +1 task waits for a local model: start a local model/);
    const listed = await hearth(home, ['suggestions', repo]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('1 task waits for a local model');

    const server = await startModelServer({
      port,
      models: ['doc-model'],
      handler: () => ({ text: DOC }),
    });
    servers.push(server);
    await waitForOpenSuggestions(home, repo, 1, 20_000);
    const suggestion = await waitFor(
      'the suggestion once the model answers',
      async () => {
        const { suggestions } = await hearthJson<{ suggestions: Array<{ symbol: string }> }>(home, [
          'suggestions',
          '--json',
          repo,
        ]);
        return suggestions.find((s) => s.symbol === 'add');
      },
      20_000,
    );
    expect(suggestion.symbol).toBe('add');
    expect((await hearth(home, ['status'])).stdout).not.toContain('waits for a local model');
  }, 60_000);

  it('hearth docstrings with no model answering exits 1 with the reason; its tasks wait', async () => {
    const port = await freePort();
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(path.join(repo, 'calc.py'), CALC + ADD);
    execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
    execFileSync('git', ['-C', repo, 'commit', '-qm', 'start'], { env: gitTestEnv() });
    const env = {
      HEARTH_LOCAL_URL: `http://127.0.0.1:${port}/v1`,
      HEARTH_LOCAL_MODEL: 'doc-model',
      HEARTH_NETWORK_PROBE_MIN_MS: '100',
      HEARTH_NETWORK_PROBE_MAX_MS: '400',
    };
    expect((await hearth(home, ['start'], { env })).code).toBe(0);
    const run = await hearth(home, ['docstrings', repo], { env, timeoutMs: 20_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/dropped: not made now: .*no local model answers/);
    expect(run.stderr).toMatch(/^hearth: no docstring was made: the one symbol dropped/);
    // Nothing is lost: the task waits in the daemon for a model.
    const { tasks } = await hearthJson<QueueView>(home, ['queue', '--json']);
    expect(tasks).toEqual([
      expect.objectContaining({ kind: 'docstring', status: 'waiting', route: 'wait-local' }),
    ]);
  }, 40_000);
});
