import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHomeId, hookStateDirIn } from '../../src/service/hook-state.js';
import { listDaemonRepos, waitForOpenSuggestions, waitForTrustRead } from '../helpers/daemon.js';
import {
  CLI,
  hearth,
  hearthEnv,
  hearthJson,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import type { RecordedRequest } from '../helpers/model-server.js';
import {
  ADD,
  afterDocstringTest,
  CALC,
  codeShape,
  commitAll,
  docServer,
  env,
  promptOf,
} from './docstrings-helpers.js';

/**
 * Docstrings end to end: the real daemon watching a real repo, a scripted local model answering,
 * suggestions listed, applied, refused and rejected through the CLI. What any model answer may
 * not do to code is in docstrings-adversarial.test.ts.
 */

afterEach(afterDocstringTest);

interface Listed {
  suggestions: Array<{
    id: string;
    symbol: string;
    path: string;
    doc: string;
    diff: string;
    current: boolean;
    status: string;
  }>;
}

const listSuggestions = (home: string, repo: string) =>
  hearthJson<Listed>(home, ['suggestions', '--json', repo]).then((r) => r.suggestions);

async function waitForSuggestion(home: string, repo: string, symbol: string) {
  await waitForOpenSuggestions(home, repo, 1, 20_000);
  return waitFor(
    `a suggestion for ${symbol}`,
    async () => (await listSuggestions(home, repo)).find((s) => s.symbol === symbol),
    20_000,
  );
}

/** A committed calc.py in a repository the daemon watches, with a documenting local model. */
async function watchedCalcRepo() {
  const home = tempHome();
  const repo = tempRepo();
  const file = path.join(repo, 'calc.py');
  writeFileSync(file, CALC);
  commitAll(repo);
  const server = await docServer();
  await startDaemon(home, { env: env(server) });
  expect((await hearth(home, ['watch', repo])).code).toBe(0);
  return { home, repo, file, server };
}

describe('docstrings from the daemon', () => {
  it('suggests a verified docstring for a new undocumented function; apply writes it', async () => {
    const { home, repo, file, server } = await watchedCalcRepo();

    writeFileSync(file, CALC + ADD);
    const suggestion = await waitForSuggestion(home, repo, 'add');
    expect(suggestion.current).toBe(true);
    expect(suggestion.doc).toContain('Args:');
    // The prompt held the function, in the house style, and not the other function's body.
    const [request] = server.chatRequests();
    const prompt = promptOf(request as RecordedRequest);
    expect(prompt).toContain('def add(a, b): return a + b');
    expect(prompt).not.toContain('return a * b');
    expect(prompt).toMatch(/Google/i);

    // The stored diff is one git accepts as it is.
    const patch = path.join(home, 'add.patch');
    writeFileSync(patch, suggestion.diff);
    execFileSync('git', ['-C', repo, 'apply', '--check', patch]);

    const status = await hearthJson<{ repos: Array<{ suggestions?: number }> }>(home, [
      'status',
      '--json',
    ]);
    expect(status.repos[0]?.suggestions).toBe(1);
    expect((await hearth(home, ['repos'])).stdout).toContain('1 open suggestion');
    // The hooks' copy of the open suggestions, read at commit time without Node.
    const tsv = readFileSync(hookTsv(home, repo), 'utf8');
    expect(tsv).toBe(`docstring\tcalc.py\t${suggestion.id}\t\tadd\tAdd two numbers.\tcalc.py\n`);

    const before = codeShape(file);
    const applied = await hearth(home, ['apply', suggestion.id]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`applied ${suggestion.id}`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('def add(a, b):\n    """Add two numbers.\n');
    expect(text).toContain('    return a + b\n');
    expect(codeShape(file)).toBe(before);
    expect(await listSuggestions(home, repo)).toEqual([]);
    expect(readFileSync(hookTsv(home, repo), 'utf8')).toBe('');
  }, 60_000);

  it('an unchanged re-save makes no model request', async () => {
    const { home, repo, file, server } = await watchedCalcRepo();
    writeFileSync(file, CALC + ADD);
    await waitForSuggestion(home, repo, 'add');
    expect(server.chatRequests()).toHaveLength(1);

    const passes = async () => (await listDaemonRepos(home))[0]?.passes ?? 0;
    const before = await passes();
    // The same bytes written again, and an edit that touches only the documented function's doc.
    writeFileSync(file, CALC + ADD);
    await waitFor('the re-save to be analysed', async () => (await passes()) > before, 10_000);
    writeFileSync(
      file,
      CALC.replace('Multiply two numbers.', 'Multiply two numbers together.') + ADD,
    );
    await waitFor('the doc edit to be analysed', async () => (await passes()) > before + 1, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(server.chatRequests()).toHaveLength(1);
  }, 60_000);

  it('apply refuses a suggestion whose file was edited since, and the edit survives', async () => {
    const { home, repo, file } = await watchedCalcRepo();
    writeFileSync(file, CALC + ADD);
    const suggestion = await waitForSuggestion(home, repo, 'add');
    // Stopped, so that nothing follows the edit: the CLI alone must refuse.
    expect((await hearth(home, ['stop'])).code).toBe(0);

    const edited = `${CALC + ADD}\nLIMIT = 10\n`;
    writeFileSync(file, edited);
    const listed = await listSuggestions(home, repo);
    expect(listed.find((s) => s.id === suggestion.id)?.current).toBe(false);
    const applied = await hearth(home, ['apply', suggestion.id]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/calc\.py changed since suggestion .* was made/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  }, 60_000);

  it('follows the file: an edit elsewhere carries the suggestion along, an edit of the symbol supersedes it', async () => {
    const { home, repo, file } = await watchedCalcRepo();
    writeFileSync(file, CALC + ADD);
    const first = await waitForSuggestion(home, repo, 'add');

    // An edit elsewhere: the same suggestion now applies to the new content.
    writeFileSync(file, `${CALC + ADD}\nLIMIT = 10\n`);
    await waitFor('the suggestion to follow the edit', async () => {
      const [s] = await listSuggestions(home, repo);
      return s?.id === first.id && s.current;
    });
    // The function itself edited: the old suggestion is superseded by a new task's.
    writeFileSync(file, `${CALC}\n\ndef add(a, b): return b + a\n\nLIMIT = 10\n`);
    const second = await waitFor(
      'a new suggestion',
      async () => {
        const [s] = await listSuggestions(home, repo);
        return s && s.id !== first.id ? s : undefined;
      },
      20_000,
    );
    const refused = await hearth(home, ['apply', first.id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('superseded');
    const applied = await hearth(home, ['apply', second.id]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('return b + a');
  }, 60_000);

  it('a stale doc gets only its new entry, and the suggestion follows an edit elsewhere', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const file = path.join(repo, 'calc.py');
    writeFileSync(file, CALC);
    commitAll(repo);
    const server = await docServer(() => 'Scales.\n\nArgs:\n    scale: How much to scale by.');
    await startDaemon(home, { env: env(server) });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);

    const stale = CALC.replace('def mul(a, b):', 'def mul(a, b, scale=1):').replace(
      'return a * b',
      'return a * b * scale',
    );
    writeFileSync(file, stale);
    const first = await waitForSuggestion(home, repo, 'mul');
    // An edit elsewhere: the open update is rebuilt from its stored doc on the new content.
    writeFileSync(file, `${stale}\nLIMIT = 10\n`);
    await waitFor('the suggestion to follow the edit', async () => {
      const [s] = await listSuggestions(home, repo);
      return s?.id === first.id && s.current;
    });
    const applied = await hearth(home, ['apply', first.id]);
    expect(applied.code, applied.stderr).toBe(0);
    const updated = stale.replace(
      '        b: The second factor.\n',
      '        b: The second factor.\n        scale: How much to scale by.\n',
    );
    expect(readFileSync(file, 'utf8')).toBe(`${updated}\nLIMIT = 10\n`);
  }, 60_000);

  it('auto mode from .hearth.json waits for hearth trust; then it writes, keeping mode and CRLF', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const file = path.join(repo, 'tool.py');
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    writeFileSync(file, crlf(CALC));
    chmodSync(file, 0o755);
    writeFileSync(
      path.join(repo, '.hearth.json'),
      JSON.stringify({ docstrings: { mode: 'auto' } }),
    );
    commitAll(repo);
    const server = await docServer();
    await startDaemon(home, { env: env(server) });
    const watched = await hearth(home, ['watch', repo]);
    expect(watched.stdout).toContain(`until you trust them: hearth trust ${repo}`);

    // A clone's .hearth.json alone does not make hearth write into files: a suggestion only.
    writeFileSync(file, crlf(CALC + ADD));
    await waitForSuggestion(home, repo, 'add');
    expect(readFileSync(file, 'utf8')).toBe(crlf(CALC + ADD));

    const trusted = await hearth(home, ['trust', repo]);
    expect(trusted.stdout).toContain(
      'docstrings.mode = "auto" (hearth writes docstrings into files by itself)',
    );
    await waitForTrustRead(home);
    writeFileSync(file, crlf(`${CALC}${ADD}\n\ndef sub(a, b): return a - b\n`));
    const text = await waitFor(
      'the docstring in the file',
      () => {
        const now = readFileSync(file, 'utf8');
        return now.includes('def sub(a, b):\r\n    """') ? now : undefined;
      },
      20_000,
    );
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('def sub(a, b):\r\n    """Add two numbers.\r\n');
    expect(statSync(file).mode & 0o777).toBe(0o755);
  }, 60_000);
});

describe('hearth docstrings', () => {
  it('documents a tree without a daemon; reject keeps a symbol from being asked again', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(path.join(repo, 'calc.py'), CALC + ADD);
    writeFileSync(
      path.join(repo, 'shapes.ts'),
      'export function area(w: number, h: number): number {\n  return w * h;\n}\n',
    );
    commitAll(repo);
    const server = await docServer((prompt) =>
      prompt.includes('area')
        ? 'Compute an area.\n\n@param w - The width.\n@param h - The height.'
        : 'Add two numbers.',
    );
    const run = await hearthJson<{
      suggestions: Array<{ id: string; symbol: string; path: string }>;
      dropped: unknown[];
    }>(home, ['docstrings', '--json', repo], { env: env(server) });
    expect(run.suggestions.map((s) => `${s.path} ${s.symbol}`).sort()).toEqual([
      'calc.py add',
      'shapes.ts area',
    ]);
    expect(server.chatRequests()).toHaveLength(2);
    const area = run.suggestions.find((s) => s.symbol === 'area') as { id: string };
    expect((await hearth(home, ['reject', area.id])).code).toBe(0);

    const again = await hearthJson<{ suggestions: Array<{ symbol: string }> }>(
      home,
      ['docstrings', '--json', '--apply', repo],
      { env: env(server) },
    );
    // `area` was rejected; `add`'s open suggestion is reused without asking the model again.
    expect(again.suggestions.map((s) => s.symbol)).toEqual(['add']);
    expect(server.chatRequests()).toHaveLength(2);
    expect(readFileSync(path.join(repo, 'calc.py'), 'utf8')).toContain('"""Add two numbers."""');
    expect(readFileSync(path.join(repo, 'shapes.ts'), 'utf8')).not.toContain('/**');
  }, 60_000);

  it('goes through the daemon queue when a daemon runs', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(path.join(repo, 'calc.py'), CALC + ADD);
    commitAll(repo);
    const server = await docServer();
    await startDaemon(home, { env: env(server) });
    const run = await hearth(home, ['docstrings', '--apply', repo]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('calc.py  add  -> d');
    expect(run.stdout).toContain('1 docstring suggested, 0 dropped, 1 applied');
    const queue = await hearthJson<{ tasks: Array<{ kind: string; status: string }> }>(home, [
      'queue',
      '--json',
    ]);
    expect(queue.tasks).toEqual([expect.objectContaining({ kind: 'docstring', status: 'done' })]);
    expect(readFileSync(path.join(repo, 'calc.py'), 'utf8')).toContain('"""Add two numbers.');
  }, 60_000);

  // `script` (util-linux, in every Debian) gives the command a real terminal to ask on. Run
  // without blocking: the scripted model answers from this process.
  it.skipIf(process.platform !== 'linux')(
    'asks first on a terminal before more than 300 model requests; no, and nothing is asked of the model',
    async () => {
      const home = tempHome();
      const repo = tempRepo();
      const many = Array.from({ length: 301 }, (_, i) => `def f${i}(a):\n    return a\n`);
      writeFileSync(path.join(repo, 'many.py'), many.join('\n\n'));
      writeFileSync(path.join(repo, 'small.py'), 'def g(a):\n    return a\n');
      const server = await docServer();
      const onTerminal = (target: string, answer: string) =>
        new Promise<string>((resolve) => {
          const command = [process.execPath, CLI, 'docstrings', target].join(' ');
          const child = spawn('script', ['-qc', command, '/dev/null'], {
            env: hearthEnv(home, env(server)),
          });
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += String(chunk);
          });
          child.on('close', () => resolve(out));
          child.stdin.end(answer);
        });
      const declined = await onTerminal(path.join(repo, 'many.py'), 'n\n');
      expect(declined).toContain(
        'document 301 symbols in 1 files? that is 301 local model requests [y/N]',
      );
      expect(declined).toContain('nothing was asked of the model');
      expect(server.chatRequests()).toHaveLength(0);
      // A small run asks nothing, on a terminal too.
      const small = await onTerminal(path.join(repo, 'small.py'), '\n');
      expect(small).not.toContain('[y/N]');
      expect(server.chatRequests()).toHaveLength(1);
    },
    60_000,
  );

  it('documents both namesakes in the branches of an if, through the daemon, neither replacing the other', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(
      path.join(repo, 'paths.py'),
      'import sys\n\nif sys.platform == "win32":\n    def home(a):\n        return a + "\\\\"\nelse:\n    def home(a):\n        return a + "/"\n',
    );
    const server = await docServer(
      () => 'Add the separator.\n\nArgs:\n    a: The path.\n\nReturns:\n    The path with it.',
    );
    await startDaemon(home, { env: env(server) });
    const run = await hearthJson<{ suggestions: Array<{ symbol: string }> }>(home, [
      'docstrings',
      '--json',
      repo,
    ]);
    expect(run.suggestions.map((s) => s.symbol)).toEqual(['home', 'home']);
    const open = await listSuggestions(home, repo);
    expect(open.filter((s) => s.status === 'open')).toHaveLength(2);
  }, 60_000);

  it('says what to do when no local model answers', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(path.join(repo, 'calc.py'), CALC + ADD);
    const run = await hearth(home, ['docstrings', repo], {
      env: { HEARTH_LOCAL_URL: 'http://127.0.0.1:9/v1', HEARTH_LOCAL_MODEL: 'm' },
    });
    expect(run.stdout + run.stderr).toMatch(/127\.0\.0\.1:9/);
    expect(readFileSync(path.join(repo, 'calc.py'), 'utf8')).toBe(CALC + ADD);
  }, 60_000);
});

describe('a stale doc someone wrote', () => {
  const RICH = [
    'def mul(a, b, scale=1, *args, **kwargs):',
    '    """Multiply two numbers, then scale the product.',
    '',
    '    The product is exact for integers.',
    '',
    '    Args:',
    '        a: The first factor.',
    '        b: The second factor,',
    '            never zero.',
    '        rounding: Gone now.',
    '',
    '    Returns:',
    '        The product.',
    '',
    '    Examples:',
    '        >>> mul(2, 3)',
    '        6',
    '',
    '    .. versionchanged:: 2.0',
    '        Added ``scale``.',
    '    """',
    '    return a * b * scale',
    '',
  ].join('\n');

  it('gets only its new entry and loses only the entry of a parameter that is gone', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const file = path.join(repo, 'calc.py');
    writeFileSync(file, RICH);
    commitAll(repo);
    // The model rewrites everything and drops the prose: only its entry for `scale` is used.
    const server = await docServer(
      () =>
        'Multiplies.\n\nArgs:\n    a: A.\n    scale (int): How much to scale by.\n    c: Not there.',
    );
    const run = await hearthJson<{
      suggestions: Array<{ id: string; symbol: string; diff: string; doc: string }>;
      dropped: unknown[];
    }>(home, ['docstrings', '--json', file], { env: env(server) });
    expect(run.dropped).toEqual([]);
    expect(run.suggestions.map((s) => s.symbol)).toEqual(['mul']);
    const [suggestion] = run.suggestions;
    const changed = (suggestion?.diff ?? '').split('\n').filter((l) => /^[-+](?![-+])/.test(l));
    expect(changed).toEqual([
      '-        rounding: Gone now.',
      '+        scale (int): How much to scale by.',
    ]);
    expect(promptOf(server.chatRequests()[0] as RecordedRequest)).toMatch(/every parameter/);
    expect((await hearth(home, ['apply', suggestion?.id ?? ''])).code).toBe(0);
    const expected = RICH.replace('        rounding: Gone now.\n', '').replace(
      '            never zero.\n',
      '            never zero.\n        scale (int): How much to scale by.\n',
    );
    expect(readFileSync(file, 'utf8')).toBe(expected);
  }, 60_000);
});

/** The daemon's copy of a repo's suggestions for the hooks: under its home's state folder. */
function hookTsv(home: string, repo: string): string {
  return path.join(
    hookStateDirIn(path.join(repo, '.git'), buildHomeId(path.join(home, 'data'))),
    'suggestions.tsv',
  );
}
