import { describe, expect, it } from 'vitest';
import type { CodeSymbol } from '../../../src/analysis/types.js';
import { capForFile, mergeLeftovers } from '../../../src/tasks/docstring/caps.js';

const sym = (name: string, bodyHash = `h-${name}`): CodeSymbol =>
  ({ name, qualifiedName: name, bodyHash, signature: `def ${name}()` }) as CodeSymbol;

describe('capForFile', () => {
  it.each([
    { perFile: 20, passLeft: 100, cap: 20 },
    { perFile: 20, passLeft: 7, cap: 7 },
    { perFile: 0, passLeft: 100, cap: 0 },
    { perFile: 20, passLeft: -3, cap: 0 },
  ])('per file $perFile, $passLeft left in the pass: $cap', ({ perFile, passLeft, cap }) => {
    expect(capForFile({ perFile, passLeft })).toBe(cap);
  });
});

describe('mergeLeftovers', () => {
  it('puts what changed first, then earlier leftovers still in the file unchanged', () => {
    const a = sym('a');
    const b = sym('b');
    const c = sym('c');
    const current = [a, b, c, sym('d')];
    expect(mergeLeftovers([c], [a, b], current).map((s) => s.name)).toEqual(['c', 'a', 'b']);
  });

  it('drops leftovers that are gone or whose code changed (they come back as changes)', () => {
    const current = [sym('a', 'new'), sym('c')];
    expect(mergeLeftovers([], [sym('a', 'old'), sym('b')], current)).toEqual([]);
  });

  it('lists a symbol once when it is both changed and left over', () => {
    const a = sym('a');
    expect(mergeLeftovers([a], [a], [a])).toEqual([a]);
  });
});
