import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type NewDocstringSuggestion,
  type NewFixSuggestion,
  SuggestionStore,
} from '../../../src/suggestions/store.js';
import { writeOldStore } from './old-suggestion-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(): { store: SuggestionStore; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-suggestions-'));
  dirs.push(dir);
  const file = path.join(dir, 'suggestions.sqlite');
  return { store: SuggestionStore.open(file), file };
}

const sample = (over: Partial<NewDocstringSuggestion> = {}): NewDocstringSuggestion => ({
  kind: 'docstring',
  repo: '/repo',
  path: 'src/calc.py',
  symbol: 'add',
  bodyHash: 'body-1',
  baseHash: 'base-1',
  doc: 'Add two numbers.',
  style: 'google',
  diff: '--- a/src/calc.py\n+++ b/src/calc.py\n',
  after: 'def add(a, b):\n    """Add two numbers."""\n',
  taskId: null,
  ...over,
});

const fixSample = (over: Partial<NewFixSuggestion> = {}): NewFixSuggestion => ({
  kind: 'fix',
  repo: '/repo',
  path: 'src/calc.py',
  fingerprint: 'diag-1',
  check: 'mypy',
  message: 'Missing return type',
  location: 'src/calc.py:1',
  verified: false,
  edits: [{ search: 'x', replace: 'y' }],
  baseHash: 'base-1',
  diff: '--- a/src/calc.py\n+++ b/src/calc.py\n',
  after: 'def add(a, b) -> int:\n',
  taskId: null,
  ...over,
});

describe('SuggestionStore', () => {
  it('keeps one open suggestion per symbol: one for a newer version of the file supersedes the older', () => {
    const { store } = open();
    const first = store.add(sample());
    const second = store.add(
      sample({ bodyHash: 'body-2', baseHash: 'file-2', doc: 'Sum two numbers.' }),
    );
    const other = store.add(sample({ symbol: 'mul', baseHash: 'file-2' }));
    expect(first.id).toMatch(/^d[0-9a-f]{6}$/);
    expect(store.list({}).map((s) => s.id)).toEqual([second.id, other.id]);
    expect(store.get(first.id)).toMatchObject({ status: 'superseded' });
    expect(store.list({ status: 'all' })).toHaveLength(3);
    // The same code asked again replaces too.
    const again = store.add(sample({ bodyHash: 'body-2', baseHash: 'file-2', doc: 'Sum.' }));
    expect(store.get(second.id)).toMatchObject({ status: 'superseded' });
    expect(store.get(again.id)).toMatchObject({ status: 'open' });
    store.close();
  });

  it('keeps both namesakes of one file version open (def home in each branch of an if)', () => {
    const { store } = open();
    const windows = store.add(sample({ symbol: 'home', bodyHash: 'home-win' }));
    const posix = store.add(sample({ symbol: 'home', bodyHash: 'home-posix' }));
    expect(store.list({}).map((s) => s.id)).toEqual([windows.id, posix.id]);
    store.close();
  });

  it('keeps one open fix per diagnostic: fixes of other problems in the file stay open', () => {
    const { store } = open();
    const fix = (fingerprint: string) => fixSample({ fingerprint });
    const first = store.add(fix('diag-1'));
    const other = store.add(fix('diag-2'));
    const again = store.add(fix('diag-1'));
    expect(store.list({}).map((s) => s.id)).toEqual([other.id, again.id]);
    expect(store.get(first.id)).toMatchObject({ status: 'superseded' });
    store.close();
  });

  it('lists by file or folder, with LIKE wildcards in names taken literally', () => {
    const { store } = open();
    store.add(sample({ path: 'src/a_b/x.py' }));
    store.add(sample({ path: 'src/aXb/y.py' }));
    store.add(sample({ path: 'src/a_b.py' }));
    expect(store.list({ repo: '/repo', path: 'src/a_b' }).map((s) => s.path)).toEqual([
      'src/a_b/x.py',
    ]);
    expect(store.list({ repo: '/repo', path: 'src/a_b.py' })).toHaveLength(1);
    expect(store.list({ repo: '/other' })).toEqual([]);
    store.close();
  });

  it('a rejection holds for the same body only, and survives reopening', () => {
    const { store, file } = open();
    const made = store.add(sample());
    expect(store.reject(made.id).status).toBe('rejected');
    store.close();
    const again = SuggestionStore.open(file);
    const key = { repo: '/repo', path: 'src/calc.py', symbol: 'add' };
    expect(again.isRejected({ ...key, bodyHash: 'body-1' })).toBe(true);
    expect(again.isRejected({ ...key, bodyHash: 'body-2' })).toBe(false);
    expect(again.list({})).toEqual([]);
    expect(() => again.require('dffffff')).toThrow(/no suggestion dffffff/);
    again.close();
  });

  it('rebases only an open suggestion', () => {
    const { store } = open();
    const made = store.add(sample());
    store.rebase(made.id, { baseHash: 'base-2', diff: 'new diff', after: 'new after' });
    expect(store.get(made.id)).toMatchObject({ baseHash: 'base-2', diff: 'new diff' });
    store.setStatus(made.id, 'applied', 'applied to the work tree');
    store.rebase(made.id, { baseHash: 'base-3', diff: 'x', after: 'y' });
    expect(store.get(made.id)).toMatchObject({ baseHash: 'base-2', status: 'applied' });
    store.close();
  });

  it('refuses a file written by a newer hearth, naming it', () => {
    const { store, file } = open();
    store.close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => SuggestionStore.open(file)).toThrow(/newer hearth .*schema 99/);
  });

  it('marks open docstring suggestions of an older schema as needing their id, saying which rewrote a doc', () => {
    const { store, file } = open();
    const hunk = '--- a/src/calc.py\n+++ b/src/calc.py\n@@ -1,3 +1,3 @@\n def add(a, b):\n';
    const fresh = store.add(sample({ diff: `${hunk}-    """Old words."""\n+    """New."""\n` }));
    expect(store.get(fresh.id)?.caution).toBeNull();
    store.close();
    // A store of the schema before cautions existed, as an upgrade finds it.
    rmSync(file);
    const doc = { kind: 'docstring', path: 'src/calc.py', body_hash: 'b', style: 'google' };
    writeOldStore(file, 2, [
      {
        ...doc,
        id: 'd000001',
        symbol: 'add',
        doc: 'New.',
        diff: `${hunk}-    """Old words."""\n+    """New."""\n`,
      },
      { ...doc, id: 'd000002', symbol: 'mul', doc: 'New.', diff: `${hunk}+    """New."""\n` },
      {
        ...doc,
        id: 'f000003',
        kind: 'fix',
        symbol: '',
        doc: 'E1',
        style: 'mypy',
        diff: `${hunk}-x\n+y\n`,
        verified: 0,
        location: 'src/calc.py:1',
        payload: '[]',
      },
    ]);
    const upgraded = SuggestionStore.open(file);
    expect(upgraded.get('d000001')?.caution).toMatch(/^rewrites an existing doc/);
    expect(upgraded.get('d000002')?.caution).toMatch(/^made by an older hearth/);
    expect(upgraded.get('f000003')?.caution).toBeNull();
    upgraded.close();
  });
});
