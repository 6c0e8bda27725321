import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveGitDirSync } from '../../../src/repos/git.js';
import { ensureHookStateDir, hookStateDir } from '../../../src/service/hook-state.js';
import { openStoreFeedingHooks } from '../../../src/suggestions/hook-export.js';
import type { NewDocstringSuggestion } from '../../../src/suggestions/store.js';
import { cleanup, tempDir, tempHome, tempRepo, waitFor } from '../../helpers/hearth.js';

/**
 * The hook file the daemon keeps (`<git-dir>/hearth/<home-id>/suggestions.tsv`), in a real
 * repository: a burst of suggestions written once, and nothing held back at close.
 */

const outside = process.env.HEARTH_HOME;
beforeEach(() => {
  process.env.HEARTH_HOME = tempHome();
});
afterEach(() => {
  if (outside === undefined) delete process.env.HEARTH_HOME;
  else process.env.HEARTH_HOME = outside;
  cleanup();
});

function hookedRepo(): { repo: string; tsv: string } {
  const repo = tempRepo();
  ensureHookStateDir(resolveGitDirSync(repo) as string);
  return { repo, tsv: path.join(hookStateDir(repo) as string, 'suggestions.tsv') };
}

const doc = (repo: string, i: number): NewDocstringSuggestion => ({
  kind: 'docstring',
  repo,
  path: `src/f${i}.py`,
  symbol: `f${i}`,
  bodyHash: `body-${i}`,
  baseHash: `base-${i}`,
  doc: `Do thing ${i}.`,
  style: 'google',
  diff: '',
  after: '',
  taskId: null,
});

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('openStoreFeedingHooks', () => {
  it('with a window, writes the first change at once and the rest of a burst once, at its end', async () => {
    const { repo, tsv } = hookedRepo();
    const store = openStoreFeedingHooks(path.join(tempDir(), 's.sqlite'), () => true, {
      windowMs: 150,
    });
    try {
      store.add(doc(repo, 0));
      // After a quiet spell: at once, for the hook of a commit that follows.
      expect(lines(tsv)).toHaveLength(1);
      for (let i = 1; i < 30; i++) store.add(doc(repo, i));
      // The rest of the burst is held: not twenty-nine more rewrites of the whole file.
      expect(lines(tsv)).toHaveLength(1);
      await waitFor('the burst in the hook file', () => lines(tsv).length === 30);
    } finally {
      store.close();
    }
  });

  it('writes what it held back when the store closes', () => {
    const { repo, tsv } = hookedRepo();
    const store = openStoreFeedingHooks(path.join(tempDir(), 's.sqlite'), () => true, {
      windowMs: 60_000,
    });
    store.add(doc(repo, 1));
    store.add(doc(repo, 2));
    expect(lines(tsv)).toHaveLength(1);
    store.close();
    expect(lines(tsv).map((l) => l.split('\t')[1])).toEqual(['src/f1.py', 'src/f2.py']);
  });

  it('without a window (the CLI), writes at each change', () => {
    const { repo, tsv } = hookedRepo();
    const store = openStoreFeedingHooks(path.join(tempDir(), 's.sqlite'), () => true);
    try {
      store.add(doc(repo, 1));
      expect(lines(tsv)).toHaveLength(1);
      store.add(doc(repo, 2));
      expect(lines(tsv)).toHaveLength(2);
    } finally {
      store.close();
    }
  });
});
