import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RepoInfo } from '../../src/repos/types.js';
import { waitForOpenSuggestions } from '../helpers/daemon.js';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * "Changed" means changed since HEAD, whenever it was changed: a new file staged at once, and
 * work done while no daemon watched (before `watch`, or while the daemon was stopped).
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const DOC =
  'Add two numbers.\n\nArgs:\n    a: The first term.\n    b: The second term.\n\nReturns:\n    The sum.';

async function docEnv() {
  const server = await startModelServer({ models: ['doc-model'], handler: () => ({ text: DOC }) });
  servers.push(server);
  return {
    HEARTH_LOCAL_URL: server.url,
    HEARTH_LOCAL_MODEL: 'doc-model',
    HEARTH_WATCH_SETTLE_MS: '100',
  };
}

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv(), encoding: 'utf8' });

const DOCUMENTED = 'def mul(a, b):\n    """Multiply two numbers."""\n    return a * b\n';

/** A repo with one committed, documented module. */
function committedRepo(): string {
  const repo = tempRepo();
  writeFileSync(path.join(repo, 'calc.py'), DOCUMENTED);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'calc');
  return repo;
}

interface Listed {
  suggestions: Array<{ symbol: string; path: string; current: boolean }>;
}

const waitForSuggestions = async (home: string, repo: string, symbols: string[]) => {
  await waitForOpenSuggestions(home, repo, symbols.length, 20_000);
  return waitFor(
    `suggestions for ${symbols.join(', ')}`,
    async () => {
      const { suggestions } = await hearthJson<Listed>(home, ['suggestions', '--json', repo]);
      const found = symbols.map((symbol) => suggestions.find((s) => s.symbol === symbol));
      return found.every(Boolean) ? found : undefined;
    },
    20_000,
  );
};

const repoStatus = async (home: string) =>
  (await hearthJson<{ repos: RepoInfo[] }>(home, ['repos', '--json'])).repos[0] as RepoInfo;

describe('changes since HEAD', () => {
  it('a new file staged within the settle window gets its docstring', async () => {
    const home = tempHome();
    const repo = committedRepo();
    await startDaemon(home, { env: await docEnv() });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);

    // Written and `git add`ed at once: the index already holds it when the pass reads it.
    writeFileSync(path.join(repo, 'fresh.py'), 'def add(a, b):\n    return a + b\n');
    git(repo, 'add', 'fresh.py');
    const [suggestion] = await waitForSuggestions(home, repo, ['add']);
    expect(suggestion).toMatchObject({ path: 'fresh.py', current: true });
  }, 60_000);

  it('uncommitted work is looked at once when the repository is watched', async () => {
    const home = tempHome();
    const repo = committedRepo();
    // Staged, unstaged and untracked, all before any daemon watched.
    writeFileSync(
      path.join(repo, 'calc.py'),
      `${DOCUMENTED}\n\ndef sub(a, b):\n    return a - b\n`,
    );
    writeFileSync(path.join(repo, 'staged.py'), 'def add(a, b):\n    return a + b\n');
    git(repo, 'add', 'staged.py');
    writeFileSync(path.join(repo, 'loose.py'), 'def neg(a, b):\n    return -a - b\n');
    await startDaemon(home, { env: await docEnv() });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);

    await waitForSuggestions(home, repo, ['sub', 'add', 'neg']);
    expect((await repoStatus(home)).lastPass).toMatchObject({ reason: 'start', files: 3 });
  }, 60_000);

  it('a change made while the daemon was stopped is looked at when it starts', async () => {
    const home = tempHome();
    const repo = committedRepo();
    const env = await docEnv();
    await startDaemon(home, { env });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    // Nothing uncommitted: the watch makes no pass.
    await new Promise((r) => setTimeout(r, 500));
    expect((await repoStatus(home)).passes ?? 0).toBe(0);
    expect((await hearth(home, ['stop'])).code).toBe(0);

    writeFileSync(
      path.join(repo, 'calc.py'),
      `${DOCUMENTED}\n\ndef sub(a, b):\n    return a - b\n`,
    );
    await startDaemon(home, { env });
    const [suggestion] = await waitForSuggestions(home, repo, ['sub']);
    expect(suggestion).toMatchObject({ path: 'calc.py', current: true });
  }, 60_000);
});
