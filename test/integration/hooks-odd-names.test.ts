import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStoreFeedingHooks } from '../../src/suggestions/hook-export.js';
import type { NewSuggestion } from '../../src/suggestions/store.js';
import { cleanup, tempDir } from '../helpers/hearth.js';
import { commit, installHooks, isolateGit, makeRepo, stage } from './hooks-helpers.js';

/**
 * Issue 14, item 13: the pre-commit hook finds the suggestions of staged files whatever their
 * names hold (a tab, a newline, an escape sequence), from the file the daemon writes, and shows
 * those names quoted, never as raw control characters.
 */

beforeAll(isolateGit);
afterEach(cleanup);

const NAMES = ['tab\there.py', 'new\nline.py', '\u001b[2Jclear.py', 'plain é.py'];

const suggestion = (repo: string, rel: string, doc: string): NewSuggestion => ({
  kind: 'docstring',
  repo,
  path: rel,
  symbol: 'f',
  bodyHash: `body-${rel}`,
  baseHash: 'base',
  doc,
  style: 'google',
  diff: '',
  after: '',
  taskId: null,
});

describe('pre-commit hook and odd file names', () => {
  it('shows the suggestions of staged files named with a tab, a newline or an escape', async () => {
    const repo = makeRepo();
    await installHooks(repo);
    const store = openStoreFeedingHooks(path.join(tempDir(), 'suggestions.sqlite'), () => true);
    const ids = new Map<string, string>();
    for (const name of NAMES) {
      mkdirSync(path.join(repo, 'src'), { recursive: true });
      stage(repo, `src/${name}`, 'def f():\n    pass\n');
      ids.set(
        name,
        store.add(suggestion(repo, `src/${name}`, `Doc \u001b]0;title\u0007 ${name}`)).id,
      );
    }
    store.close();

    const result = commit(repo);
    expect(result.status).toBe(0);
    expect(result.output).toContain('hearth: 4 suggestions for staged files');
    for (const id of ids.values()) expect(result.output).toContain(`hearth apply ${id}`);
    expect(result.output).toContain('"src/tab\\there.py"');
    expect(result.output).toContain('"src/new\\nline.py"');
    expect(result.output).toContain('"src/\\x1b[2Jclear.py"');
    expect(result.output).toContain('src/plain é.py');
    expect(result.output).toContain('Doc \\x1b]0;title\\x07');
    const controls = [...result.output].filter((c) => c < ' ' && c !== '\n' && c !== '\t');
    expect(controls).toEqual([]);
  });
});
