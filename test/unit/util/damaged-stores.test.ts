import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueStore } from '../../../src/queue/store.js';
import { SuggestionStore } from '../../../src/suggestions/store.js';
import { ReviewStore } from '../../../src/tasks/review/store.js';
import {
  buildAsidePath,
  DAMAGE_RECORD_FILE,
  type DamageRecord,
  describeDamage,
  listDamage,
} from '../../../src/util/damaged-files.js';
import { openTempStore, removeTempStores, sampleTask } from '../queue/helpers.js';

afterEach(() => removeTempStores());

/** Every store hearth keeps, opened the one way they all open. */
const OPENERS: Array<
  [string, (file: string, onDamaged: (r: DamageRecord) => void) => { close(): void }]
> = [
  ['queue', (file, onDamaged) => QueueStore.open(file, { onDamaged })],
  ['suggestions', (file, onDamaged) => SuggestionStore.open(file, { onDamaged })],
  ['reviews', (file, onDamaged) => ReviewStore.open(file, { onDamaged })],
];

function asideOf(file: string): string[] {
  // The aside copy's own -wal and -shm (SQLite made them reading it) are not counted.
  return readdirSync(path.dirname(file)).filter(
    (name) => name.startsWith(`${path.basename(file)}.damaged-`) && !/-(wal|shm)$/.test(name),
  );
}

describe('a damaged SQLite store', () => {
  it.each(OPENERS)('%s: garbage is moved aside and a fresh store opens', (_name, openStore) => {
    const { store, file } = openTempStore();
    store.close();
    writeFileSync(file, 'this is not a database '.repeat(300));
    const seen: DamageRecord[] = [];
    const fresh = openStore(file, (record) => seen.push(record));
    fresh.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.reason).toContain('file is not a database');
    expect(seen[0]?.outcome).toContain('nothing could be recovered');
    expect(asideOf(file)).toHaveLength(1);
    expect(readFileSync(seen[0]?.movedTo as string, 'utf8')).toContain('this is not a database');
    expect(listDamage([path.dirname(file)])).toEqual(seen);
    // Opening again finds a healthy store: nothing more is moved.
    openStore(file, (record) => seen.push(record)).close();
    expect(seen).toHaveLength(1);
  });

  it('keeps the rows it can still read from a store with a damaged page', () => {
    const { store, file } = openTempStore();
    const total = 400;
    for (let i = 0; i < total; i++)
      store.enqueue(sampleTask({ inputs: { text: `task ${i} `.repeat(40) } }));
    store.close();
    const pages = statSync(file).size / 4096;
    expect(pages).toBeGreaterThan(20);
    // Garbage over one page in the middle of the tasks table; the header stays intact.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(pages / 2) * 4096);
    closeSync(fd);
    const seen: DamageRecord[] = [];
    const fresh = QueueStore.open(file, { onDamaged: (record) => seen.push(record) });
    const kept = fresh.list({ limit: 10_000 }).length;
    fresh.close();
    expect(seen).toHaveLength(1);
    // The bad page may hold tasks or only an index: most rows come back either way.
    expect(kept).toBeGreaterThan(total / 2);
    expect(kept).toBeLessThanOrEqual(total);
    expect(asideOf(file)).toHaveLength(1);
    expect(seen[0]?.outcome).toMatch(/^\d+ rows were recovered into a fresh store$/);
  });

  it('refuses, naming the file, where the caller must not move it (the daemon has it open)', () => {
    const { store, file } = openTempStore();
    store.close();
    writeFileSync(file, 'garbage '.repeat(600));
    expect(() =>
      QueueStore.open(file, { refuseMove: () => 'the daemon (pid 7) has it open' }),
    ).toThrow(`${file} is damaged (file is not a database); the daemon (pid 7) has it open`);
    expect(asideOf(file)).toHaveLength(0);
  });

  it('moves nothing for a store from a newer hearth: that is not damage', () => {
    const { store, file } = openTempStore();
    store.close();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const seen: DamageRecord[] = [];
    expect(() => QueueStore.open(file, { onDamaged: (record) => seen.push(record) })).toThrow(
      /newer than this hearth/,
    );
    expect(seen).toHaveLength(0);
    expect(asideOf(file)).toHaveLength(0);
  });
});

describe('the record of damaged files', () => {
  it('names the aside file by time, and says in one line what moved where', () => {
    const at = new Date('2026-12-03T16:01:25.123Z');
    expect(buildAsidePath('/d/queue.sqlite', at)).toBe(
      '/d/queue.sqlite.damaged-2026-12-03T16-01-25-123Z',
    );
    expect(
      describeDamage({
        file: '/d/queue.sqlite',
        movedTo: '/d/queue.sqlite.damaged-x',
        reason: 'file is not a database',
        outcome: 'nothing could be recovered',
        at: at.toISOString(),
      }),
    ).toBe(
      '/d/queue.sqlite was damaged (file is not a database); moved to /d/queue.sqlite.damaged-x at 2026-12-03T16:01:25.123Z; nothing could be recovered',
    );
  });

  it('lists only the moves whose copy is still there, skipping damaged lines', () => {
    const { store, file } = openTempStore();
    store.close();
    const dir = path.dirname(file);
    const there = `${file}.damaged-a`;
    writeFileSync(there, 'x');
    const line = (movedTo: string) =>
      JSON.stringify({ file, movedTo, reason: 'r', outcome: 'o', at: '2026-01-01T00:00:00Z' });
    writeFileSync(
      path.join(dir, DAMAGE_RECORD_FILE),
      `${line(there)}\n{broken\n${line(`${file}.damaged-gone`)}\n`,
    );
    expect(listDamage([dir]).map((r) => r.movedTo)).toEqual([there]);
  });
});
