import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  homePaths,
  ROOT,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * Principle 2 beyond code tokens, through the real CLI: fixture projects that pass mypy, tsc and
 * eslint still pass after `hearth docstrings --apply` documented everything it could, and the
 * symbols whose docstring is runtime text (click-style commands, routes, pydantic models) got none.
 */

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'runtime-safe');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
const ESLINT = path.join(ROOT, 'node_modules', '.bin', 'eslint');
const MYPY_ARGS = ['--warn-unused-ignores', '--disallow-untyped-defs', '--cache-dir=/dev/null'];
const DOC = 'Does the work.';

const hasMypy = spawnSync('mypy', ['--version']).status === 0;
if (!hasMypy) console.warn('skipped the mypy checks: mypy is not installed (apt-get install mypy)');

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

/** A local model that answers the same plausible one-line doc for every symbol. */
async function docServer(): Promise<ModelServer> {
  const server = await startModelServer({ models: ['doc-model'], handler: () => ({ text: DOC }) });
  servers.push(server);
  return server;
}

/** A repo holding the fixture projects, committed. */
function fixtureRepo(): string {
  const repo = tempRepo();
  // `.txt` keeps biome off the fixtures (it would fix the very directives under test).
  cpSync(FIXTURES, repo, { recursive: true });
  for (const file of ['src/legacy.ts', 'src/old.js', 'eslint.config.mjs']) {
    const at = path.join(repo, 'typescript', file);
    renameSync(`${at}.txt`, at);
  }
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'fixtures'], { env: gitTestEnv() });
  return repo;
}

/** A checker's exit code and output, run in `cwd`. */
function check(command: string, args: string[], cwd: string): { code: number; output: string } {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

function checkAll(repo: string): void {
  const ts = path.join(repo, 'typescript');
  if (hasMypy) {
    const mypy = check(
      'mypy',
      [...MYPY_ARGS, 'shapes.py', 'commands.py'],
      path.join(repo, 'python'),
    );
    expect(mypy.code, mypy.output).toBe(0);
  }
  const tsc = check(TSC, ['-p', 'tsconfig.json'], ts);
  expect(tsc.code, tsc.output).toBe(0);
  const eslint = check(ESLINT, ['src/old.js'], ts);
  expect(eslint.code, eslint.output).toBe(0);
}

interface Run {
  suggestions: Array<{ symbol: string; path: string }>;
  dropped: Array<{ symbol: string; path: string; reason: string }>;
  skipped: Array<{ path: string; symbol?: string; group?: string; reason: string }>;
  applied: Array<{ symbol: string; applied: boolean; message: string }>;
}

describe('hearth docstrings keeps what code does', () => {
  it('fixtures that pass mypy, tsc and eslint still pass after every doc is applied', async () => {
    const home = tempHome();
    const repo = fixtureRepo();
    checkAll(repo);
    const server = await docServer();
    const env = { HEARTH_LOCAL_URL: server.url, HEARTH_LOCAL_MODEL: 'doc-model' };
    const commandsBefore = readFileSync(path.join(repo, 'python', 'commands.py'), 'utf8');

    const plain = await hearth(home, ['docstrings', repo], { env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(
      'skipped 3 symbols whose docstring is runtime text: 1 click/typer commands, 1 route handlers, 1 pydantic models',
    );

    const run = await hearthJson<Run>(home, ['docstrings', '--json', '--apply', repo], { env });
    expect(run.applied.length).toBeGreaterThan(10);
    checkAll(repo);
    expect(run.skipped.filter((s) => s.symbol).map((s) => [s.path, s.symbol, s.group])).toEqual([
      ['python/commands.py', 'hello', 'click/typer commands'],
      ['python/commands.py', 'items', 'route handlers'],
      ['python/commands.py', 'Item', 'pydantic models'],
    ]);
    const prompts = server.chatRequests().map((r) => JSON.stringify(r.body));
    expect(prompts.some((p) => p.includes('def hello('))).toBe(false);
    expect(run.dropped).toEqual([
      expect.objectContaining({
        symbol: 'Square.label',
        reason: expect.stringContaining('carries the comment `# type: ignore[override]`'),
      }),
    ]);
    expect(run.applied.filter((a) => !a.applied)).toEqual([]);

    const shapes = readFileSync(path.join(repo, 'python', 'shapes.py'), 'utf8');
    expect(shapes).toContain('    def label(self) -> int: return 4  # type: ignore[override]\n');
    expect(shapes).toContain(
      'def scale(x, k):\n    # type: (int, int) -> int\n    """Does the work."""\n',
    );
    expect(shapes).toContain(
      '    """Does the work."""\n    # pylint: disable-next=no-member\n    return obj.name',
    );
    const commands = readFileSync(path.join(repo, 'python', 'commands.py'), 'utf8');
    for (const head of ['def hello(name: str) -> None:\n', 'def items() -> List[int]:\n']) {
      expect(commands).toContain(`${head}    ${head.startsWith('def hello') ? 'print' : 'return'}`);
    }
    expect(commands).toContain('class Item(BaseModel):\n    name: str = ""\n');
    expect(commands).not.toBe(commandsBefore);
    const legacy = readFileSync(path.join(repo, 'typescript', 'src', 'legacy.ts'), 'utf8');
    expect(legacy).toContain(
      '/** Does the work. */\n// @ts-expect-error -- an untyped parameter, kept on purpose\nexport function legacy(a) {',
    );
    expect(legacy).toContain(
      '/** Does the work. */\n// eslint-disable-next-line no-unused-vars\nexport function unusedParameter(',
    );
    const old = readFileSync(path.join(repo, 'typescript', 'src', 'old.js'), 'utf8');
    expect(old).toContain('/** Does the work. */\n// eslint-disable-next-line no-unused-vars\n');
    expect(old).toContain('  return a + 1; // eslint-disable-line no-magic-numbers\n');
  }, 120_000);
});

describe('the daemon keeps runtime docstrings', () => {
  it('queues no task for a click command or a route, and logs why', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const server = await docServer();
    await startDaemon(home, {
      env: {
        HEARTH_LOCAL_URL: server.url,
        HEARTH_LOCAL_MODEL: 'doc-model',
        HEARTH_WATCH_SETTLE_MS: '100',
      },
    });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    writeFileSync(
      path.join(repo, 'cli.py'),
      '@cli.command()\ndef hello():\n    pass\n\n\n@app.post("/items")\ndef add_item():\n    pass\n\n\ndef plain():\n    pass\n',
    );
    await waitFor(
      'a suggestion for plain',
      async () => {
        const listed = await hearthJson<{ suggestions: Array<{ symbol: string }> }>(home, [
          'suggestions',
          '--json',
          repo,
        ]);
        return listed.suggestions.find((s) => s.symbol === 'plain');
      },
      20_000,
    );
    const prompts = server.chatRequests().map((r) => JSON.stringify(r.body));
    expect(prompts).toHaveLength(1);
    const log = readFileSync(homePaths(home).log, 'utf8')
      .split('\n')
      .filter((line) => line.includes('docstring skipped'))
      .map((line) => JSON.parse(line) as { symbol: string; reason: string });
    expect(log.map((entry) => [entry.symbol, entry.reason])).toEqual([
      ['hello', 'its docstring is the --help text of a click/typer command'],
      ['add_item', 'its docstring is the OpenAPI description of a web route'],
    ]);
  }, 60_000);
});
