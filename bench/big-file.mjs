#!/usr/bin/env node
// One file with many functions (issue 14, item 5): does the daemon stay responsive?
// For each size (default 1,000 and 5,000 one-line Python functions in one new file), a fresh
// HEARTH_HOME and git repository, a running daemon watching it, and a local model in this process
// that lists one model and holds every chat request open (so queued tasks stay queued). The file
// is written; meanwhile this process asks the daemon for `status` over its socket, one request
// after the other (plus 10 ms), until the queue has not changed for 3 s. Prints per size:
//   - status answer time while the file is analysed and its tasks queued: median, p99, max (ms);
//     the max is, give or take a millisecond of HTTP, the daemon's longest event-loop block;
//   - how long until the queue settled, and the docstring tasks it then holds (queued + running);
//   - the daemon's peak memory (VmHWM) and how long a SIGTERM then takes to end it
//     (with --sigterm-mid: SIGTERM is sent 1 s after the write instead, mid-analysis).
//
//   npm run build && node bench/big-file.mjs [--sizes 1000,5000] [--sigterm-mid] [--json]

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The daemon refuses another protocol version: speak the built one.
const { PROTOCOL_HEADER, PROTOCOL_VERSION } = await import(
  pathToFileURL(path.join(root, 'dist', 'ipc', 'protocol.js')).href
);
const cli = path.join(root, 'dist', 'cli', 'main.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const sizes = option('--sizes', '1000,5000').split(',').map(Number);
const sigtermMid = args.includes('--sigterm-mid');
const asJson = args.includes('--json');
const SETTLED_MS = 3000;
const GIVE_UP_MS = 10 * 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** A model that exists and never answers a chat: tasks stay queued for counting. */
async function startSilentModel() {
  const held = new Set();
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/models')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'bench-model', object: 'model' }] }));
      return;
    }
    held.add(res);
    req.resume();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    stop: () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** GET /v1/status on the daemon's socket; resolves with the answer and its time in ms. */
function askStatus(socketPath) {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        socketPath,
        path: '/v1/status',
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        agent: false,
        timeout: 600_000,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ ms: performance.now() - start, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
  });
}

function peakMemoryMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return line ? Math.round(Number(line[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function timeSigterm(pid) {
  const start = performance.now();
  process.kill(pid, 'SIGTERM');
  while (isAlive(pid)) {
    if (performance.now() - start > 60_000) {
      process.kill(pid, 'SIGKILL');
      return Number.POSITIVE_INFINITY;
    }
    await sleep(10);
  }
  return performance.now() - start;
}

const docTasks = (queue) => (queue.queued ?? 0) + (queue.running ?? 0) + (queue.waiting ?? 0);

async function measure(count) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-big-'));
  const home = path.join(scratch, 'home');
  const repo = path.join(scratch, 'repo');
  mkdirSync(home);
  const git = (...argv) =>
    spawnSync('git', ['-C', repo, ...argv], { env: { ...process.env, ...GIT_ENV } });
  spawnSync('git', ['init', '-q', repo]);
  git('commit', '-q', '--allow-empty', '-m', 'initial');
  const model = await startSilentModel();
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HEARTH_'))),
    ...GIT_ENV,
    HEARTH_HOME: home,
    HEARTH_LOCAL_URL: model.url,
    HEARTH_LOCAL_MODEL: 'bench-model',
    HEARTH_LOCAL_CONTEXT_TOKENS: '8192',
    HEARTH_WATCH_SETTLE_MS: '100',
  };
  const run = (argv) => spawnSync(process.execPath, [cli, ...argv], { env, encoding: 'utf8' });
  let pid;
  try {
    const started = run(['start']);
    if (started.status !== 0) throw new Error(`hearth start: ${started.stderr}`);
    if (run(['watch', repo]).status !== 0) throw new Error('hearth watch failed');
    const socketPath = path.join(home, 'run', 'hearth.sock');
    pid = (await askStatus(socketPath)).body.pid;

    const lines = Array.from({ length: count }, (_, i) => `def f${i}(a, b): return a + b\n`);
    const text = lines.join('');
    const times = [];
    const writtenAt = performance.now();
    writeFileSync(path.join(repo, 'many.py'), text);
    let sigtermMs;
    if (sigtermMid) {
      await sleep(1000);
      sigtermMs = await timeSigterm(pid);
    }
    let last = -1;
    let changedAt = performance.now();
    let settledAfterMs;
    while (!sigtermMid) {
      const { ms, body } = await askStatus(socketPath);
      times.push(ms);
      const now = performance.now();
      const tasks = docTasks(body.queue);
      if (tasks !== last) {
        last = tasks;
        changedAt = now;
      } else if (tasks > 0 && now - changedAt > SETTLED_MS) {
        settledAfterMs = changedAt - writtenAt;
        break;
      }
      if (now - writtenAt > GIVE_UP_MS) break;
      await sleep(10);
    }
    const memoryMb = peakMemoryMb(pid);
    if (!sigtermMid) sigtermMs = await timeSigterm(pid);
    return {
      functions: count,
      fileKb: Math.round(Buffer.byteLength(text) / 1024),
      statusCalls: times.length,
      statusMedianMs: +quantile(times, 0.5).toFixed(1),
      statusP99Ms: +quantile(times, 0.99).toFixed(1),
      statusMaxMs: +Math.max(0, ...times).toFixed(1),
      settledAfterMs: settledAfterMs === undefined ? null : Math.round(settledAfterMs),
      docstringTasks: sigtermMid ? null : last,
      peakMemoryMb: memoryMb ?? null,
      sigtermMs: Number.isFinite(sigtermMs) ? Math.round(sigtermMs) : 'killed after 60 s',
    };
  } finally {
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    await model.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const rows = [];
for (const count of sizes) rows.push(await measure(count));
const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, Node ${process.version}`;
if (asJson) console.log(JSON.stringify({ machine, sigtermMid, rows }, null, 2));
else {
  console.log(`big-file bench on ${machine}${sigtermMid ? ' (SIGTERM 1 s after the write)' : ''}`);
  console.table(rows);
}
