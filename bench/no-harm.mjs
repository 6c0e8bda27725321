#!/usr/bin/env node
// No harm (issue 13): `hearth docstrings src examples --apply` on a checkout of pallets/click (a
// real Python project with rich docs, where a command function's docstring is its --help text).
// Before and after the run it measures, on the same temp checkout: every function's and class's
// docstring (python3 `ast`), the --help of every example program and of each subcommand (click's
// CliRunner), click's own tests (pytest) and its type checker (mypy on src/click with click's
// config). The model is a scripted OpenAI-compatible server in this process that writes plausible
// docs from the prompt (summary, a parameter section in the asked style, Returns), or with
// `--answers hostile`: a bare one-line summary for symbols that have docs, a 60-line doc, a doc
// with a `>>>` example. Exits 1 when any harm is found, 2 when it could not measure.
//
//   npm run build && node bench/no-harm.mjs [--hearth dist/cli/main.js] [--answers hostile]
//     [--click /work/.mirror/pallets+click/repo] [--keep]

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const hearth = path.resolve(option('--hearth', path.join(root, 'dist', 'cli', 'main.js')));
const clickGit = option('--click', '/work/.mirror/pallets+click/repo');
const hostile = option('--answers', 'plausible') === 'hostile';
const MINUTES = 60_000;

const MEASURE_PY = path.join(root, 'bench', 'no-harm-measure.py');

/** Runs a command to its end without blocking this process (the model server lives here). */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20 * MINUTES);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function runOk(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0)
    throw new Error(
      `${command} ${args.join(' ')}: exit ${result.code}\n${result.stderr || result.stdout}`,
    );
  return result.stdout;
}

// ---- the scripted model ------------------------------------------------------------------------

const words = (name) => name.replace(/^_+|_+$/g, '').replace(/_+/g, ' ') || name;
const sentence = (text) => `${text[0].toUpperCase()}${text.slice(1)}.`;

/** A doc as a model would write it, from what the prompt shows: name, parameters, code, style. */
function answerPrompt(system, user, hostileCount) {
  const ask = /Write the doc for the (\w+) `([^`]+)`(?: \(parameters: (.*)\))?\./.exec(user);
  const [, kind = 'function', qualified = 'it', listed = 'none'] = ask ?? [];
  const name = qualified.split('.').pop();
  const current = /Its current doc:\n(`{3,})text\n([\s\S]*?)\n\1/.exec(user)?.[2];
  const code = /The code of the [^\n]*:\n(`{3,})\w*\n([\s\S]*?)\n\1/.exec(user)?.[2] ?? '';
  if (hostileCount !== undefined) {
    if (current) return 'Do the work.';
    if (hostileCount % 2 === 0) {
      const details = Array.from({ length: 58 }, (_, i) => `Detail ${i + 1} about ${name}.`);
      return [`${sentence(words(name))}`, '', ...details].join('\n');
    }
    return `${sentence(words(name))}\n\nExample:\n\n>>> ${name}(1)\n2`;
  }
  const summary =
    current
      ?.split('\n')
      .find((l) => l.trim())
      ?.trim() ?? sentence(kind === 'class' ? `the ${words(name)} class` : words(name));
  const params =
    listed === 'none'
      ? []
      : listed
          .split(/,\s*/)
          .map((p) => p.replace(/^\*+/, '').split(/[:=\s]/)[0])
          .filter((p) => p && p !== 'self' && p !== 'cls');
  const returns = /\breturn\s+[^\s#]/.test(code) || /\byield\b/.test(code);
  const style = /NumPy style/.test(system)
    ? 'numpy'
    : /reStructuredText/.test(system)
      ? 'rest'
      : 'google';
  const about = (p) => `The ${words(p)} to use.`;
  const sections = {
    google: [
      params.length ? ['Args:', ...params.map((p) => `    ${p}: ${about(p)}`)] : [],
      returns ? ['Returns:', '    The result.'] : [],
    ],
    numpy: [
      params.length
        ? ['Parameters', '----------', ...params.flatMap((p) => [p, `    ${about(p)}`])]
        : [],
      returns ? ['Returns', '-------', 'object', '    The result.'] : [],
    ],
    rest: [
      [
        ...params.map((p) => `:param ${p}: ${about(p)}`),
        ...(returns ? [':returns: The result.'] : []),
      ],
    ],
  }[style].filter((s) => s.length > 0);
  return [summary, ...sections.map((s) => `\n${s.join('\n')}`)].join('\n');
}

async function startModelServer() {
  const stats = { chats: 0 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const json = (status, body) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && req.url === '/v1/models')
        return json(200, { object: 'list', data: [{ id: 'bench-model', object: 'model' }] });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
        return json(404, { error: { message: 'no route' } });
      const body = JSON.parse(raw);
      const text = (role) => body.messages.find((m) => m.role === role)?.content ?? '';
      const doc = answerPrompt(text('system'), text('user'), hostile ? stats.chats : undefined);
      stats.chats++;
      const usage = {
        prompt_tokens: Math.ceil(raw.length / 4),
        completion_tokens: Math.ceil(doc.length / 4),
      };
      const base = { id: 'x', created: 0, model: 'bench-model' };
      if (!body.stream)
        return json(200, {
          ...base,
          object: 'chat.completion',
          usage,
          choices: [
            { index: 0, message: { role: 'assistant', content: doc }, finish_reason: 'stop' },
          ],
        });
      const event = (choices, extra = {}) =>
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        event([{ index: 0, delta: { role: 'assistant', content: doc }, finish_reason: null }]) +
          event([{ index: 0, delta: {}, finish_reason: 'stop' }]) +
          event([], { usage }) +
          'data: [DONE]\n\n',
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, stats, server };
}

// ---- measuring the checkout ------------------------------------------------------------------

/** The --help of every example program and of each subcommand, by command line. */
async function measureHelp(tree, env) {
  const help = {};
  const examples = path.join(tree, 'examples');
  for (const name of readdirSync(examples).sort()) {
    const folder = path.join(examples, name);
    if (!existsSync(path.join(folder, 'pyproject.toml'))) continue;
    const out = await run('python3', [MEASURE_PY, 'help', folder], { env, cwd: folder });
    const failed = { [name]: `failed: ${out.stderr.trim().split('\n').pop()}` };
    Object.assign(help, out.code === 0 ? JSON.parse(out.stdout) : failed);
  }
  return help;
}

async function runTests(tree, env) {
  const args = ['-m', 'pytest', '-q', '-rfE', '-p', 'no:cacheprovider', 'tests'];
  const { stdout } = await run('python3', args, { env, cwd: tree });
  const summary = stdout.trim().split('\n').pop();
  const count = (what) => Number(new RegExp(`(\\d+) ${what}\\b`).exec(summary)?.[1] ?? 0);
  const failing = stdout
    .split('\n')
    .filter((l) => /^(FAILED|ERROR) /.test(l))
    .map((l) => l.split(' - ')[0]);
  return { passed: count('passed'), failed: count('failed'), errors: count('errors?'), failing };
}

/** mypy's errors without their line numbers (docs shift lines), with click's config if it runs. */
async function runMypy(tree, tmp, env) {
  const cache = `--cache-dir=${path.join(tmp, 'mypy-cache')}`;
  const args = ['--no-pretty', '--no-error-summary', cache, 'src/click'];
  let out = await run('mypy', args, { env, cwd: tree });
  if (out.code > 1) {
    const loose = ['--config-file=/dev/null', '--ignore-missing-imports'];
    out = await run('mypy', [...loose, ...args], { env, cwd: tree });
  }
  return out.stdout
    .split('\n')
    .filter((l) => /: error: /.test(l))
    .map((l) => l.replace(/^([^:]+):\d+(:\d+)?:/, '$1:'));
}

async function measure(tree, tmp, env) {
  const out = await runOk('python3', [MEASURE_PY, 'docs', tree], { env });
  const { docs, broken } = JSON.parse(out);
  const help = await measureHelp(tree, env);
  const pytest = await runTests(tree, env);
  return {
    docs,
    broken,
    help,
    pytest,
    failing: pytest.failing,
    mypyErrors: await runMypy(tree, tmp, env),
  };
}

const docLines = (doc) =>
  (doc ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The longest common subsequence of two lists of lines: how many old lines survive, in order. */
function countKept(old, now) {
  let row = new Array(now.length + 1).fill(0);
  for (const line of old) {
    const next = [0];
    for (let j = 0; j < now.length; j++)
      next.push(line === now[j] ? row[j] + 1 : Math.max(row[j + 1], next[j]));
    row = next;
  }
  return row[now.length];
}

/** Lines of `after` (a multiset) not in `before`. */
function subtractLines(after, before) {
  const left = new Map();
  for (const l of before) left.set(l, (left.get(l) ?? 0) + 1);
  return after.filter((l) => {
    const n = left.get(l) ?? 0;
    left.set(l, n - 1);
    return n <= 0;
  });
}

function compare(before, after) {
  const lost = [];
  let added = 0;
  const commands = [];
  for (const [key, was] of Object.entries(before.docs)) {
    const now = after.docs[key];
    if (!now) continue;
    if (was.doc !== null) {
      const old = docLines(was.doc);
      const gone = old.length - countKept(old, docLines(now.doc));
      if (gone > 0) lost.push({ key, gone, of: old.length });
    } else if (now.doc !== null) added++;
    if (was.command && now.doc !== was.doc) commands.push(key);
  }
  const changedHelp = Object.keys(before.help).filter((k) => before.help[k] !== after.help[k]);
  return {
    lost: lost.sort((a, b) => b.gone - a.gone),
    added,
    commands,
    changedHelp,
    vanished: Object.keys(before.docs).filter((k) => !after.docs[k]),
    newFailures: after.failing.filter((id) => !before.failing.includes(id)),
    newMypy: subtractLines(after.mypyErrors, before.mypyErrors),
  };
}

// ---- main -------------------------------------------------------------------------------------

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('HEARTH_')),
);
const gitEnv = {
  ...inherited,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** click's HEAD as a fresh one-commit git work tree (hearth documents work trees only). */
async function checkOutClick(tree) {
  const head = (await runOk('git', ['--git-dir', clickGit, 'rev-parse', '--short', 'HEAD'])).trim();
  const extract = `mkdir -p "${tree}" && git --git-dir="${clickGit}" archive HEAD | tar -x -C "${tree}"`;
  await runOk('sh', ['-c', extract]);
  await runOk('git', ['init', '-q'], { cwd: tree, env: gitEnv });
  await runOk('git', ['add', '-A'], { cwd: tree, env: gitEnv });
  await runOk('git', ['commit', '-q', '-m', `click ${head}`], { cwd: tree, env: gitEnv });
  return head;
}

/** `hearth docstrings src examples --apply --json` in-process (no daemon in a fresh HEARTH_HOME). */
async function runHearth(tree, home, url) {
  const env = {
    ...gitEnv,
    HEARTH_HOME: home,
    HEARTH_LOCAL_URL: url,
    HEARTH_LOCAL_MODEL: 'bench-model',
  };
  const argv = [hearth, 'docstrings', 'src', 'examples', '--apply', '--json'];
  const started = performance.now();
  const out = await run(process.execPath, argv, { cwd: tree, env, timeoutMs: 60 * MINUTES });
  try {
    return { ...out, report: JSON.parse(out.stdout), ms: performance.now() - started };
  } catch {
    throw new Error(`hearth exited ${out.code} without JSON:\n${out.stderr}${out.stdout}`);
  }
}

function printFigures({ head, run: hearthRun, chats, before, after, diff, harm }) {
  const { report } = hearthRun;
  const applied = report.applied.filter((a) => a.applied).length;
  const tests = (p) => `${p.passed} passed, ${p.failed} failed, ${p.errors} errors`;
  const date = new Date().toISOString().slice(0, 10);
  console.log(`no harm: hearth docstrings src examples --apply on pallets/click ${head}, ${date}`);
  console.log(`hearth ${hearth}: exit ${hearthRun.code}, ${seconds(hearthRun.ms)}`);
  console.log(`model: ${hostile ? 'hostile' : 'plausible'} answers, ${chats} requests`);
  console.table({
    suggestions: report.suggestions.length,
    applied,
    'not applied': report.applied.length - applied,
    dropped: report.dropped.length,
    'skipped files': report.skipped.filter((s) => !s.symbol).length,
    'skipped: runtime-text docstrings': report.skipped.filter((s) => s.symbol).length,
    'updates of existing docs': report.suggestions.filter(
      (s) => before.docs[`${s.path}::${s.symbol}`]?.doc,
    ).length,
    'docs before (functions, classes)': Object.values(before.docs).filter((d) => d.doc !== null)
      .length,
    'docs added': diff.added,
    ...harm,
    'tests before': tests(before.pytest),
    'tests after': tests(after.pytest),
    'mypy errors before / after': `${before.mypyErrors.length} / ${after.mypyErrors.length}`,
    '--help outputs compared': Object.keys(before.help).length,
  });
  const reasons = new Map();
  for (const { reason } of report.dropped) {
    const short = reason.slice(0, 90);
    reasons.set(short, (reasons.get(short) ?? 0) + 1);
  }
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5))
    console.log(`dropped ${n}x: ${reason}`);
  for (const l of diff.lost.slice(0, 8)) console.log(`lost ${l.gone} of ${l.of} lines: ${l.key}`);
  for (const key of diff.commands.slice(0, 8)) console.log(`command doc added/changed: ${key}`);
  const first = diff.changedHelp[0];
  if (first) {
    const [was, now] = [before.help[first].split('\n'), after.help[first].split('\n')];
    const lines = [
      ...subtractLines(was, now).map((l) => `-  ${l}`),
      ...subtractLines(now, was).map((l) => `+  ${l}`),
    ];
    console.log(
      `first changed --help (of ${diff.changedHelp.length}): ${first}\n${lines.join('\n')}`,
    );
  }
  for (const id of diff.newFailures.slice(0, 5)) console.log(`new test failure: ${id}`);
  for (const line of diff.newMypy.slice(0, 5)) console.log(`new mypy error: ${line}`);
  for (const line of after.broken.slice(0, 5)) console.log(`does not parse: ${line}`);
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hearth-no-harm-'));
  const tree = path.join(tmp, 'click');
  const pyEnv = { ...gitEnv, PYTHONPATH: path.join(tree, 'src'), PYTHONDONTWRITEBYTECODE: '1' };
  const started = performance.now();
  const model = await startModelServer();
  try {
    const head = await checkOutClick(tree);
    console.error('measuring before...');
    const before = await measure(tree, tmp, pyEnv);
    console.error(`running ${hearth}...`);
    const hearthRun = await runHearth(tree, path.join(tmp, 'home'), model.url);
    console.error('measuring after...');
    const after = await measure(tree, tmp, pyEnv);
    const diff = compare(before, after);
    const harm = {
      'docs with lost lines': diff.lost.length,
      'doc lines lost': diff.lost.reduce((n, l) => n + l.gone, 0),
      'functions/classes gone': diff.vanished.length,
      'files that no longer parse': Math.max(0, after.broken.length - before.broken.length),
      'command/group docs added or changed': diff.commands.length,
      '--help outputs changed': diff.changedHelp.length,
      'new test failures': diff.newFailures.length,
      'new mypy errors': diff.newMypy.length,
    };
    printFigures({ head, run: hearthRun, chats: model.stats.chats, before, after, diff, harm });
    const harmful = Object.values(harm).some((n) => n > 0);
    const verdict = harmful ? 'HARM FOUND' : 'no harm found';
    console.log(`${verdict} (whole run ${seconds(performance.now() - started)})`);
    return harmful ? 1 : 0;
  } finally {
    model.server.close();
    if (argv.includes('--keep')) console.error(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((error) => {
  console.error(error.message);
  return 2;
});
