import { describe, expect, it } from 'vitest';
import { findWholeRunDropped } from '../../../src/cli/commands/docstrings.js';
import type { Suggestion } from '../../../src/suggestions/store.js';
import type { DocResult } from '../../../src/tasks/docstring/plan-paths.js';

const planned = { path: 'a.py', symbol: 'f' } as DocResult['planned'];
const dropped = (reason: string): DocResult => ({ planned, dropped: reason });
const made: DocResult = { planned, suggestion: { id: 's1' } as Suggestion };

describe('findWholeRunDropped', () => {
  it.each<[string, DocResult[], string | undefined]>([
    ['nothing asked', [], undefined],
    ['one made', [made], undefined],
    ['one made, one dropped', [dropped('bad answer'), made], undefined],
    [
      'the one symbol dropped',
      [dropped('no local model answers')],
      'no docstring was made: the one symbol dropped (first: no local model answers)',
    ],
    [
      'every symbol dropped',
      [dropped('bad answer'), dropped('changed file')],
      'no docstring was made: all 2 symbols dropped (first: bad answer)',
    ],
  ])('%s', (_what, results, expected) => {
    expect(findWholeRunDropped(results)).toBe(expected);
  });
});
