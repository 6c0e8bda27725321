#!/usr/bin/env node
// File watching: hearth beside Watchman on the same generated repository, in one run. Generates a
// git repository (20,000 tracked Python and TypeScript files in 2,000 folders, plus 20,000 files
// in an ignored node_modules), then measures for both: the time until the repository is watched,
// idle CPU and memory while watching, inotify watches, and the latency from a save of a tracked
// .py file until hearth has analysed it (GET /v1/repos shows it in lastAnalyzed) and until a
// Watchman subscription reports it. Every save is seen by both at once. Watchman runs isolated
// on its own socket, state and log files in the temp folder; hearth on a temp HEARTH_HOME.
// Prints a table with the ratios hearth/Watchman; `--json` prints JSON (progress goes to stderr).
//
//   npm run build && node bench/watch.mjs [--files 20000] [--idle-seconds 60] [--saves 100]
//     [--watch-runs 3] [--save-files 20] [--quiet-seconds 3] [--json]
//
// Time to watching is the wall time of `hearth watch` (including the CLI's own start, shown
// apart) and of `watchman watch-project` plus a synced query (which waits for the crawl), each
// run on a fresh daemon and server, page cache warm. Idle figures come from /proc: utime+stime
// over the window, VmRSS, VmHWM, and the `inotify wd:` lines in fdinfo. Save latency is from
// just before the write until hearth's GET /v1/repos (polled every 5 ms) shows the file in
// lastAnalyzed, and until Watchman's subscription PDU naming it arrives; Watchman's own settle
// (20 ms by default) is in its figure as hearth's settle window is in hearth's.

import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
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
  const value = at >= 0 ? Number(args[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const fileCount = Math.max(10, Math.round(option('--files', 20_000) / 10) * 10);
const folderCount = fileCount / 10;
const idleSeconds = option('--idle-seconds', 60);
/** Quiet time between the last watch and the idle window. */
const quietSeconds = option('--quiet-seconds', 3);
const saveCount = Math.max(1, option('--saves', 100));
const watchRuns = Math.max(1, option('--watch-runs', 3));
/** How many distinct .py files the saves cycle over: the first save of each reads a baseline. */
const saveFiles = Math.max(1, Math.min(option('--save-files', 20), saveCount, folderCount * 5));
const saveTimeoutMs = option('--save-timeout-ms', 15_000);
const watchTimeoutMs = option('--watch-timeout-ms', 180_000);
const maxSeconds = option('--max-seconds', 900);
const asJson = args.includes('--json');

if (!existsSync(cli)) {
  console.error(`no ${path.relative(process.cwd(), cli)}: build first (npx tsc -p tsconfig.json)`);
  process.exit(2);
}

const clkTck = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-watch-'));
const repo = path.join(tmp, 'repo');
const log = (message) => process.stderr.write(`[watch-bench ${elapsed()}] ${message}\n`);
const benchStart = performance.now();
const elapsed = () => `${((performance.now() - benchStart) / 1000).toFixed(1)}s`;

// ---------------------------------------------------------------------------------------------
// Cleanup: every daemon and server this script started is stopped by its pid; the temp folder
// goes. Runs on success, error, signal and the overall deadline.

/** hearth homes whose daemon may be running: { home, env, pid }. */
const hearths = [];
/** Watchman servers this script started: { flags, pid }. */
const watchmen = [];
let subscription;
let cleanedUp = false;

function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitGoneSync(pid, ms) {
  const until = Date.now() + ms;
  while (alive(pid) && Date.now() < until) spawnSync('sleep', ['0.05']);
  return !alive(pid);
}

function stopHearth(h) {
  if (h.stopped) return;
  h.stopped = true;
  const started = performance.now();
  spawnSync(process.execPath, [cli, 'stop'], { env: h.env, stdio: 'ignore', timeout: 20_000 });
  if (h.pid && !waitGoneSync(h.pid, 10_000)) {
    log(`hearth daemon ${h.pid} still running after hearth stop: killing it`);
    try {
      process.kill(h.pid, 'SIGKILL');
    } catch {}
  }
  log(`hearth daemon ${h.pid} stopped in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}

function stopWatchman(w) {
  if (w.stopped) return;
  w.stopped = true;
  const started = performance.now();
  spawnSync('watchman', [...w.flags, '--no-spawn', 'shutdown-server'], {
    stdio: 'ignore',
    timeout: 10_000,
  });
  if (w.pid && !waitGoneSync(w.pid, 10_000)) {
    log(`watchman ${w.pid} still running after shutdown-server: killing it`);
    try {
      process.kill(w.pid, 'SIGKILL');
    } catch {}
  }
  log(`watchman ${w.pid} stopped in ${((performance.now() - started) / 1000).toFixed(1)}s`);
}

function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  try {
    subscription?.close();
  } catch {}
  for (const h of hearths) stopHearth(h);
  for (const w of watchmen) stopWatchman(w);
  log('servers stopped; removing the temp folder');
  rmSync(tmp, { recursive: true, force: true });
  log('clean');
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    cleanup();
    process.exit(130);
  });
}
const deadline = setTimeout(() => {
  log(`over the ${maxSeconds} s limit: giving up`);
  cleanup();
  process.exit(1);
}, maxSeconds * 1000);

// ---------------------------------------------------------------------------------------------
// The repository.

const pyFile = (g, m, i) => `"""Module g${g}.m${m}.mod_${i}: small numeric and naming helpers."""
from __future__ import annotations

import math
from dataclasses import dataclass


def scale_${i}(values: list[float], factor: float = 1.0) -> list[float]:
    """Return every value multiplied by factor."""
    return [value * factor for value in values]


def norm_${i}(values: list[float]) -> float:
    """Return the Euclidean norm of values."""
    return math.sqrt(sum(value * value for value in values))


@dataclass
class Widget${i}:
    """A named widget with a weight."""

    name: str
    weight: float = ${i}.0

    def label(self) -> str:
        return f"widget {self.name} ({self.weight:.1f})"
`;

const tsFile = (g, m, i) => `/** Module g${g}/m${m}/mod_${i}: lookups over a list of items. */
export interface Item${i} {
  id: number;
  name: string;
  tags: readonly string[];
}

/** The item with this id, if any. */
export function byId${i}(items: readonly Item${i}[], id: number): Item${i} | undefined {
  return items.find((item) => item.id === id);
}

/** The names of the items carrying this tag, sorted. */
export function namesTagged${i}(items: readonly Item${i}[], tag: string): string[] {
  return items
    .filter((item) => item.tags.includes(tag))
    .map((item) => item.name)
    .sort();
}
`;

const jsFile = (p, i) => `'use strict';
// pkg-${p}/part${i}.js
function part${i}(input) {
  if (input == null) return null;
  return String(input).split('').reverse().join('') + '${p}-${i}';
}
module.exports = { part${i} };
`;

/** Tracked folders: src/gGG/mMM, 50 per group; 5 .py and 5 .ts files in each. */
const PER_GROUP = 50;
const folderPath = (k) => {
  const g = String(Math.floor(k / PER_GROUP)).padStart(2, '0');
  const m = String(k % PER_GROUP).padStart(2, '0');
  return { g, m, rel: `src/g${g}/m${m}` };
};

function git(argv, options = {}) {
  const result = spawnSync(
    'git',
    [
      '-c',
      'user.name=hearth bench',
      '-c',
      'user.email=bench@example.invalid',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'init.defaultBranch=main',
      ...argv,
    ],
    { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options },
  );
  if (result.status !== 0) throw new Error(`git ${argv.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function generate() {
  const started = performance.now();
  mkdirSync(repo);
  git(['init', '-q']);
  writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n__pycache__/\n');
  writeFileSync(path.join(repo, 'README.md'), '# bench repository\n');
  for (let k = 0; k < folderCount; k++) {
    const { g, m, rel } = folderPath(k);
    const dir = path.join(repo, rel);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, `mod_${i}.py`), pyFile(g, m, i));
    for (let i = 5; i < 10; i++) writeFileSync(path.join(dir, `mod_${i}.ts`), tsFile(g, m, i));
  }
  for (let p = 0; p < folderCount; p++) {
    const name = `pkg-${String(p).padStart(4, '0')}`;
    const dir = path.join(repo, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify({ name, version: '1.0.0', main: 'index.js' })}\n`,
    );
    writeFileSync(path.join(dir, 'index.js'), `module.exports = require('./part0.js');\n`);
    for (let i = 0; i < 8; i++) writeFileSync(path.join(dir, `part${i}.js`), jsFile(p, i));
  }
  const written = performance.now();
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'Generated repository']);
  const tracked = git(['ls-files']).split('\n').filter(Boolean).length;
  const groups = Math.ceil(folderCount / PER_GROUP);
  return {
    path: repo,
    trackedFiles: tracked,
    ignoredFiles: folderCount * 10,
    trackedFolders: folderCount + groups + 2, // leaf folders, src/gGG, src, and the root
    ignoredFolders: folderCount + 1,
    writeSeconds: +((written - started) / 1000).toFixed(1),
    gitSeconds: +((performance.now() - written) / 1000).toFixed(1),
  };
}

// ---------------------------------------------------------------------------------------------
// /proc figures.

/** utime + stime in clock ticks. */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of proc(5)
}

/** VmRSS and VmHWM in MB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

function inotifyWatches(pid) {
  let count = 0;
  const dir = `/proc/${pid}/fdinfo`;
  for (const fd of readdirSync(dir)) {
    let info;
    try {
      info = readFileSync(path.join(dir, fd), 'utf8');
    } catch {
      continue; // closed meanwhile
    }
    count += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// hearth: the CLI for start/watch/stop (as a user runs it), the socket directly for polling.

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function ipc(socketPath, method, urlPath, { timeoutMs = 5000, keepAlive = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath,
        method,
        path: urlPath,
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        timeout: timeoutMs,
        agent: keepAlive ? agent : false,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: no answer`)));
    req.on('error', reject);
    req.end();
  });
}

function hearthCli(h, argv, timeout = 60_000) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...argv], {
    env: h.env,
    encoding: 'utf8',
    timeout,
  });
  return { ms: performance.now() - started, ...result };
}

function newHearth(run) {
  const home = path.join(tmp, `h${run}`);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('HEARTH_')),
  );
  env.HEARTH_HOME = home;
  const h = { home, env, socket: path.join(home, 'run', 'hearth.sock'), pid: 0 };
  hearths.push(h);
  return h;
}

async function startHearth(h) {
  const result = hearthCli(h, ['start'], 30_000);
  if (result.status !== 0) throw new Error(`hearth start failed: ${result.stderr}`);
  h.pid = (await ipc(h.socket, 'GET', '/v1/status')).pid;
}

async function hearthRepo(h) {
  const { repos } = await ipc(h.socket, 'GET', '/v1/repos', { keepAlive: true });
  return repos[0];
}

/** Seconds from just before `hearth watch` until it returns (or, if the CLI gives up waiting,
 * until the daemon reports the repo out of `starting`). */
async function timeHearthWatch(h) {
  const started = performance.now();
  const result = hearthCli(h, ['watch', repo], watchTimeoutMs);
  let note;
  if (result.status !== 0) {
    note = `hearth watch exited ${result.status ?? result.signal}: ${(result.stderr || '').trim()}`;
    log(note);
    for (;;) {
      const info = await hearthRepo(h).catch(() => undefined);
      if (info && info.state !== 'starting') break;
      if (performance.now() - started > watchTimeoutMs) throw new Error('hearth never watched');
      await sleep(20);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const info = await hearthRepo(h);
  return { seconds, state: info.state, files: info.files, problem: info.problem, note };
}

// ---------------------------------------------------------------------------------------------
// Watchman: isolated server; the CLI to watch and sync; a JSON-protocol socket to subscribe.

function newWatchman(run) {
  const sock = path.join(tmp, `w${run}.sock`);
  const flags = [
    `--sockname=${sock}`,
    `--statefile=${path.join(tmp, `w${run}.state`)}`,
    `--logfile=${path.join(tmp, `w${run}.log`)}`,
    `--pidfile=${path.join(tmp, `w${run}.pid`)}`,
  ];
  const w = { sock, flags, pidfile: path.join(tmp, `w${run}.pid`), pid: 0 };
  watchmen.push(w);
  return w;
}

function watchmanCli(w, argv, input) {
  const result = spawnSync('watchman', [...w.flags, '--no-pretty', ...argv], {
    encoding: 'utf8',
    input,
    timeout: watchTimeoutMs,
  });
  let answer;
  try {
    answer = JSON.parse(result.stdout);
  } catch {
    throw new Error(`watchman ${argv.join(' ')}: ${result.stdout}${result.stderr}`);
  }
  if (result.status !== 0 || answer.error) {
    throw new Error(`watchman ${argv.join(' ')}: ${answer.error ?? result.stderr}`);
  }
  return answer;
}

function startWatchman(w) {
  watchmanCli(w, ['get-sockname']); // spawns the server
  const until = Date.now() + 10_000;
  while (!w.pid && Date.now() < until) {
    try {
      w.pid = Number(readFileSync(w.pidfile, 'utf8').trim()) || 0;
    } catch {}
    if (!alive(w.pid)) {
      w.pid = 0;
      spawnSync('sleep', ['0.05']);
    }
  }
  if (!w.pid) throw new Error('no watchman pid');
}

/** Seconds for `watch-project` plus a first synced query, which waits for the crawl. */
function timeWatchmanWatch(w) {
  const started = performance.now();
  const watch = watchmanCli(w, ['watch-project', repo]);
  const query = ['query', watch.watch, { suffix: ['md'], fields: ['name'], sync_timeout: 60_000 }];
  watchmanCli(w, ['-j'], JSON.stringify(query));
  return { seconds: (performance.now() - started) / 1000, watcher: watch.watcher };
}

/** A JSON-protocol connection: one JSON value per line each way. */
class WatchmanSocket {
  #socket;
  #buffer = '';
  #waiting = [];
  onUnilateral = () => {};

  constructor(sockPath) {
    this.#socket = net.connect(sockPath);
    this.#socket.setEncoding('utf8');
    this.#socket.on('data', (text) => {
      const at = performance.now();
      this.#buffer += text;
      for (let nl = this.#buffer.indexOf('\n'); nl >= 0; nl = this.#buffer.indexOf('\n')) {
        const pdu = JSON.parse(this.#buffer.slice(0, nl));
        this.#buffer = this.#buffer.slice(nl + 1);
        if (pdu.unilateral || pdu.log) this.onUnilateral(pdu, at);
        else this.#waiting.shift()?.(pdu);
      }
    });
    this.#socket.on('error', (error) => log(`watchman socket: ${error.message}`));
  }

  command(cmd) {
    return new Promise((resolve, reject) => {
      this.#waiting.push((pdu) => (pdu.error ? reject(new Error(pdu.error)) : resolve(pdu)));
      this.#socket.write(`${JSON.stringify(cmd)}\n`);
    });
  }

  close() {
    this.#socket.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics and output.

const quantile = (values, q) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const round = (value, digits = 1) => (Number.isFinite(value) ? +value.toFixed(digits) : null);
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown cpu',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    watchman: spawnSync('watchman', ['--version'], { encoding: 'utf8' }).stdout.trim(),
    maxUserWatches: Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8')),
  };
}

/** Samples both processes every second for the idle window. */
async function sampleIdle(pids) {
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)]));
  const startRss = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, memory(pid)]));
  /** Per second: CPU ticks used in that second, and RSS (MB) at its end. */
  const timeline = Object.fromEntries(Object.keys(pids).map((k) => [k, []]));
  const last = { ...start };
  const started = performance.now();
  const until = started + idleSeconds * 1000;
  while (performance.now() < until) {
    await sleep(Math.min(1000, Math.max(0, until - performance.now())));
    for (const [k, pid] of Object.entries(pids)) {
      const ticks = cpuTicks(pid);
      timeline[k].push([ticks - last[k], round(memory(pid).rssMb)]);
      last[k] = ticks;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const result = {};
  for (const [k, pid] of Object.entries(pids)) {
    const ticks = cpuTicks(pid) - start[k];
    const mem = memory(pid);
    const busy = timeline[k].filter(([t]) => t > 0);
    result[k] = {
      cpuPercent: seconds > 0 ? (ticks / clkTck / seconds) * 100 : Number.NaN,
      cpuTicks: ticks,
      secondsWithCpu: busy.length,
      busiestSecondPercent: Math.max(0, ...timeline[k].map(([t]) => (t / clkTck) * 100)),
      rssStartMb: startRss[k].rssMb,
      rssEndMb: mem.rssMb,
      rssPeakInWindowMb: Math.max(startRss[k].rssMb, ...timeline[k].map(([, rss]) => rss)),
      rssHighWaterMb: mem.hwmMb,
      inotifyWatches: inotifyWatches(pid),
      timeline: timeline[k],
    };
  }
  return { seconds, ...result };
}

// ---------------------------------------------------------------------------------------------
// The run.

async function main() {
  const info = machine();
  log(`generating ${fileCount} tracked + ${fileCount} ignored files in ${repo}`);
  const generated = generate();
  log(
    `generated: ${generated.trackedFiles} tracked files (write ${generated.writeSeconds}s, git ${generated.gitSeconds}s)`,
  );

  // The CLI's own start-up, to read hearth's time to watching against.
  const floorHearth = newHearth('floor');
  const cliFloorMs = median([1, 2, 3].map(() => hearthCli(floorHearth, ['version']).ms));
  floorHearth.stopped = true; // never started
  const settle = hearthCli(floorHearth, ['config', 'get', 'watch.settleMs', '--json']);
  const settleMs = Number(JSON.parse(settle.stdout).value);

  // Time to watching: each run on a fresh daemon and a fresh Watchman server, the order
  // alternating; the last run's pair stays up for the idle and save measurements.
  const watchTimes = { hearth: [], watchman: [] };
  const rssBeforeWatch = { hearth: [], watchman: [] };
  let h;
  let w;
  let hearthWatch;
  let watchmanWatch;
  for (let run = 0; run < watchRuns; run++) {
    h = newHearth(run);
    w = newWatchman(run);
    await startHearth(h);
    startWatchman(w);
    // What each process holds before it watches anything.
    const before = { hearth: memory(h.pid).rssMb, watchman: memory(w.pid).rssMb };
    rssBeforeWatch.hearth.push(before.hearth);
    rssBeforeWatch.watchman.push(before.watchman);
    const order = run % 2 === 0 ? ['hearth', 'watchman'] : ['watchman', 'hearth'];
    for (const who of order) {
      if (who === 'hearth') {
        hearthWatch = await timeHearthWatch(h);
        watchTimes.hearth.push(hearthWatch.seconds);
        log(
          `run ${run + 1}/${watchRuns}: hearth watching in ${hearthWatch.seconds.toFixed(2)}s (${hearthWatch.state}, ${hearthWatch.files} files)`,
        );
      } else {
        watchmanWatch = timeWatchmanWatch(w);
        watchTimes.watchman.push(watchmanWatch.seconds);
        log(
          `run ${run + 1}/${watchRuns}: watchman watching in ${watchmanWatch.seconds.toFixed(2)}s (${watchmanWatch.watcher})`,
        );
      }
    }
    if (run < watchRuns - 1) {
      stopHearth(h);
      stopWatchman(w);
    }
  }

  // Idle: both watching, nothing changing, nothing asking them anything.
  log(`idle for ${idleSeconds}s (after ${quietSeconds}s to settle)`);
  await sleep(quietSeconds * 1000);
  const idle = await sampleIdle({ hearth: h.pid, watchman: w.pid });

  // Saves: each write is seen by both; hearth's by polling /v1/repos, Watchman's by subscription.
  log(`${saveCount} saves over ${saveFiles} .py files`);
  subscription = new WatchmanSocket(w.sock);
  const { clock } = await subscription.command(['clock', repo]);
  let expected;
  subscription.onUnilateral = (pdu, at) => {
    if (expected && pdu.subscription === 'bench' && pdu.files?.includes(expected.rel)) {
      expected.resolve(at);
    }
  };
  await subscription.command([
    'subscribe',
    repo,
    'bench',
    { expression: ['allof', ['type', 'f'], ['suffix', 'py']], fields: ['name'], since: clock },
  ]);
  const targets = Array.from({ length: saveFiles }, (_, j) => {
    const k = Math.floor((j * folderCount) / saveFiles);
    const { g, m, rel } = folderPath(k);
    const i = j % 5;
    return { rel: `${rel}/mod_${i}.py`, original: pyFile(g, m, i) };
  });
  const saves = [];
  let lastAt = (await hearthRepo(h)).lastAnalyzed?.at ?? null;
  const timeouts = { hearth: 0, watchman: 0 };
  for (let n = 0; n < saveCount; n++) {
    const target = targets[n % targets.length];
    const content = `${target.original}\n\ndef bench_edit_${n}(value: int) -> int:\n    """Edit ${n}."""\n    return value + ${n}\n`;
    let resolveWatchman;
    const watchmanSeen = new Promise((resolve) => {
      resolveWatchman = resolve;
    });
    expected = { rel: target.rel, resolve: resolveWatchman };
    const wallBefore = Date.now();
    const t0 = performance.now();
    writeFileSync(path.join(repo, target.rel), content);
    const hearthSeen = (async () => {
      for (;;) {
        const info = await hearthRepo(h);
        const now = performance.now();
        const last = info.lastAnalyzed;
        if (last && last.path === target.rel && last.at !== lastAt) {
          lastAt = last.at;
          return { at: now, stampedMs: Date.parse(last.at) - wallBefore };
        }
        if (now - t0 > saveTimeoutMs) return undefined;
        await sleep(5);
      }
    })();
    let timer;
    const watchmanTimeout = new Promise((resolve) => {
      timer = setTimeout(resolve, saveTimeoutMs, undefined);
    });
    const [hearthResult, watchmanAt] = await Promise.all([
      hearthSeen,
      Promise.race([watchmanSeen, watchmanTimeout]),
    ]);
    clearTimeout(timer);
    expected = undefined;
    if (!hearthResult) timeouts.hearth++;
    if (watchmanAt === undefined) timeouts.watchman++;
    saves.push({
      file: target.rel,
      firstSaveOfFile: n < targets.length,
      hearthMs: hearthResult ? hearthResult.at - t0 : null,
      hearthStampedMs: hearthResult ? hearthResult.stampedMs : null,
      watchmanMs: watchmanAt === undefined ? null : watchmanAt - t0,
    });
    if (n % 10 === 9) log(`${n + 1}/${saveCount} saves`);
    await sleep(20);
  }
  subscription.close();
  agent.destroy();
  const afterSaves = { hearth: memory(h.pid), watchman: memory(w.pid) };
  const finalRepo = await ipc(h.socket, 'GET', '/v1/repos').then((r) => r.repos[0]);

  const latency = (key, filter = () => true) =>
    saves.filter((s) => s[key] !== null && filter(s)).map((s) => s[key]);
  const hearthLatency = latency('hearthMs');
  const watchmanLatency = latency('watchmanMs');
  const figures = [
    ['time to watching, median (s)', median(watchTimes.hearth), median(watchTimes.watchman), 2],
    ['idle CPU (% of one core)', idle.hearth.cpuPercent, idle.watchman.cpuPercent, 2],
    ['RSS before watching (MB)', median(rssBeforeWatch.hearth), median(rssBeforeWatch.watchman), 1],
    ['RSS at end of idle (MB)', idle.hearth.rssEndMb, idle.watchman.rssEndMb, 1],
    ['RSS peak, VmHWM (MB)', idle.hearth.rssHighWaterMb, idle.watchman.rssHighWaterMb, 1],
    ['RSS after the saves (MB)', afterSaves.hearth.rssMb, afterSaves.watchman.rssMb, 1],
    ['inotify watches', idle.hearth.inotifyWatches, idle.watchman.inotifyWatches, 0],
    ['save latency p50 (ms)', median(hearthLatency), median(watchmanLatency), 1],
    ['save latency p95 (ms)', quantile(hearthLatency, 0.95), quantile(watchmanLatency, 0.95), 1],
  ].map(([name, hearth, watchman, digits]) => ({
    name,
    hearth: round(hearth, digits),
    watchman: round(watchman, digits),
    ratio: round(ratio(hearth, watchman), 2),
  }));
  const p50 = median(hearthLatency);
  const result = {
    machine: info,
    repo: { ...generated, path: undefined },
    options: { idleSeconds, quietSeconds, saves: saveCount, saveFiles, watchRuns, settleMs },
    figures,
    hearth: {
      watchSeconds: watchTimes.hearth.map((s) => round(s, 2)),
      cliStartFloorMs: round(cliFloorMs),
      state: finalRepo.state,
      files: finalRepo.files,
      passes: finalRepo.passes,
      watchNote: hearthWatch.note,
      problem: finalRepo.problem,
      idle: idle.hearth,
      p50MinusSettleMs: round(p50 - settleMs),
      firstSaveP50Ms: round(median(latency('hearthMs', (s) => s.firstSaveOfFile))),
      resaveP50Ms: round(median(latency('hearthMs', (s) => !s.firstSaveOfFile))),
      stampedP50Ms: round(median(latency('hearthStampedMs'))),
      timeouts: timeouts.hearth,
    },
    watchman: {
      watchSeconds: watchTimes.watchman.map((s) => round(s, 2)),
      watcher: watchmanWatch.watcher,
      idle: idle.watchman,
      timeouts: timeouts.watchman,
    },
    bars: {
      saveP50Ms: settleMs + 50,
      idleCpuPercent: 1,
      rssMb: 150,
      watchmanReference: { readySeconds: 0.6, rssMb: 25, watches: 'one per folder' },
    },
    seconds: round((performance.now() - benchStart) / 1000),
    saves,
  };
  return result;
}

function printTable(r) {
  const m = r.machine;
  const size = `${r.repo.trackedFiles} tracked files in ${r.repo.trackedFolders} folders + ${r.repo.ignoredFiles} ignored files in ${r.repo.ignoredFolders} folders`;
  console.log(`watch: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.kernel}`);
  console.log(`repository: ${size}`);
  console.log(
    `${r.options.watchRuns} watch runs (fresh daemon and server each), idle ${r.options.idleSeconds} s, ${r.options.saves} saves over ${r.options.saveFiles} files, settle window ${r.options.settleMs} ms, Watchman ${m.watchman}`,
  );
  console.log('');
  const bar = {
    'idle CPU (% of one core)': `< ${r.bars.idleCpuPercent}`,
    'RSS at end of idle (MB)': `< ${r.bars.rssMb}`,
    'RSS peak, VmHWM (MB)': `< ${r.bars.rssMb}`,
    'save latency p50 (ms)': `<= ${r.bars.saveP50Ms}`,
  };
  const pass = (f) => {
    const b = bar[f.name];
    if (!b || f.hearth === null) return '';
    const limit = Number(b.replace(/[^\d.]/g, ''));
    return (b.startsWith('<=') ? f.hearth <= limit : f.hearth < limit) ? 'ok' : 'MISSED';
  };
  console.log(
    `${'figure'.padEnd(30)} ${'hearth'.padStart(10)} ${'watchman'.padStart(10)} ${'hearth/wm'.padStart(10)}   bar for hearth`,
  );
  for (const f of r.figures) {
    const cell = (v) => String(v ?? '-').padStart(10);
    const b = bar[f.name] ? `${bar[f.name]} ${pass(f)}` : '';
    console.log(
      `${f.name.padEnd(30)} ${cell(f.hearth)} ${cell(f.watchman)} ${cell(f.ratio)}   ${b}`,
    );
  }
  console.log('');
  const hr = r.hearth;
  console.log(
    `hearth: watch runs ${hr.watchSeconds.join(', ')} s (of which the CLI start is about ${(hr.cliStartFloorMs / 1000).toFixed(2)} s); state ${hr.state}, ${hr.files} files, ${hr.passes} passes${hr.problem ? `; problem: ${hr.problem}` : ''}`,
  );
  console.log(
    `hearth: save p50 minus settle window ${hr.p50MinusSettleMs} ms; first save of a file p50 ${hr.firstSaveP50Ms} ms, re-save p50 ${hr.resaveP50Ms} ms; by the daemon's own timestamp p50 ${hr.stampedP50Ms} ms; ${hr.timeouts} timeouts`,
  );
  const idleLine = (name, i) =>
    `${name}: idle CPU used in ${i.secondsWithCpu} of ${i.timeline.length} one-second samples, busiest second ${round(i.busiestSecondPercent)} %; RSS ${round(i.rssStartMb)} MB at the start of the idle window, ${round(i.rssEndMb)} MB at its end`;
  console.log(idleLine('hearth', hr.idle));
  console.log(idleLine('watchman', r.watchman.idle));
  if (hr.watchNote) console.log(`hearth: ${hr.watchNote}`);
  console.log(
    `watchman: watch runs ${r.watchman.watchSeconds.join(', ')} s (${r.watchman.watcher}); ${r.watchman.timeouts} timeouts; reference ${r.bars.watchmanReference.readySeconds} s, ${r.bars.watchmanReference.rssMb} MB`,
  );
  console.log(`whole run ${r.seconds} s`);
}

try {
  const result = await main();
  if (asJson) console.log(JSON.stringify(result, null, 2));
  else printTable(result);
} catch (error) {
  console.error(`watch benchmark failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  log('cleaning up');
  cleanup();
}
