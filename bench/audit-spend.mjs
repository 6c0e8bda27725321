#!/usr/bin/env node
// The daily cloud spend that routing reads on every submit (src/runner/spend.ts), against an
// audit log of N requests (a started and an ended line each) in a temp folder:
//   before: the whole log read, paired and summed on each submit (what the daemon did whenever
//           the log had grown, i.e. after every request);
//   after:  one running tally; each submit follows one more request's lines in the log.
// The requests are spread evenly over the last 90 days (the default retention).
// Needs the built dist/ (`npx tsc -p tsconfig.json`). `--json` prints JSON.
//
//   node bench/audit-spend.mjs [--entries 10000,100000] [--submits 50] [--json]

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const sizes = option('--entries', '10000,100000').split(',').map(Number);
const submits = Number(option('--submits', '50'));
const dist = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const { SpendTally } = await dist('runner/spend.js');
const { readAudit } = await dist('audit/audit-log.js');
const { estimateCostDollars } = await dist('router/prices.js');

// The per-submit read before the running tally: every entry of the log, summed for today.
function readWholeLog(file) {
  const today = new Date().toDateString();
  let tokens = 0;
  let dollars = 0;
  for (const e of readAudit(file)) {
    if (e.tier !== 'cloud' || new Date(e.at).toDateString() !== today) continue;
    tokens += e.promptTokens + e.completionTokens;
    dollars += estimateCostDollars('gpt-4.1', e.promptTokens, e.completionTokens) ?? 0;
  }
  return { tokens, dollars };
}

const request = (n, at) =>
  `${JSON.stringify({ event: 'started', id: `r${n}`, at, host: 'api.openai.com', tier: n % 2 ? 'cloud' : 'local', model: 'gpt-4.1', taskId: `t${n}`, bytes: 4000, sha256: 'ab'.repeat(32), pid: 1 })}\n` +
  `${JSON.stringify({ event: 'ended', id: `r${n}`, at, tier: n % 2 ? 'cloud' : 'local', outcome: 'ok', promptTokens: 1000, completionTokens: 100 })}\n`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-spend-'));
const results = [];
try {
  for (const entries of sizes) {
    const file = path.join(dir, `audit-${entries}.jsonl`);
    const now = new Date().toISOString();
    const span = 90 * 24 * 60 * 60 * 1000;
    const lines = [];
    for (let n = 0; n < entries; n++)
      lines.push(request(n, new Date(Date.now() - span + (span * n) / entries).toISOString()));
    writeFileSync(file, lines.join(''));
    const time = (fn) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < submits; i++) fn(i);
      return Number(process.hrtime.bigint() - start) / 1e6 / submits;
    };
    const before = time((i) => {
      appendFileSync(file, request(entries + i, now));
      readWholeLog(file);
    });
    const tally = new SpendTally(file);
    const firstStart = process.hrtime.bigint();
    tally.read('gpt-4.1');
    const firstRead = Number(process.hrtime.bigint() - firstStart) / 1e6;
    const after = time((i) => {
      appendFileSync(file, request(entries + submits + i, now));
      tally.read('gpt-4.1');
    });
    results.push({
      entries,
      beforeMsPerSubmit: before,
      afterMsPerSubmit: after,
      firstReadMs: firstRead,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (args.includes('--json')) console.log(JSON.stringify({ submits, results }, null, 2));
else
  for (const r of results)
    console.log(
      `${r.entries} requests in the log: spend read per submit ${r.beforeMsPerSubmit.toFixed(2)} ms before, ${r.afterMsPerSubmit.toFixed(3)} ms after (first read, once: ${r.firstReadMs.toFixed(1)} ms)`,
    );
