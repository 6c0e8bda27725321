import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type FixSuggestion, SuggestionStore } from '../../../src/suggestions/store.js';
import type { DamageRecord } from '../../../src/util/damaged-files.js';
import { type OldRow, writeOldStore } from './old-suggestion-store.js';

/**
 * Schema 4 gives each kind its fields under their own names. A store written by schema 3 (a fix's
 * fingerprint in body_hash, its check in style, its message in doc, its edits in payload) is
 * upgraded in place; an upgrade that fails leaves every row as it was.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-suggestions-'));
  dirs.push(dir);
  return path.join(dir, 'suggestions.sqlite');
}

const DOC: OldRow = {
  id: 'd000001',
  kind: 'docstring',
  path: 'src/calc.py',
  symbol: 'add',
  body_hash: 'body-1',
  doc: 'Add two numbers.',
  style: 'google',
  diff: 'doc diff',
  location: 'add',
};
const FIX: OldRow = {
  id: 'f000002',
  kind: 'fix',
  path: 'src/cart.ts',
  symbol: '',
  body_hash: 'fp-1',
  doc: "Type 'string' is not assignable to type 'number'.",
  style: 'tsc',
  diff: 'fix diff',
  status: 'applied',
  verified: 1,
  location: 'src/cart.ts:7',
  payload: '[{"search":"a","replace":"b"}]',
};

function readRaw(file: string): { version: unknown; tables: unknown[]; rows: unknown[] } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      tables: db.prepare('SELECT name, sql FROM sqlite_master ORDER BY name').all(),
      rows: [
        ...db.prepare('SELECT * FROM suggestions ORDER BY seq').all(),
        ...db.prepare('SELECT * FROM rejections ORDER BY rowid').all(),
      ],
    };
  } finally {
    db.close();
  }
}

describe('suggestion store migration to a field set per kind', () => {
  it('reads back the docstring and fix rows and the rejections of a schema-3 store', () => {
    const file = storeFile();
    writeOldStore(
      file,
      3,
      [DOC, FIX],
      [
        ['src/calc.py', 'mul', 'body-9'],
        ['src/cart.ts', '', 'fp-9'],
      ],
    );
    const store = SuggestionStore.open(file);
    try {
      expect(store.get('d000001')).toEqual({
        id: 'd000001',
        kind: 'docstring',
        repo: '/repo',
        path: 'src/calc.py',
        symbol: 'add',
        bodyHash: 'body-1',
        doc: 'Add two numbers.',
        style: 'google',
        baseHash: 'base',
        diff: 'doc diff',
        after: 'after',
        status: 'open',
        taskId: 't1',
        note: null,
        caution: null,
        createdAt: 1,
        updatedAt: 2,
      });
      expect(store.get('f000002')).toEqual({
        id: 'f000002',
        kind: 'fix',
        repo: '/repo',
        path: 'src/cart.ts',
        fingerprint: 'fp-1',
        check: 'tsc',
        message: "Type 'string' is not assignable to type 'number'.",
        location: 'src/cart.ts:7',
        verified: true,
        edits: [{ search: 'a', replace: 'b' }],
        baseHash: 'base',
        diff: 'fix diff',
        after: 'after',
        status: 'applied',
        taskId: 't1',
        note: null,
        caution: null,
        createdAt: 1,
        updatedAt: 2,
      });
      // Each rejection holds for its own kind only.
      const at = { repo: '/repo' };
      expect(
        store.isRejected({ ...at, path: 'src/calc.py', symbol: 'mul', bodyHash: 'body-9' }),
      ).toBe(true);
      expect(store.isRejected({ ...at, path: 'src/cart.ts', fingerprint: 'fp-9' })).toBe(true);
      expect(store.isRejected({ ...at, path: 'src/cart.ts', symbol: '', bodyHash: 'fp-9' })).toBe(
        false,
      );
    } finally {
      store.close();
    }
  });

  it('a migrated fix is superseded by a new fix of its diagnostic, and rejecting it holds', () => {
    const file = storeFile();
    writeOldStore(file, 3, [{ ...FIX, status: 'open' }]);
    const store = SuggestionStore.open(file);
    try {
      const [old] = store.list({ kind: 'fix' });
      expect(old?.id).toBe('f000002');
      const { id: _id, status: _status, ...again } = old as FixSuggestion;
      const newer = store.add(again);
      expect(store.get('f000002')).toMatchObject({ status: 'superseded' });
      store.reject(newer.id);
      expect(store.isRejected({ repo: '/repo', path: 'src/cart.ts', fingerprint: 'fp-1' })).toBe(
        true,
      );
    } finally {
      store.close();
    }
  });

  it('an upgrade that fails (a row of no known kind) says why and leaves every row as it was', () => {
    const file = storeFile();
    const odd: OldRow = { ...DOC, id: 'x000003', kind: 'review' };
    writeOldStore(file, 3, [DOC, FIX, odd], [['src/calc.py', 'mul', 'body-9']]);
    const before = readRaw(file);
    expect(() => SuggestionStore.open(file)).toThrow(
      /suggestions\.sqlite could not be upgraded to schema 4 \(CHECK constraint failed.*\); nothing of that step was written and it stays at schema 3/,
    );
    expect(readRaw(file)).toEqual(before);
    expect(before.version).toBe(3);
    expect(before.rows).toHaveLength(4);
  });

  it('a damaged schema-3 store gives back its rows of each kind under schema 4', () => {
    const file = storeFile();
    writeOldStore(file, 3, [DOC, FIX], [['src/cart.ts', '', 'fp-9']]);
    // A table of filler after the rows, and garbage over one of its pages.
    const db = new Database(file);
    db.exec('CREATE TABLE filler (text TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 300; i++) insert.run(`filler ${i} `.repeat(40));
    db.close();
    const pages = statSync(file).size / 4096;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(pages * 0.75) * 4096);
    closeSync(fd);

    const seen: DamageRecord[] = [];
    const store = SuggestionStore.open(file, { onDamaged: (record) => seen.push(record) });
    try {
      expect(seen).toHaveLength(1);
      expect(store.get('d000001')).toMatchObject({ kind: 'docstring', bodyHash: 'body-1' });
      expect(store.get('f000002')).toMatchObject({
        kind: 'fix',
        fingerprint: 'fp-1',
        check: 'tsc',
        edits: [{ search: 'a', replace: 'b' }],
      });
      expect(store.isRejected({ repo: '/repo', path: 'src/cart.ts', fingerprint: 'fp-9' })).toBe(
        true,
      );
    } finally {
      store.close();
    }
  });
});
