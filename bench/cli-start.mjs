#!/usr/bin/env node
// Cold-start cost of the CLI, each case beside `node -e 0` and run interleaved in one process so
// that the machine's noise hits all alike: `hearth --version` (answered before commander),
// `hearth status` against a running daemon (the socket client only), `hearth queue` (a command
// through commander) and the pre-commit hook's Node helper in a repository whose trusted checks
// block on errors, with nothing staged (config, one `git diff`). Prints a table and the ratios;
// `--json` prints JSON.
//
//   npm run build && node bench/cli-start.mjs [--runs 40] [--json]

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 40;
const asJson = args.includes('--json');

const home = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
const env = { ...process.env, HEARTH_HOME: home };
const repo = path.join(home, 'repo');

/** A repository whose trusted checks block commits with errors: the hook helper's real work. */
function makeCheckedRepo() {
  mkdirSync(repo);
  spawnSync('git', ['init', '-q', repo]);
  const config = {
    checks: [{ name: 'tsc', command: 'npx tsc --noEmit', parser: 'tsc' }],
    hooks: { preCommit: { block: 'errors' } },
  };
  writeFileSync(path.join(repo, '.hearth.json'), JSON.stringify(config));
  run([cli, 'trust', repo]);
}

function run(argv, cwd = root) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const cases = {
  'node -e 0': { argv: ['-e', '0'] },
  'hearth --version': { argv: [cli, '--version'] },
  'hearth status': { argv: [cli, 'status'] },
  'hearth queue': { argv: [cli, 'queue'] },
  'hook helper': {
    argv: [path.join(root, 'dist', 'cli', 'hook-entry.js'), 'pre-commit'],
    cwd: repo,
  },
};

try {
  run([cli, 'start']);
  makeCheckedRepo();
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const { argv, cwd } of Object.values(cases)) run(argv, cwd); // warm the file cache
  for (let i = 0; i < runs; i++) {
    for (const [name, { argv, cwd }] of Object.entries(cases)) times[name].push(run(argv, cwd));
  }
  const baseline = quantile(times['node -e 0'], 0.5);
  const rows = Object.entries(times).map(([name, values]) => ({
    name,
    medianMs: +quantile(values, 0.5).toFixed(1),
    p90Ms: +quantile(values, 0.9).toFixed(1),
    vsNode: +(quantile(values, 0.5) / baseline).toFixed(2),
    overNodeMs: +(quantile(values, 0.5) - baseline).toFixed(1),
  }));
  const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, Node ${process.version}`;
  if (asJson) {
    console.log(JSON.stringify({ runs, machine, rows }, null, 2));
  } else {
    console.log(`cli-start: ${runs} interleaved runs each, ${machine}`);
    console.log('command            median ms   p90 ms   x node -e 0   +ms over node');
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(18)} ${String(r.medianMs).padStart(9)} ${String(r.p90Ms).padStart(8)} ${String(r.vsNode).padStart(13)} ${String(r.overNodeMs).padStart(15)}`,
      );
    }
  }
} finally {
  spawnSync(process.execPath, [cli, 'stop'], { env });
  rmSync(home, { recursive: true, force: true });
}
