#!/usr/bin/env node
// Cold-start cost of the CLI: the median wall time of `hearth status` against a running daemon,
// beside `node -e 0` and `hearth version` (no IPC), run interleaved in one process so that the
// machine's noise hits all three alike. Prints a table and the ratios; `--json` prints JSON.
//
//   npm run build && node bench/cli-start.mjs [--runs 40] [--json]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

function run(argv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  'node -e 0': ['-e', '0'],
  'hearth version': [cli, 'version'],
  'hearth status': [cli, 'status'],
};

try {
  run([cli, 'start']);
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const argv of Object.values(cases)) run(argv); // warm the file cache
  for (let i = 0; i < runs; i++) {
    for (const [name, argv] of Object.entries(cases)) times[name].push(run(argv));
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
    console.log('command          median ms   p90 ms   x node -e 0   +ms over node');
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(16)} ${String(r.medianMs).padStart(9)} ${String(r.p90Ms).padStart(8)} ${String(r.vsNode).padStart(13)} ${String(r.overNodeMs).padStart(15)}`,
      );
    }
  }
} finally {
  spawnSync(process.execPath, [cli, 'stop'], { env });
  rmSync(home, { recursive: true, force: true });
}
