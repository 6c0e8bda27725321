import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../../src/analysis/types.js';
import { locateParamSections } from '../../../src/tasks/docstring/param-entries.js';

/** [name, startLine, endLine] of each entry; the header's lines; foreign lines. */
type Shape = Array<{
  header?: [number, number];
  entries: Array<[string, number, number]>;
  foreign?: number[];
}>;

function shapeOf(doc: string, language: LanguageId): Shape {
  return locateParamSections(doc.split('\n'), language).map((section) => ({
    ...(section.header && { header: [section.header.startLine, section.header.endLine] }),
    entries: section.entries.map((e) => [e.name, e.startLine, e.endLine]),
    ...(section.foreign.length > 0 && { foreign: section.foreign }),
  }));
}

describe('locateParamSections', () => {
  it.each<[string, LanguageId, string, Shape]>([
    [
      'google: continuation lines, a blank line between entries, a foreign line',
      'python',
      'Do.\n\nArgs:\n    a (int): A,\n        more.\n\n    *args: Rest.\n    See above.\n\nReturns:\n    x: no.',
      [
        {
          header: [2, 2],
          entries: [
            ['a', 3, 4],
            ['*args', 6, 6],
          ],
          foreign: [7],
        },
      ],
    ],
    [
      'numpy: a shared line and the next section',
      'python',
      'Do.\n\nParameters\n----------\na, b : int\n    Numbers.\nc : str\n\nReturns\n-------\nint',
      [
        {
          header: [2, 3],
          entries: [
            ['a', 4, 5],
            ['b', 4, 5],
            ['c', 6, 6],
          ],
        },
      ],
    ],
    [
      'rest: :type: lines are entries of their parameter; :raises: is not',
      'python',
      'Do.\n\n:param a: A,\n    more.\n:type a: int\n:raises E: no.\n:param int b: B.',
      [
        {
          entries: [
            ['a', 2, 3],
            ['a', 4, 4],
            ['b', 6, 6],
          ],
        },
      ],
    ],
    [
      'tags: an entry ends at the next tag or a blank line; type parameters are not entries',
      'java',
      'Do.\n@param <T> the type\n@param a the a,\n  more\n\nprose\n@param b the b\n@return x',
      [
        {
          entries: [
            ['a', 2, 3],
            ['b', 6, 6],
          ],
        },
      ],
    ],
    [
      'rustdoc: bullets up to the next heading',
      'rust',
      'Do.\n\n# Arguments\n\n* `a` - A,\n  more.\n* `b` - B.\n\n# Examples\n\n* `c` - no.',
      [
        {
          header: [2, 2],
          entries: [
            ['a', 4, 5],
            ['b', 6, 6],
          ],
        },
      ],
    ],
    ['go has none', 'go', 'Do does it.\n@param a the a', []],
  ])('%s', (_, language, doc, expected) => {
    expect(shapeOf(doc, language)).toEqual(expected);
  });
});
