import { describe, expect, it } from 'vitest';
import { diffSymbols } from '../../../src/analysis/symbol-diff.js';
import type { CodeSymbol } from '../../../src/analysis/types.js';

function symbol(
  qualifiedName: string,
  bodyHash: string,
  extra: Partial<CodeSymbol> = {},
): CodeSymbol {
  return {
    kind: 'function',
    name: qualifiedName.split('.').pop() as string,
    qualifiedName,
    signature: `def ${qualifiedName}()`,
    params: [],
    hasDoc: false,
    bodyHash,
    startIndex: 0,
    endIndex: 1,
    startByte: 0,
    endByte: 1,
    startLine: 1,
    endLine: 1,
    ...extra,
  };
}

const summary = (changes: ReturnType<typeof diffSymbols>) =>
  changes.map((c) => `${c.type}:${c.symbol.qualifiedName}`);

describe('diffSymbols', () => {
  it.each([
    {
      name: 'nothing changed',
      before: [symbol('a', '1')],
      after: [symbol('a', '1')],
      expected: [],
    },
    {
      name: 'a new symbol',
      before: [symbol('a', '1')],
      after: [symbol('a', '1'), symbol('b', '2')],
      expected: ['added:b'],
    },
    {
      name: 'a removed symbol',
      before: [symbol('a', '1'), symbol('b', '2')],
      after: [symbol('a', '1')],
      expected: ['removed:b'],
    },
    {
      name: 'a changed body',
      before: [symbol('a', '1')],
      after: [symbol('a', '9')],
      expected: ['changed:a'],
    },
    {
      name: 'a changed signature with the same body hash',
      before: [symbol('a', '1')],
      after: [symbol('a', '1', { signature: 'def a(x)' })],
      expected: ['changed:a'],
    },
    {
      name: 'a moved symbol with a new doc',
      before: [symbol('a', '1', { startLine: 3 })],
      after: [symbol('a', '1', { startLine: 40, hasDoc: true, doc: 'Docs.' })],
      expected: [],
    },
    {
      name: 'a renamed symbol',
      before: [symbol('C.old', '1')],
      after: [symbol('C.new', '1')],
      expected: ['added:C.new', 'removed:C.old'],
    },
    {
      name: 'the second of two overloads changed',
      before: [symbol('C.m', '1'), symbol('C.m', '2')],
      after: [symbol('C.m', '1'), symbol('C.m', '3')],
      expected: ['changed:C.m'],
    },
  ])('$name', ({ before, after, expected }) => {
    expect(summary(diffSymbols(before, after))).toEqual(expected);
  });

  it('keeps the previous version on a change', () => {
    const [change] = diffSymbols([symbol('a', 'old')], [symbol('a', 'new')]);
    expect(change?.type === 'changed' && change.before.bodyHash).toBe('old');
  });
});
