import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../src/ipc/protocol.js';
import { listDaemonTasks, waitForTrustRead } from '../helpers/daemon.js';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  startDaemon,
  tempDir,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * Battery-aware scheduling with the real daemon, a real repository and a scripted local model.
 * The battery is the one stand-in: these machines have none, so HEARTH_BATTERY_FILE gives the
 * daemon a JSON file to read in place of systeminformation's `battery()`.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const CALC = '"""Small arithmetic helpers."""\n';
const ADD = '\n\ndef add(a, b): return a + b\n';
const SUB = '\n\ndef sub(a, b): return a - b\n';

async function docServer(): Promise<ModelServer> {
  const server = await startModelServer({
    models: ['doc-model'],
    handler: () => ({ text: 'Combine two numbers.\n\nArgs:\n    a: One.\n    b: Two.' }),
  });
  servers.push(server);
  return server;
}

function battery(file: string, acConnected: boolean, percent: number): void {
  writeFileSync(file, JSON.stringify({ hasBattery: true, acConnected, percent }));
}

/** A watched repository with a committed calc.py, the daemon reading the battery file. */
async function watchedRepo(batteryFile: string) {
  const home = tempHome();
  const repo = tempRepo();
  const file = path.join(repo, 'calc.py');
  writeFileSync(file, CALC);
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'calc'], { env: gitTestEnv() });
  const server = await docServer();
  await startDaemon(home, {
    env: {
      HEARTH_LOCAL_URL: server.url,
      HEARTH_LOCAL_MODEL: 'doc-model',
      HEARTH_WATCH_SETTLE_MS: '100',
      HEARTH_FIXES_CHECK_DEBOUNCE_MS: '100',
      HEARTH_BATTERY_FILE: batteryFile,
      HEARTH_POWER_POLL_MS: '100',
    },
  });
  expect((await hearth(home, ['watch', repo])).code).toBe(0);
  return { home, repo, file, server };
}

const suggestedSymbols = (home: string, repo: string) =>
  hearthJson<{ suggestions: Array<{ symbol: string }> }>(home, [
    'suggestions',
    '--json',
    repo,
  ]).then((r) => r.suggestions.map((s) => s.symbol).sort());

/** Over the socket: only waited on. */
const queuedTasks = (home: string) =>
  listDaemonTasks(home).then((tasks) => tasks.filter((t) => t.status === 'queued'));

describe('on a low battery', () => {
  it('background docstrings wait, `hearth docstrings` still runs, and plugging in releases the rest', async () => {
    const batteryFile = path.join(tempDir(), 'battery.json');
    battery(batteryFile, false, 12);
    const { home, repo, file, server } = await watchedRepo(batteryFile);

    writeFileSync(file, CALC + ADD);
    await waitFor('the background task', async () => (await queuedTasks(home)).length === 1);
    await new Promise((r) => setTimeout(r, 800)); // several scheduler polls and battery readings
    expect(server.chatRequests()).toHaveLength(0);
    const status = await hearth(home, ['status']);
    expect(status.stdout).toContain(
      'power       on battery at 12%, below 30%: 1 background local task waits; interactive ones run',
    );
    expect((await hearth(home, ['queue'])).stdout).toContain(
      'power: on battery at 12%, below 30%: 1 background local task waits',
    );

    // Asking for it makes the same work interactive: it runs now, on the same battery.
    const run = await hearth(home, ['docstrings', repo], { timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 docstring suggested');
    expect(server.chatRequests()).toHaveLength(1);

    writeFileSync(file, CALC + ADD + SUB);
    await waitFor('the next background task', async () => (await queuedTasks(home)).length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(server.chatRequests()).toHaveLength(1);

    battery(batteryFile, true, 13);
    await waitFor(
      'the suggestion for sub',
      async () => (await suggestedSymbols(home, repo)).includes('sub'),
      20_000,
    );
    expect(server.chatRequests()).toHaveLength(2);
    const json = await hearthJson<StatusResponse>(home, ['status', '--json']);
    expect(json.power).toMatchObject({ source: 'ac', percent: 13, saving: false, held: 0 });
    expect((await hearth(home, ['status'])).stdout).toContain('power       on AC, battery 13%');
  }, 60_000);

  it('a trusted check waits too, and runs once when plugged in', async () => {
    const batteryFile = path.join(tempDir(), 'battery.json');
    battery(batteryFile, false, 12);
    const { home, repo, file } = await watchedRepo(batteryFile);
    const marks = path.join(tempDir(), 'marks');
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({
        checks: [
          {
            name: 'mark',
            command: `node -e "require('fs').appendFileSync(process.argv[1], 'x')" ${marks}`,
            parser: 'generic',
          },
        ],
      }),
    );
    expect((await hearth(home, ['trust', repo])).code).toBe(0);
    await waitForTrustRead(home);
    writeFileSync(file, `${CALC}x = 1\n`);
    writeFileSync(file, `${CALC}x = 2\n`);
    await new Promise((r) => setTimeout(r, 1500)); // well past the 100 ms check debounce
    expect(existsSync(marks)).toBe(false);
    battery(batteryFile, true, 12);
    await waitFor('the held check to run', () => existsSync(marks), 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(readFileSync(marks, 'utf8')).toBe('x'); // once for both saves
  }, 60_000);

  it('an unreadable battery holds nothing back, and status says why', async () => {
    const batteryFile = path.join(tempDir(), 'battery.json');
    writeFileSync(batteryFile, 'not json at all');
    const { home, repo, file } = await watchedRepo(batteryFile);
    writeFileSync(file, CALC + ADD);
    await waitFor(
      'the suggestion for add',
      async () => (await suggestedSymbols(home, repo)).includes('add'),
      20_000,
    );
    const json = await hearthJson<StatusResponse>(home, ['status', '--json']);
    expect(json.power).toMatchObject({ source: 'unknown', saving: false });
    expect((await hearth(home, ['status'])).stdout).toMatch(
      /power {7}battery unreadable \(.*JSON.*\): nothing waits/,
    );
  }, 60_000);
});
