#!/usr/bin/env node
// Docstrings (issue 5), two figures:
//   A. prompt tokens per docstring: the focused prompt (buildDocstringPrompt: module header,
//      enclosing signature, the symbol's own code) beside the same instructions around the whole
//      file (buildWholeFilePrompt), for every symbol of two corpora: this repository's src/ with
//      the Python, Go, Rust and Java fixtures in test/fixtures/docstrings/ (the TS/JS ones are
//      .txt: skipped), and the installed sources of openai (src/), commander and winston.
//      Tokens are hearth's own estimate (countMessageTokens). The target is a ratio of 5x or more.
//   B. docstrings per minute end to end: `hearth docstrings --json` on a temp git repository of
//      40 undocumented functions (4 Python and 4 TypeScript files), through a running daemon
//      whose local model is a scripted OpenAI-compatible server in this process that answers
//      each request after exactly 200 ms. Prints the rate beside the 300/min ceiling, and the
//      daemon's overhead per task: (wall - model time) / 40, and the idle gaps the server sees
//      between one answer ending and the next request arriving. Run twice (warm-up, then warm),
//      each on a fresh repository, against one daemon with a temp HEARTH_HOME.
//
//   npm run build && node bench/docstrings.mjs [--runs 2] [--keep-log]

import { spawn } from 'node:child_process';
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
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../dist/analysis/analyze-file.js';
import { listSourceFiles } from '../dist/analysis/list-source-files.js';
import { countMessageTokens } from '../dist/providers/tokens.js';
import { buildDocstringPrompt, buildWholeFilePrompt } from '../dist/tasks/docstring/prompt.js';
import { detectDocStyle } from '../dist/tasks/docstring/style.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 2;
const MODEL_MS = 200;
const DOC = 'Compute the result.';

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const fixed = (n, digits = 1) => n.toFixed(digits);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- A. prompt tokens ---------------------------------------------------------------------------

/**
 * Two corpora: this repository (small files: the house style keeps them under ~200 lines) and
 * the sources of three dependencies as installed (a real multi-file TypeScript SDK and two
 * JavaScript libraries), read straight from node_modules.
 */
async function listCorpora() {
  const ours = await listSourceFiles([
    path.join(root, 'src'),
    path.join(root, 'test', 'fixtures', 'docstrings'),
  ]);
  const theirs = ['openai/src', 'commander/lib', 'winston/lib'].flatMap((dir) =>
    walk(path.join(root, 'node_modules', dir)).filter(
      (file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'),
    ),
  );
  return [
    { name: 'hearth (this repository)', files: ours },
    { name: 'openai/src + commander/lib + winston/lib (node_modules)', files: theirs.sort() },
  ];
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

async function measurePrompts(files) {
  const rows = [];
  let analysed = 0;
  for (const file of files) {
    const analysis = await analyzeFile(file, { maxFileBytes: 1 << 20 });
    if (!analysis.ok) continue;
    analysed++;
    const { language, symbols } = analysis;
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const rel = path.relative(root, file).split(path.sep).join('/');
    const style = detectDocStyle(language, []);
    for (const symbol of symbols) {
      const input = { language, style, path: rel, text, symbol, symbols };
      const focused = buildDocstringPrompt(input);
      const whole = buildWholeFilePrompt(input);
      // The system message (instructions and style) is the same in both; the user message differs.
      const user = (messages) => countMessageTokens(messages.filter((m) => m.role !== 'system'));
      rows.push({
        language,
        focused: countMessageTokens(focused),
        whole: countMessageTokens(whole),
        focusedUser: user(focused),
        wholeUser: user(whole),
      });
    }
  }
  return { files: analysed, rows };
}

function printPrompts(name, { files, rows }) {
  const summary = (list) => {
    const f = list.map((r) => r.focused);
    const w = list.map((r) => r.whole);
    const ratios = list.map((r) => r.whole / r.focused);
    return {
      symbols: list.length,
      'focused mean': +fixed(mean(f)),
      'focused median': quantile(f, 0.5),
      'focused p95': quantile(f, 0.95),
      'whole mean': +fixed(mean(w)),
      'whole median': quantile(w, 0.5),
      'whole p95': quantile(w, 0.95),
      'ratio of means': +fixed(mean(w) / mean(f), 2),
      'median ratio': +fixed(quantile(ratios, 0.5), 2),
    };
  };
  const table = { all: summary(rows) };
  const languages = [...new Set(rows.map((r) => r.language))].sort();
  if (languages.length > 1) {
    for (const language of languages)
      table[language] = summary(rows.filter((r) => r.language === language));
  }
  console.log(`A. prompt tokens per docstring (hearth's estimate): ${name}, ${files} files`);
  console.table(table);
  const ratio = table.all['ratio of means'];
  const focusedUser = mean(rows.map((r) => r.focusedUser));
  const wholeUser = mean(rows.map((r) => r.wholeUser));
  const system = table.all['focused mean'] - focusedUser;
  console.log(
    `user message alone (the system message, ${fixed(system)} tokens, is the same in both): ` +
      `focused ${fixed(focusedUser)}, whole file ${fixed(wholeUser)}, ratio ${fixed(wholeUser / focusedUser, 2)}`,
  );
  console.log(`target >= 5x (ratio of means): ${ratio >= 5 ? 'met' : 'NOT met'} (${ratio}x)\n`);
}

// ---- B. end to end through the daemon ------------------------------------------------------------

/** A scripted OpenAI-compatible server: every chat answer is DOC, streamed after MODEL_MS. */
async function startModelServer() {
  const requests = []; // { arrived, ended } per chat request, in ms of performance.now()
  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'bench-model', object: 'model' }] }));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const entry = { arrived, ended: undefined };
      requests.push(entry);
      await sleep(MODEL_MS);
      const chunk = (delta, finish, extra = {}) =>
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(chunk({ role: 'assistant', content: DOC }, null));
      const usage = { prompt_tokens: Math.ceil(body.length / 4), completion_tokens: 5 };
      res.write(chunk({}, 'stop', { usage }));
      res.end('data: [DONE]\n\n', () => {
        entry.ended = performance.now();
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, requests, server };
}

const PY = (i, j) =>
  `def step_${i}_${j}(values, factor=${j + 1}):
    total = 0
    for value in values:
        if value % ${j + 2} == 0:
            total += value * factor
    return total
`;
const TS = (i, j) =>
  `export function step${i}x${j}(values: number[], factor = ${j + 1}): number {
  let total = 0;
  for (const value of values) {
    if (value % ${j + 2} === 0) total += value * factor;
  }
  return total;
}
`;

/** A git repository of 40 undocumented functions: 4 Python and 4 TypeScript files of 5 each. */
async function makeRepo(dir, env) {
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  for (let i = 0; i < 4; i++) {
    const py = Array.from({ length: 5 }, (_, j) => PY(i, j)).join('\n\n');
    writeFileSync(path.join(dir, 'src', `steps_${i}.py`), `import math\n\n\n${py}`);
    const ts = Array.from({ length: 5 }, (_, j) => TS(i, j)).join('\n');
    writeFileSync(path.join(dir, 'src', `steps${i}.ts`), `// Steps, part ${i}.\n\n${ts}`);
  }
  await run('git', ['init', '-q'], { cwd: dir, env });
  await run('git', ['add', '.'], { cwd: dir, env });
  const who = ['-c', 'user.name=b', '-c', 'user.email=b@b'];
  await run('git', [...who, 'commit', '-q', '-m', 'bench'], { cwd: dir, env });
}

/** Runs a command without blocking this process's event loop (the model server lives here). */
function run(command, argv, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${argv.join(' ')} exited ${code}: ${stderr || stdout}`));
    });
  });
}

async function measureRun(model, tmp, env, log, index) {
  const repo = path.join(tmp, `repo${index}`);
  await makeRepo(repo, env);
  model.requests.length = 0;
  const startedAt = Date.now();
  const t0 = performance.now();
  const out = await run(process.execPath, [cli, 'docstrings', '--json', repo], { cwd: repo, env });
  const wallMs = performance.now() - t0;
  const json = JSON.parse(out);
  if (json.suggestions.length !== 40) {
    console.error(`dropped: ${JSON.stringify(json.dropped, null, 2)}`);
    throw new Error(`run ${index}: ${json.suggestions.length} suggestions, expected 40`);
  }
  const reqs = [...model.requests].sort((a, b) => a.arrived - b.arrived);
  const gaps = reqs.slice(1).map((r, i) => r.arrived - reqs[i].ended);
  // The daemon logs each submitted task: splits the wait for the first request into CLI and daemon.
  const queued = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"task queued"'))
    .map((line) => Date.parse(JSON.parse(line).timestamp) - startedAt)
    .filter((ms) => ms >= 0);
  return {
    docs: json.suggestions.length,
    toFirstQueuedMs: Math.min(...queued),
    toLastQueuedMs: Math.max(...queued),
    requests: reqs.length,
    wallMs,
    toFirstRequestMs: reqs[0].arrived - t0,
    afterLastAnswerMs: t0 + wallMs - reqs[reqs.length - 1].ended,
    gaps,
  };
}

function printRun(label, r) {
  const modelMs = r.docs * MODEL_MS;
  const perMinute = r.docs / (r.wallMs / 60_000);
  const ceiling = 60_000 / MODEL_MS;
  const ms = (n) => `${fixed(n)} ms`;
  console.log(
    [
      `${label}: ${r.docs} docs (${r.requests} model requests)`,
      `  wall time                 ${fixed(r.wallMs / 1000, 2)} s`,
      `  docstrings per minute     ${fixed(perMinute)} (ceiling ${ceiling}/min at ${MODEL_MS} ms per answer; achieved/ceiling ${fixed(perMinute / ceiling, 2)})`,
      `  model time                ${fixed(modelMs / 1000, 2)} s (${r.docs} x ${MODEL_MS} ms)`,
      `  overhead per task (1)     ${ms((r.wallMs - modelMs) / r.docs)}  (wall - model time) / ${r.docs}, CLI planning and polling included`,
      `  model idle between tasks  median ${ms(quantile(r.gaps, 0.5))}, p95 ${ms(quantile(r.gaps, 0.95))}, max ${ms(Math.max(...r.gaps))}  (2: answer end -> next request)`,
      `  CLI start -> 1st request  ${ms(r.toFirstRequestMs)} (1st task queued at ${r.toFirstQueuedMs} ms, last at ${r.toLastQueuedMs} ms, per the daemon log)`,
      `  last answer -> CLI exit   ${ms(r.afterLastAnswerMs)}`,
    ].join('\n'),
  );
}

async function measureDaemon() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-docs-'));
  const home = path.join(tmp, 'home');
  const model = await startModelServer();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('HEARTH_')),
  );
  const env = {
    ...inherited,
    HEARTH_HOME: home,
    HEARTH_LOCAL_URL: model.url,
    HEARTH_LOCAL_MODEL: 'bench-model',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const log = path.join(home, 'state', 'logs', 'hearth.log');
  try {
    await run(process.execPath, [cli, 'start'], { cwd: tmp, env });
    for (let i = 1; i <= runs; i++) {
      process.stderr.write(`run ${i}/${runs}...\n`);
      const result = await measureRun(model, tmp, env, log, i);
      printRun(i === 1 && runs > 1 ? `B. run ${i} (warm-up: fresh daemon)` : `B. run ${i}`, result);
    }
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-10) : [];
    console.error(`daemon log, last lines:\n${tail.join('\n')}`);
    throw error;
  } finally {
    // Also after a failed start: a daemon that was slow to answer may still be running.
    await run(process.execPath, [cli, 'stop'], { cwd: tmp, env }).catch((error) =>
      console.error(`stop: ${error.message}`),
    );
    model.server.close();
    if (args.includes('--keep-log')) console.log(`daemon log kept in ${log}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

// ---- main -----------------------------------------------------------------------------------

const machine = `${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, Node ${process.version}`;
console.log(`docstrings benchmark, ${new Date().toISOString().slice(0, 10)}, ${machine}\n`);
for (const corpus of await listCorpora())
  printPrompts(corpus.name, await measurePrompts(corpus.files));
await measureDaemon();
