import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  findWaitingForTrust,
  waitForOpenSuggestions,
  waitForTaskFinished,
} from '../helpers/daemon.js';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  homePaths,
  ROOT,
  startDaemon,
  tempDir,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import {
  type ModelServer,
  type RecordedRequest,
  startModelServer,
} from '../helpers/model-server.js';

/**
 * Fixes and hooks end to end: the configured check, the real daemon, a scripted local model,
 * hooks installed in a real repository, and real `git commit`s. The first test runs the real tsc;
 * the others a fake that prints tsc's diagnostic for the one mistake they make, in milliseconds.
 */

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const FAKE_TSC = path.join(ROOT, 'test', 'fixtures', 'fake-tsc', 'tsc.mjs');
const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const GOOD =
  'export function total(prices: number[]): number {\n  return prices.reduce((a, b) => a + b, 0);\n}\n';
const BROKEN = `${GOOD}\nexport function label(count: number): string {\n  const text: number = count + ' items';\n  return String(text);\n}\n`;
const FIX = [
  '<<<<<<< SEARCH',
  "  const text: number = count + ' items';",
  '=======',
  "  const text: string = count + ' items';",
  '>>>>>>> REPLACE',
].join('\n');
const NOT_A_FIX = [
  '<<<<<<< SEARCH',
  '  return String(text);',
  '=======',
  '  return String(text) + "";',
  '>>>>>>> REPLACE',
].join('\n');

function promptOf(request: RecordedRequest): { system: string; user: string } {
  const messages = (request.body as { messages: Array<{ role: string; content: string }> })
    .messages;
  return {
    system: messages.find((m) => m.role === 'system')?.content ?? '',
    user: messages
      .filter((m) => m.role !== 'system')
      .map((m) => m.content)
      .join('\n'),
  };
}

/** A local model that answers fix prompts with `fix` and doc prompts with a one-line doc. */
async function modelServer(fix = FIX): Promise<ModelServer> {
  const server = await startModelServer({
    models: ['m'],
    handler: (request) => {
      const { system } = promptOf(request);
      return { text: system.includes('SEARCH') ? fix : 'Make a label for a count.' };
    },
  });
  servers.push(server);
  return server;
}

const env = (server: ModelServer) => ({
  HEARTH_LOCAL_URL: server.url,
  HEARTH_LOCAL_MODEL: 'm',
  HEARTH_WATCH_SETTLE_MS: '100',
  HEARTH_FIXES_CHECK_DEBOUNCE_MS: '100',
});

/** Past the check debounce, the settle window and a check's start, with room to spare. */
const PAST_DEBOUNCE_MS = 1500;

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv(), encoding: 'utf8' });
}

/** A TypeScript repo whose check is `tsc` (the fake unless told); committed without errors. */
function typescriptRepo(extraConfig: Record<string, unknown> = {}, tsc = FAKE_TSC): string {
  const repo = tempRepo();
  writeFileSync(
    path.join(repo, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }),
  );
  execFileSync('mkdir', ['-p', path.join(repo, 'src')]);
  writeFileSync(
    path.join(repo, 'src', 'cart.ts'),
    GOOD.replace('export function', '/** Sum. */\nexport function'),
  );
  writeFileSync(
    path.join(repo, '.hearth.json'),
    JSON.stringify({
      checks: [{ name: 'types', command: `node ${tsc} -p .`, parser: 'tsc' }],
      ...extraConfig,
    }),
  );
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'start');
  return repo;
}

interface Listed {
  suggestions: Array<{
    id: string;
    kind: string;
    verified: boolean | null;
    location: string;
    doc: string;
    diff: string;
  }>;
}

/** `hearth watch`, which says the repo's checks wait for trust, then `hearth trust`. */
async function watchAndTrust(home: string, repo: string, tsc = FAKE_TSC): Promise<void> {
  const watched = await hearth(home, ['watch', repo]);
  expect(watched.stdout).toContain(`do not run until you trust them: hearth trust ${repo}`);
  const trusted = await hearth(home, ['trust', repo]);
  expect(trusted.code, trusted.stderr).toBe(0);
  expect(trusted.stdout).toContain(`types: node ${tsc} -p .  (verifies fixes`);
}

const listed = (home: string, repo: string) =>
  hearthJson<Listed>(home, ['suggestions', '--json', repo]).then((r) => r.suggestions);

describe('fixes from a configured check', () => {
  it('a type error on a changed line gets a verified fix; apply makes tsc pass', async () => {
    const home = tempHome();
    const repo = typescriptRepo({}, TSC);
    const server = await modelServer();
    await startDaemon(home, { env: env(server) });
    await watchAndTrust(home, repo, TSC);
    const file = path.join(repo, 'src', 'cart.ts');
    writeFileSync(
      file,
      BROKEN.replace('export function total', '/** Sum. */\nexport function total'),
    );

    await waitForTaskFinished(home, 'fix', 40_000);
    const fix = await waitFor(
      'a fix suggestion',
      async () => (await listed(home, repo)).find((s) => s.kind === 'fix'),
      40_000,
    );
    expect(fix.verified).toBe(true);
    expect(fix.location).toBe('src/cart.ts:7');
    expect(fix.doc).toContain('TS2322');
    const fixPrompt = server
      .chatRequests()
      .map(promptOf)
      .find((p) => p.system.includes('SEARCH'));
    expect(fixPrompt?.user).toContain('const text: number');
    expect(fixPrompt?.user).toContain('TS2322');

    const applied = await hearth(home, ['apply', fix.id]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('const text: string');
    expect(spawnSync('node', [TSC, '-p', '.'], { cwd: repo }).status).toBe(0);
  }, 90_000);

  it('a fix the checker does not confirm is kept, marked unverified', async () => {
    const home = tempHome();
    const repo = typescriptRepo();
    const server = await modelServer(NOT_A_FIX);
    await startDaemon(home, { env: env(server) });
    await watchAndTrust(home, repo);
    writeFileSync(path.join(repo, 'src', 'cart.ts'), `/** Sum. */\n${BROKEN}`);
    await waitForTaskFinished(home, 'fix', 40_000);
    const fix = await waitFor(
      'a fix suggestion',
      async () => (await listed(home, repo)).find((s) => s.kind === 'fix'),
      40_000,
    );
    expect(fix.verified).toBe(false);
    const shown = await hearth(home, ['suggestions', repo]);
    expect(shown.stdout).toContain('(unverified)');
  }, 90_000);
});

describe("trusting a repository's checks", () => {
  it('runs .hearth.json checks only once trusted, and a changed command only after trust again', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const marks = path.join(tempHome(), 'marks');
    const markCommand = (word: string) =>
      `node -e "require('fs').appendFileSync(process.argv[1], '${word}\\n')" ${marks}`;
    const configure = (word: string) =>
      writeFileSync(
        path.join(repo, '.hearth.json'),
        JSON.stringify({
          checks: [{ name: 'mark', command: markCommand(word), parser: 'generic' }],
        }),
      );
    configure('first');
    writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'start');
    const server = await modelServer();
    await startDaemon(home, { env: env(server) });
    await hearth(home, ['watch', repo]);
    const marked = () => (existsSync(marks) ? readFileSync(marks, 'utf8') : '');

    writeFileSync(path.join(repo, 'a.py'), 'x = 2\n');
    await new Promise((r) => setTimeout(r, PAST_DEBOUNCE_MS));
    expect(marked()).toBe('');
    const repos = await hearth(home, ['repos']);
    expect(repos.stdout).toContain(`do not run until you trust them: hearth trust ${repo}`);

    const trusted = await hearth(home, ['trust', repo]);
    expect(trusted.stdout).toContain(`mark: ${markCommand('first')}`);
    await waitFor('the daemon to read the trust', async () => !(await findWaitingForTrust(home)));
    writeFileSync(path.join(repo, 'a.py'), 'x = 3\n');
    await waitFor('the trusted check to run', () => marked().includes('first'), 20_000);
    expect((await hearth(home, ['repos'])).stdout).not.toContain('hearth trust');
    expect((await hearth(home, ['trust', repo])).stdout).toContain('trusted already');

    // A pull that changes the command: it waits for trust again.
    configure('second');
    await waitFor('the changed checks to need trust', () => findWaitingForTrust(home));
    writeFileSync(path.join(repo, 'a.py'), 'x = 4\n');
    await new Promise((r) => setTimeout(r, PAST_DEBOUNCE_MS));
    expect(marked()).not.toContain('second');
  }, 60_000);
});

describe('the check debounce', () => {
  it('runs the checks once saves have been quiet for fixes.checkDebounceMs, from the user config', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const marks = path.join(tempDir(), 'marks');
    writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'start');
    const command = `node -e "require('fs').appendFileSync(process.argv[1], 'ran\\n')" ${marks}`;
    execFileSync('mkdir', ['-p', path.dirname(homePaths(home).userConfig)]);
    writeFileSync(
      homePaths(home).userConfig,
      JSON.stringify({
        checks: [{ name: 'mark', command, parser: 'generic' }],
        fixes: { checkDebounceMs: 4000 },
      }),
    );
    const server = await modelServer();
    const { HEARTH_FIXES_CHECK_DEBOUNCE_MS: _short, ...withDefaultDebounce } = env(server);
    await startDaemon(home, { env: withDefaultDebounce });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    const marked = () => (existsSync(marks) ? readFileSync(marks, 'utf8') : '');

    writeFileSync(path.join(repo, 'a.py'), 'x = 2\n');
    // Past the 1.5 s default and the settle window: the check still waits for its 4 s.
    await new Promise((r) => setTimeout(r, 2500));
    expect(marked()).toBe('');
    await waitFor('the check to run', () => marked() === 'ran\n', 20_000);
  }, 60_000);
});

describe('a check that times out', () => {
  it('leaves the open fixes of that check alone: it reported nothing', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const slow = path.join(tempDir(), 'slow');
    // Reports the same error every time; sleeps past its time-out once `slow` exists.
    writeFileSync(
      path.join(repo, 'check.js'),
      `const fs = require('fs');\nif (fs.existsSync(${JSON.stringify(slow)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);\nconsole.log('a.py:1:1: error: x is bad');\nprocess.exit(1);\n`,
    );
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({
        checks: [{ name: 'c', command: 'node check.js', parser: 'generic', timeoutMs: 1500 }],
      }),
    );
    writeFileSync(path.join(repo, 'a.py'), 'x = 0\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'start');
    const server = await modelServer(
      ['<<<<<<< SEARCH', 'x = 1', '=======', 'x = 2', '>>>>>>> REPLACE'].join('\n'),
    );
    await startDaemon(home, { env: env(server) });
    await hearth(home, ['watch', repo]);
    expect((await hearth(home, ['trust', repo])).code).toBe(0);
    await waitFor('the trust', async () => !(await findWaitingForTrust(home)));
    writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
    await waitForTaskFinished(home, 'fix', 40_000);
    const fix = await waitFor(
      'a fix suggestion',
      async () => (await listed(home, repo)).find((s) => s.kind === 'fix'),
      40_000,
    );
    expect(fix.verified).toBe(false); // the check reports the error whatever the file says

    writeFileSync(slow, '');
    writeFileSync(path.join(repo, 'a.py'), 'x = 1\ny = 1\n');
    await waitFor(
      'the check to time out',
      () => readFileSync(homePaths(home).log, 'utf8').includes('"timedOut":true'),
      20_000,
    );
    expect((await listed(home, repo)).map((s) => s.id)).toContain(fix.id);
  }, 90_000);
});

describe('git hooks', () => {
  it('pre-commit shows the fix and the docstring for the staged file; the commit goes through', async () => {
    const home = tempHome();
    const repo = typescriptRepo();
    const server = await modelServer();
    await startDaemon(home, { env: env(server) });
    await watchAndTrust(home, repo);
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    writeFileSync(path.join(repo, 'src', 'cart.ts'), `/** Sum. */\n${BROKEN}`);
    await waitForOpenSuggestions(home, repo, 2, 40_000);
    await waitFor(
      'both suggestions',
      async () => {
        const kinds = (await listed(home, repo)).map((s) => s.kind).sort();
        return kinds.join() === 'docstring,fix';
      },
      40_000,
    );

    git(repo, 'add', 'src/cart.ts');
    const commit = spawnSync('git', ['-C', repo, 'commit', '-m', 'label'], {
      env: { ...gitTestEnv(), HEARTH_HOME: home },
      encoding: 'utf8',
    });
    expect(commit.status, commit.stderr).toBe(0);
    const output = commit.stdout + commit.stderr;
    expect(output).toMatch(/fix .*src\/cart\.ts:7.*\(verified\)/);
    expect(output).toMatch(/docstring .*label/);
    expect(output.indexOf('fix')).toBeLessThan(output.indexOf('docstring'));
    expect(output).toMatch(/hearth apply f[0-9a-f]{6}/);
  }, 90_000);

  it('with hooks.preCommit.block "errors", a commit whose staged content fails the check is refused', async () => {
    const home = tempHome();
    const repo = typescriptRepo({ hooks: { preCommit: { block: 'errors' } } });
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    // Only the staged content counts: the broken version is staged, the work tree is fixed after.
    const file = path.join(repo, 'src', 'cart.ts');
    writeFileSync(file, BROKEN);
    git(repo, 'add', 'src/cart.ts');
    writeFileSync(file, GOOD);
    // Not trusted yet: the repo's check does not run, and the commit says why.
    const untrusted = spawnSync('git', ['-C', repo, 'commit', '-m', 'untrusted'], {
      env: { ...gitTestEnv(), HEARTH_HOME: home },
      encoding: 'utf8',
    });
    expect(untrusted.status, untrusted.stderr).toBe(0);
    expect(untrusted.stderr).toContain(
      `checks in .hearth.json are not trusted (hearth trust ${repo})`,
    );
    git(repo, 'reset', '-q', '--soft', 'HEAD~1');
    expect((await hearth(home, ['trust', repo])).code).toBe(0);
    const refused = spawnSync('git', ['-C', repo, 'commit', '-m', 'broken'], {
      env: { ...gitTestEnv(), HEARTH_HOME: home },
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('commit refused');
    expect(refused.stderr).toMatch(/src\/cart\.ts:6:\d+ +TS2322/);
    expect(git(repo, 'log', '--oneline')).not.toContain('broken');

    git(repo, 'add', 'src/cart.ts');
    const passed = spawnSync('git', ['-C', repo, 'commit', '-m', 'fine'], {
      env: { ...gitTestEnv(), HEARTH_HOME: home },
      encoding: 'utf8',
    });
    expect(passed.status, passed.stderr).toBe(0);
  }, 90_000);

  it('commits go through when the daemon is down or its socket never answers', async () => {
    const home = tempHome();
    const repo = tempRepo();
    expect((await hearth(home, ['hooks', 'install', repo])).code).toBe(0);
    writeFileSync(path.join(repo, 'a.py'), 'def f():\n    return 1\n');
    git(repo, 'add', 'a.py');
    const down = spawnSync('git', ['-C', repo, 'commit', '-m', 'down'], {
      env: { ...gitTestEnv(), HEARTH_HOME: home },
      encoding: 'utf8',
    });
    expect(down.status, down.stderr).toBe(0);

    // A socket that accepts and never answers.
    execFileSync('mkdir', ['-p', path.dirname(homePaths(home).socket)]);
    const hung = net.createServer(() => {}).listen(homePaths(home).socket);
    try {
      writeFileSync(path.join(repo, 'a.py'), 'def f():\n    return 2\n');
      git(repo, 'add', 'a.py');
      const started = Date.now();
      const result = spawnSync('git', ['-C', repo, 'commit', '-m', 'hung'], {
        env: { ...gitTestEnv(), HEARTH_HOME: home },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.status, result.stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      hung.close();
    }
  }, 60_000);
});

describe('hearth fix -- COMMAND', () => {
  it('proposes a patch, verifies it by running the command on a scratch copy, and applies it', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(
      path.join(repo, 'lib.js'),
      'exports.add = function (a, b) {\n  return a - b;\n};\n',
    );
    writeFileSync(
      path.join(repo, 'check.js'),
      "const { add } = require('./lib.js');\nif (add(2, 2) !== 4) {\n  console.error('lib.js: add(2, 2) returned ' + add(2, 2));\n  process.exit(1);\n}\n",
    );
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'lib');
    const server = await startModelServer({
      models: ['m'],
      handler: () => ({
        text: 'lib.js\n<<<<<<< SEARCH\n  return a - b;\n=======\n  return a + b;\n>>>>>>> REPLACE',
      }),
    });
    servers.push(server);
    // `node check.js` runs the patched lib.js: the user lets it, for this repository.
    const optIn = await hearth(home, ['trust', '--verify-with-checks', repo]);
    expect(optIn.code, optIn.stderr).toBe(0);

    const dry = await hearth(home, ['fix', '--', 'node', 'check.js'], {
      cwd: repo,
      env: env(server),
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('-  return a - b;');
    expect(dry.stdout).toContain('+  return a + b;');
    expect(dry.stdout).toContain('verified: `node check.js` succeeds with the patch');
    expect(readFileSync(path.join(repo, 'lib.js'), 'utf8')).toContain('a - b');
    const prompt = promptOf(server.chatRequests()[0] as RecordedRequest).user;
    expect(prompt).toContain('add(2, 2) returned 0');
    expect(prompt).toContain('return a - b;');

    const applied = await hearth(home, ['fix', '--apply', '--', 'node', 'check.js'], {
      cwd: repo,
      env: env(server),
    });
    expect(applied.code, applied.stderr).toBe(0);
    expect(readFileSync(path.join(repo, 'lib.js'), 'utf8')).toContain('a + b');
    expect(spawnSync('node', ['check.js'], { cwd: repo }).status).toBe(0);
  }, 60_000);

  it('reports an unverified patch, and a passing command needs no fix', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(
      path.join(repo, 'lib.js'),
      'exports.add = function (a, b) {\n  return a - b;\n};\n',
    );
    writeFileSync(
      path.join(repo, 'check.js'),
      "if (require('./lib.js').add(2, 2) !== 4) { console.error('lib.js is wrong'); process.exit(1); }\n",
    );
    const server = await startModelServer({
      models: ['m'],
      handler: () => ({
        text: '<<<<<<< SEARCH\n  return a - b;\n=======\n  return b - a;\n>>>>>>> REPLACE',
      }),
    });
    servers.push(server);
    expect((await hearth(home, ['trust', '--verify-with-checks', repo])).code).toBe(0);
    const run = await hearth(home, ['fix', '--apply', '--', 'node', 'check.js'], {
      cwd: repo,
      env: env(server),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('unverified: `node check.js` still fails with the patch (exit 1)');
    expect(run.stderr).toContain('not applied');
    expect(readFileSync(path.join(repo, 'lib.js'), 'utf8')).toContain('a - b');

    const fine = await hearth(home, ['fix', '--', 'node', '-e', '0'], {
      cwd: repo,
      env: env(server),
    });
    expect(fine.code).toBe(0);
    expect(fine.stdout).toContain('nothing to fix');
  }, 60_000);
});
