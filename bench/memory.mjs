#!/usr/bin/env node
// The daemon's memory: resident set size (VmRSS) of a real daemon on a temp HEARTH_HOME at four
// moments of one run: idle before watching anything; watching two repositories; just after it
// analysed a saved TypeScript file in each (the parser worker holds the TypeScript compiler);
// and after a quiet period longer than the parser's idle time (the worker ended). The parser
// worker's own RSS is shown beside the daemon's while it runs. No model runs:
// `local.url` points at a closed port, so docstring tasks wait. Each repository holds copies of
// this repository's own src/ TypeScript files. Prints a table; `--json` prints JSON.
//
//   npm run build && node bench/memory.mjs [--files 40] [--quiet-seconds 70] [--runs 3] [--json]

import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const { callDaemon } = await import(
  pathToFileURL(path.join(root, 'dist', 'ipc', 'client.js')).href
);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const fileCount = option('--files', 40);
const quietSeconds = option('--quiet-seconds', 70);
const runs = Math.max(1, option('--runs', 1));
const asJson = args.includes('--json');
const say = (line) => process.stderr.write(`${line}\n`);

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

function listTs(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out.sort();
}

function makeRepo(dir, files) {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', dir], { env: gitEnv });
  for (const [i, file] of files.entries()) {
    const target = path.join(dir, 'src', `f${i}-${path.basename(file)}`);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
  execFileSync('git', ['-C', dir, 'add', '-A'], { env: gitEnv });
  execFileSync('git', ['-C', dir, 'commit', '-q', '-m', 'initial'], { env: gitEnv });
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

/** The daemon's child processes' RSS (the parser worker while it runs), in MB. */
function childrenRssMb(pid) {
  let total = 0;
  for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/)) {
    if (!child) continue;
    try {
      total += rssMb(Number(child));
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

function hearth(home, cliArgs) {
  const result = spawnSync(process.execPath, [cli, ...cliArgs], {
    env: { ...gitEnv, HEARTH_HOME: home },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`hearth ${cliArgs.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function waitAnalysed(socket, repo, rel) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { repos } = await callDaemon(socket, 'repos', {});
    if (repos.find((r) => r.path === repo)?.lastAnalyzed?.path === rel) return;
    await sleep(100);
  }
  throw new Error(`${repo}: ${rel} was not analysed within 60 s`);
}

async function measureOnce() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-memory-'));
  const home = path.join(tmp, 'home');
  mkdirSync(path.join(home, 'config'), { recursive: true });
  writeFileSync(
    path.join(home, 'config', 'config.json'),
    JSON.stringify({ local: { url: 'http://127.0.0.1:9/v1', model: 'none' }, cloud: 'never' }),
  );
  const sources = listTs(path.join(root, 'src')).slice(0, fileCount);
  const repos = [path.join(tmp, 'one'), path.join(tmp, 'two')];
  for (const repo of repos) makeRepo(repo, sources);
  try {
    hearth(home, ['start']);
    const { pid } = JSON.parse(hearth(home, ['status', '--json']));
    const socket = path.join(home, 'run', 'hearth.sock');
    await sleep(3000);
    const idle = rssMb(pid);
    for (const repo of repos) hearth(home, ['watch', repo]);
    await sleep(3000);
    const watching = rssMb(pid);
    for (const repo of repos) {
      const rel = `src/f0-${path.basename(sources[0])}`;
      writeFileSync(
        path.join(repo, rel),
        `${readFileSync(path.join(repo, rel), 'utf8')}\nexport function addedForBench(a: number): number {\n  return a + 1;\n}\n`,
      );
      await waitAnalysed(socket, repo, rel);
    }
    await sleep(3000);
    const analysed = rssMb(pid);
    const worker = childrenRssMb(pid);
    say(`waiting ${quietSeconds} s of quiet...`);
    await sleep(quietSeconds * 1000);
    const quiet = rssMb(pid);
    const workerAfterQuiet = childrenRssMb(pid);
    hearth(home, ['stop']);
    return { idle, watching, analysed, worker, quiet, workerAfterQuiet };
  } finally {
    spawnSync(process.execPath, [cli, 'stop'], { env: { ...gitEnv, HEARTH_HOME: home } });
    rmSync(tmp, { recursive: true, force: true });
  }
}

const samples = [];
for (let i = 0; i < runs; i++) {
  say(`run ${i + 1} of ${runs}`);
  samples.push(await measureOnce());
}
const median = (key) => {
  const values = samples.map((s) => s[key]).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
};
const result = {
  files: fileCount,
  quietSeconds,
  runs,
  rssMb: Object.fromEntries(
    ['idle', 'watching', 'analysed', 'worker', 'quiet', 'workerAfterQuiet'].map((k) => [
      k,
      Number(median(k).toFixed(1)),
    ]),
  ),
  samples,
};
if (asJson) console.log(JSON.stringify(result, null, 2));
else {
  console.log(
    `daemon RSS (MB, median of ${runs}; two repositories of ${fileCount} TypeScript files each)`,
  );
  console.log(`  idle, before watching        ${result.rssMb.idle}`);
  console.log(`  watching two repositories    ${result.rssMb.watching}`);
  console.log(
    `  just after analysing TS      ${result.rssMb.analysed}  (+ parser worker ${result.rssMb.worker})`,
  );
  console.log(
    `  after ${quietSeconds} s of quiet         ${result.rssMb.quiet}  (+ parser worker ${result.rssMb.workerAfterQuiet})`,
  );
}
