import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SymbolCache } from '../../../src/analysis/symbol-cache.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const changes = (update: Awaited<ReturnType<SymbolCache['update']>>) =>
  'changes' in update
    ? update.changes.map((c) => `${c.type} ${c.symbol.qualifiedName}`)
    : update.status;

describe('SymbolCache', () => {
  it('parses only changed content and reports only the symbols that changed', async () => {
    const file = path.join(dir, 'calc.py');
    const cache = new SymbolCache({ maxFileBytes: 1 << 20 });
    writeFileSync(file, 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n');
    expect(changes(await cache.update(file))).toEqual(['added add', 'added sub']);

    // The same bytes again: nothing to do.
    writeFileSync(file, 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n');
    expect(changes(await cache.update(file))).toBe('unchanged');

    // Lines added above and a docstring added: no symbol changed.
    writeFileSync(
      file,
      'import os\n\n\ndef add(a, b):\n    """Add."""\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n',
    );
    expect(changes(await cache.update(file))).toEqual([]);

    writeFileSync(
      file,
      'import os\n\n\ndef add(a, b):\n    """Add."""\n    return a + b + 0\n\n\ndef mul(a, b):\n    return a * b\n',
    );
    expect(changes(await cache.update(file))).toEqual(['changed add', 'added mul', 'removed sub']);

    rmSync(file);
    expect(changes(await cache.update(file))).toEqual(['removed add', 'removed mul']);
  });

  it('compares a first save with the baseline text when there is one', async () => {
    const file = path.join(dir, 'base.ts');
    const cache = new SymbolCache({
      maxFileBytes: 1 << 20,
      baseline: async () =>
        'export function keep() { return 1; }\nexport function edit() { return 1; }\n',
    });
    writeFileSync(
      file,
      'export function keep() { return 1; }\nexport function edit() { return 2; }\n',
    );
    expect(changes(await cache.update(file))).toEqual(['changed edit']);
  });

  it('reports skipped files with their reason', async () => {
    const file = path.join(dir, 'blob.go');
    writeFileSync(file, Buffer.from([0x70, 0x00, 0x01]));
    const update = await new SymbolCache({ maxFileBytes: 1 << 20 }).update(file);
    expect(update).toMatchObject({ status: 'skipped', skip: { reason: 'binary' } });
  });
});
