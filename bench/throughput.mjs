#!/usr/bin/env node
// Docstring throughput through the daemon (issue 17, item 2): `hearth docstrings FILE --yes` on
// a file of N undocumented Python functions, against a scripted local model that answers each
// request after a fixed delay (200 ms, and the seed's 2.1 s), one request at a time as the local
// lane runs them. The ceiling is one docstring per delay; what hearth adds per task is the wall
// time beyond N delays (submit, routing, the queue's writes, the answer made into a verified
// suggestion, the CLI following progress), divided by N. The model server lives in this process
// and records when each request arrived and was answered, so the daemon's gap between tasks (one
// answer sent to the next request received) is measured on its own.
//
//   npm run build && node bench/throughput.mjs [--delays 200,2100] [--functions 40] [--json]

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const delays = option('--delays', '200,2100').split(',').map(Number);
const functionCount = Number(option('--functions', '40'));
const asJson = args.includes('--json');
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** An OpenAI-compatible model that streams one docstring per request after `delayMs`. */
async function startModel(delayMs) {
  const requests = [];
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/models')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'bench-model', object: 'model' }] }));
      return;
    }
    if (!req.url?.endsWith('/chat/completions') || req.method !== 'POST') {
      // A probe of the endpoint (the daemon's connectivity check): answered, not counted.
      res.end('{}');
      return;
    }
    const record = { receivedAt: performance.now(), answeredAt: 0 };
    requests.push(record);
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        const chunk = (body) => `data: ${JSON.stringify(body)}\n\n`;
        const base = {
          id: 'c1',
          object: 'chat.completion.chunk',
          created: 0,
          model: 'bench-model',
        };
        res.setHeader('content-type', 'text/event-stream');
        res.write(
          chunk({ ...base, choices: [{ index: 0, delta: { content: 'Return a constant.' } }] }),
        );
        res.write(chunk({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
        res.write(
          chunk({
            ...base,
            choices: [],
            usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105 },
          }),
        );
        res.end('data: [DONE]\n\n');
        record.answeredAt = performance.now();
      }, delayMs);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    requests,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

async function measure(delayMs) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-throughput-'));
  const home = path.join(scratch, 'home');
  const repo = path.join(scratch, 'repo');
  const model = await startModel(delayMs);
  const env = { ...process.env, ...GIT_ENV, HEARTH_HOME: home };
  // Asynchronously: the model server answers from this process's event loop.
  const run = (argv, cwd = repo) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...argv], { env, cwd });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (status) => {
        if (status !== 0 && argv[0] !== 'docstrings')
          reject(new Error(`hearth ${argv.join(' ')}: ${stderr}`));
        else resolve({ status, stdout, stderr });
      });
    });
  try {
    mkdirSync(path.join(home, 'config'), { recursive: true });
    writeFileSync(
      path.join(home, 'config', 'config.json'),
      JSON.stringify({ local: { url: model.url, model: 'bench-model' }, cloud: 'never' }),
    );
    mkdirSync(repo);
    spawnSync('git', ['init', '-q', repo], { env });
    const text = Array.from({ length: functionCount }, (_, i) => `def f${i}():\n    return ${i}\n`);
    writeFileSync(path.join(repo, 'consts.py'), text.join('\n\n'));
    spawnSync('git', ['-C', repo, 'add', '-A'], { env });
    spawnSync('git', ['-C', repo, 'commit', '-q', '-m', 'initial'], { env });
    await run(['start'], scratch);
    const started = performance.now();
    const result = await run(['docstrings', 'consts.py', '--yes', '--json']);
    const wallMs = performance.now() - started;
    const made = JSON.parse(result.stdout).suggestions?.length ?? 0;
    if (made === 0)
      throw new Error(`no docstring was made: ${result.stderr}${result.stdout.slice(0, 600)}`);
    const gaps = [];
    for (let i = 1; i < model.requests.length; i++)
      gaps.push(model.requests[i].receivedAt - model.requests[i - 1].answeredAt);
    const firstRequestMs = (model.requests[0]?.receivedAt ?? started) - started;
    const ceilingPerMinute = 60_000 / delayMs;
    return {
      delayMs,
      functions: functionCount,
      made,
      requests: model.requests.length,
      wallMs: Math.round(wallMs),
      firstRequestMs: Math.round(firstRequestMs),
      perMinute: Number(((made / wallMs) * 60_000).toFixed(1)),
      ceilingPerMinute: Number(ceilingPerMinute.toFixed(1)),
      ofCeiling: Number((made / wallMs / (1 / delayMs)).toFixed(3)),
      gapMedianMs: Number(median(gaps).toFixed(1)),
      gapMaxMs: Number(Math.max(0, ...gaps).toFixed(1)),
      addedPerTaskMs: Number(((wallMs - made * delayMs) / Math.max(1, made)).toFixed(1)),
    };
  } finally {
    spawnSync(process.execPath, [cli, 'stop'], { env });
    await model.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const results = [];
for (const delay of delays) results.push(await measure(delay));
if (asJson) console.log(JSON.stringify(results, null, 2));
else {
  console.log(
    `docstring throughput, ${functionCount} functions, ${os.cpus().length} cores, Node ${process.version}`,
  );
  console.table(results);
}
