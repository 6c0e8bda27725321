import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/suggestions/apply.js';
import {
  type NewDocstringSuggestion,
  type NewFixSuggestion,
  type NewSuggestion,
  type Suggestion,
  SuggestionStore,
} from '../../src/suggestions/store.js';
import { cleanup, hearth, tempHome, tempRepo } from '../helpers/hearth.js';

/**
 * What `hearth apply` writes: `--all` what cannot hurt (new docs, parameter updates), leaving
 * what changes code or rewrites a person's doc for the user to apply by id; and only inside the
 * work tree, never through a symlink. The suggestions are put in the real store directly: how
 * they were made is not what these tests are about.
 */

afterEach(cleanup);

const BEFORE = 'def add(a, b):\n    return a + b\n';
const DOCUMENTED = 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n';

function suggestionFor(
  repo: string,
  file: string,
  over: Partial<NewDocstringSuggestion> = {},
): NewDocstringSuggestion {
  return {
    kind: 'docstring',
    repo,
    path: file,
    symbol: 'add',
    bodyHash: 'body',
    baseHash: sha256(BEFORE),
    doc: 'Add two numbers.',
    style: 'google',
    diff: `--- a/${file}\n+++ b/${file}\n`,
    after: DOCUMENTED,
    taskId: null,
    ...over,
  };
}

/** A fix of `file` that would make it DOCUMENTED. */
function fixFor(repo: string, file: string): NewFixSuggestion {
  const { symbol: _s, bodyHash: _b, doc: _d, style: _st, ...common } = suggestionFor(repo, file);
  return {
    ...common,
    kind: 'fix',
    fingerprint: 'body',
    check: 'tsc',
    message: 'Add two numbers.',
    location: `${file}:1`,
    verified: false,
    edits: [],
  };
}

/** The home's suggestion store, holding these suggestions; returns them as stored. */
function storeSuggestions(home: string, suggestions: NewSuggestion[]) {
  mkdirSync(path.join(home, 'data'), { recursive: true });
  const store = SuggestionStore.open(path.join(home, 'data', 'suggestions.sqlite'));
  const added = suggestions.map((s) => store.add(s));
  store.close();
  return added;
}

describe('hearth apply --all', () => {
  it('applies new docs, and names the fixes and cautioned suggestions that need their id', async () => {
    const home = tempHome();
    const repo = tempRepo();
    for (const name of ['new.py', 'fixed.py', 'rewritten.py']) {
      writeFileSync(path.join(repo, name), BEFORE);
    }
    const [doc, fix, cautioned] = storeSuggestions(home, [
      suggestionFor(repo, 'new.py'),
      fixFor(repo, 'fixed.py'),
      suggestionFor(repo, 'rewritten.py', { caution: 'rewrites an existing doc' }),
    ]) as [Suggestion, Suggestion, Suggestion];

    const all = await hearth(home, ['apply', '--all'], { cwd: repo });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(`applied ${doc.id}`);
    expect(all.stdout).toContain(
      `left 1 for you to apply by id (a fix changes code): hearth apply ${fix.id}`,
    );
    expect(all.stdout).toContain(
      `left 1 for you to apply by id (rewrites an existing doc): hearth apply ${cautioned.id}`,
    );
    expect(readFileSync(path.join(repo, 'new.py'), 'utf8')).toBe(DOCUMENTED);
    expect(readFileSync(path.join(repo, 'fixed.py'), 'utf8')).toBe(BEFORE);
    expect(readFileSync(path.join(repo, 'rewritten.py'), 'utf8')).toBe(BEFORE);

    const listed = await hearth(home, ['suggestions', repo]);
    expect(listed.stdout).toContain('only by its id: rewrites an existing doc');

    // Named, it is the user's decision.
    const byId = await hearth(home, ['apply', cautioned.id], { cwd: repo });
    expect(byId.code, byId.stderr).toBe(0);
    expect(readFileSync(path.join(repo, 'rewritten.py'), 'utf8')).toBe(DOCUMENTED);
  });
});

describe('hearth apply and paths from the store', () => {
  it.each([
    ['../x.py', 'x.py', 'outside the repository'],
    ['linked/x.py', 'x.py', 'is under the symlink linked'],
  ])('refuses %s and writes nothing outside', async (stored, outsideName, reason) => {
    const home = tempHome();
    const repo = tempRepo();
    const outside = path.dirname(repo);
    const victim = path.join(outside, outsideName);
    writeFileSync(victim, BEFORE);
    symlinkSync(outside, path.join(repo, 'linked'));
    const [s] = storeSuggestions(home, [suggestionFor(repo, stored)]) as [Suggestion];

    const run = await hearth(home, ['apply', s.id], { cwd: repo });
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain(reason);
    expect(readFileSync(victim, 'utf8')).toBe(BEFORE);
  });
});

describe('hearth apply and long names (issue 14, item 13)', () => {
  it('applies to a 250-byte name and to a path near PATH_MAX, and leaves no temp file', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const long = `${'n'.repeat(250)}.py`;
    // Folders of 200 bytes down to about 4,000 bytes, then a name that brings it near 4,095.
    let deep = '';
    while (path.join(repo, deep).length < 3800) deep = path.join(deep, 'd'.repeat(200));
    mkdirSync(path.join(repo, deep), { recursive: true });
    const name = `${'x'.repeat(4090 - path.join(repo, deep).length - 1 - 3)}.py`;
    const deepFile = path.join(deep, name);
    expect(path.join(repo, deepFile).length).toBe(4090);
    for (const rel of [long, deepFile]) writeFileSync(path.join(repo, rel), BEFORE);
    const stored = storeSuggestions(home, [
      suggestionFor(repo, long),
      suggestionFor(repo, deepFile),
    ]);

    const run = await hearth(home, ['apply', '--all'], { cwd: repo });
    expect(run.code, run.stderr).toBe(0);
    for (const s of stored) expect(run.stdout).toContain(`applied ${s.id}`);
    expect(readFileSync(path.join(repo, long), 'utf8')).toBe(DOCUMENTED);
    expect(readFileSync(path.join(repo, deepFile), 'utf8')).toBe(DOCUMENTED);
    expect(readdirSync(repo).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(path.join(repo, deep))).toEqual([name]);
  });
});

describe('hearth reject', () => {
  it('says what a rejection stops: a docstring for its symbol, a fix for its problem', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const [doc, fix] = storeSuggestions(home, [
      suggestionFor(repo, 'new.py'),
      fixFor(repo, 'fixed.py'),
    ]) as [Suggestion, Suggestion];
    const docReject = await hearth(home, ['reject', doc.id]);
    expect(docReject.stdout).toBe(
      `rejected ${doc.id}; no docstring will be suggested for add until it changes\n`,
    );
    const fixReject = await hearth(home, ['reject', fix.id]);
    expect(fixReject.stdout).toBe(
      `rejected ${fix.id}; no fix will be suggested again for this problem in fixed.py\n`,
    );
  });
});
