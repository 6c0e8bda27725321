import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/tasks/fix/apply-edits.js';
import { parseFixAnswer } from '../../../src/tasks/fix/parse-answer.js';

const CART_TS = [
  'export class Cart {',
  '  total(currency: string): Money {',
  '    const sum = this.items.reduce((s, i) => s + i.price, 0);',
  '    return new Money(sum, currency);',
  '  }',
  '}',
  '',
].join('\n');

const SUM_LINE = '    const sum = this.items.reduce((s, i) => s + i.price, 0);';

const block = (search: string, replace: string) =>
  `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;

describe('parseFixAnswer', () => {
  it.each([
    {
      name: 'a clean single block',
      answer: block('  return x;', '  return x + 1;'),
      edits: [{ search: '  return x;\n', replace: '  return x + 1;\n' }],
    },
    {
      name: 'a block in a typescript fence after a path line',
      answer: `src/cart.ts\n\`\`\`typescript\n${block('a();', 'b();')}\n\`\`\`\n`,
      edits: [{ path: 'src/cart.ts', search: 'a();\n', replace: 'b();\n' }],
    },
    {
      name: 'a path line inside the fence, in backticks with a colon',
      answer: `\`\`\`ts\n\`src/cart.ts\`:\n${block('a();', 'b();')}\n\`\`\``,
      edits: [{ path: 'src/cart.ts', search: 'a();\n', replace: 'b();\n' }],
    },
    {
      name: 'two blocks, each with its path',
      answer: `src/a.ts\n${block('a1', 'a2')}\n\nsrc/b.py\n${block('b1', 'b2')}\n`,
      edits: [
        { path: 'src/a.ts', search: 'a1\n', replace: 'a2\n' },
        { path: 'src/b.py', search: 'b1\n', replace: 'b2\n' },
      ],
    },
    {
      name: 'prose before, between and after',
      answer: `Here is the fix:\n\n${block('x', 'y')}\nAnd also:\n${block('p', 'q')}\nDone.`,
      edits: [
        { search: 'x\n', replace: 'y\n' },
        { search: 'p\n', replace: 'q\n' },
      ],
    },
    {
      name: 'CRLF, 7 and 9 marker characters, trailing spaces on markers',
      answer: '<<<<<<<<< SEARCH  \r\n  a\r\n  b\r\n=======   \r\n  c\r\n>>>>>>> REPLACE \r\n',
      edits: [{ search: '  a\n  b\n', replace: '  c\n' }],
    },
    {
      name: 'an empty REPLACE (a deletion) and a blank line kept in REPLACE',
      answer: `<<<<<<< SEARCH\ngone();\n=======\n>>>>>>> REPLACE\n${block('a\nb', 'a\n\nb')}`,
      edits: [
        { search: 'gone();\n', replace: '' },
        { search: 'a\nb\n', replace: 'a\n\nb\n' },
      ],
    },
    {
      name: 'a unified diff in a diff fence',
      answer: [
        'The fix:',
        '```diff',
        '--- a/src/cart.ts',
        '+++ b/src/cart.ts',
        '@@ -2,3 +2,3 @@',
        '   total(currency: string): Money {',
        '-    return new Money(sum, currency);',
        '+    return new Money(sum, currency.toUpperCase());',
        '   }',
        '```',
      ].join('\n'),
      edits: [
        {
          path: 'src/cart.ts',
          search: '  total(currency: string): Money {\n    return new Money(sum, currency);\n  }\n',
          replace:
            '  total(currency: string): Money {\n' +
            '    return new Money(sum, currency.toUpperCase());\n  }\n',
        },
      ],
    },
  ])('reads $name', ({ answer, edits }) => {
    expect(parseFixAnswer(answer)).toEqual({ ok: true, edits });
  });

  it.each([
    { name: 'no block', answer: 'I think the types are wrong here.', reason: /no SEARCH\/REPLACE/ },
    { name: 'an empty answer', answer: '', reason: /no SEARCH\/REPLACE/ },
    {
      name: 'a block without =======',
      answer: '<<<<<<< SEARCH\na\n>>>>>>> REPLACE\n',
      reason: /block 1 has no =======/,
    },
    {
      name: 'a block without REPLACE before the next block',
      answer: `<<<<<<< SEARCH\na\n=======\nb\n${block('c', 'd')}`,
      reason: /block 1 has no >>>>>>> REPLACE/,
    },
    {
      name: 'a last block cut short',
      answer: `${block('a', 'b')}\n<<<<<<< SEARCH\nc\n=======\nd`,
      reason: /block 2 has no >>>>>>> REPLACE/,
    },
    {
      name: 'an empty SEARCH',
      answer: block('', 'import x;'),
      reason: /SEARCH text of block 1 is/,
    },
    { name: 'a blank SEARCH', answer: block('  ', 'x'), reason: /SEARCH text of block 1 is empty/ },
    {
      name: 'eleven blocks',
      answer: Array.from({ length: 11 }, (_, i) => block(`a${i}`, `b${i}`)).join('\n'),
      reason: /11 blocks, over 10/,
    },
    {
      name: 'a huge answer',
      answer: `${block('a', 'b')}\n${'words '.repeat(4000)}`,
      reason: /over the 20,000 allowed/,
    },
    {
      name: 'a diff hunk that only adds',
      answer: '```diff\n@@ -0,0 +1 @@\n+import x;\n```',
      reason: /SEARCH text of block 1 is empty/,
    },
  ])('refuses $name', ({ answer, reason }) => {
    const parsed = parseFixAnswer(answer);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

// Parses a realistic answer and applies it: what the fix task does.
function fix(text: string, answer: string) {
  const parsed = parseFixAnswer(answer);
  return parsed.ok ? applyEdits(text, parsed.edits) : parsed;
}

describe('applyEdits on parsed answers', () => {
  const CRLF_CART = CART_TS.replace(/\n/g, '\r\n');
  const PY = 'class Store:\n    def get(self, key):\n        if key:\n            return 1\n';

  it.each([
    {
      name: 'an exact block',
      text: CART_TS,
      answer: block('    return new Money(sum, currency);', '    return new Money(sum, "EUR");'),
      expected: CART_TS.replace('(sum, currency)', '(sum, "EUR")'),
    },
    {
      name: 'a CRLF answer on an LF file (LF kept)',
      text: CART_TS,
      answer: block('  }\n}', '  }\n\n  clear(): void {}\n}').replace(/\n/g, '\r\n'),
      expected: CART_TS.replace('  }\n}', '  }\n\n  clear(): void {}\n}'),
    },
    {
      name: 'an LF answer on a CRLF file (CRLF kept)',
      text: CRLF_CART,
      answer: block('  }\n}', '  }\n\n  clear(): void {}\n}'),
      expected: CRLF_CART.replace('  }\r\n}', '  }\r\n\r\n  clear(): void {}\r\n}'),
    },
    {
      name: 'a SEARCH without the trailing spaces of the file',
      text: 'const a = 1;   \nconst b = 2;\t\n',
      answer: block('const a = 1;\nconst b = 2;', 'const a = 1;\nconst b = 3;'),
      expected: 'const a = 1;\nconst b = 3;\n',
    },
    {
      name: 'a SEARCH whose method-body indentation was dropped',
      text: CART_TS,
      answer: block(
        'const sum = this.items.reduce((s, i) => s + i.price, 0);\nreturn new Money(sum, currency);',
        'const sum = this.items.reduce((s, i) => s + i.price, 0);\nif (sum < 0) {\n  throw new Error();\n}\nreturn new Money(sum, currency);',
      ),
      expected: CART_TS.replace(
        '    return new',
        '    if (sum < 0) {\n      throw new Error();\n    }\n    return new',
      ),
    },
    {
      name: 'a Python SEARCH indented too deep',
      text: PY,
      answer: block(
        '            if key:\n                return 1',
        '            if key is not None:\n                return 1',
      ),
      expected: PY.replace('if key:', 'if key is not None:'),
    },
    {
      name: 'two blocks in order, the second seeing the first',
      text: CART_TS,
      answer: `${block(SUM_LINE, SUM_LINE.replace('sum', 'total'))}\n${block(
        '    return new Money(sum, currency);',
        '    return new Money(total, currency);',
      )}`,
      expected: CART_TS.replace('const sum', 'const total').replace('(sum,', '(total,'),
    },
    {
      name: 'a unified diff',
      text: CART_TS,
      answer: '```diff\n@@ -4 +4 @@\n-    return new Money(sum, currency);\n+    return null;\n```',
      expected: CART_TS.replace('new Money(sum, currency)', 'null'),
    },
  ])('applies $name', ({ text, answer, expected }) => {
    expect(fix(text, answer)).toEqual({ ok: true, text: expected });
  });

  it.each([
    {
      name: 'an ambiguous SEARCH',
      text: 'a();\nb();\na();\n',
      answer: block('a();', 'c();'),
      reason: 'the SEARCH text of edit 1 occurs 2 times in the file',
    },
    {
      name: 'a SEARCH not in the file',
      text: CART_TS,
      answer: `${block('export class Cart {', 'export class Basket {')}\n${block('return old();', 'return 1;')}`,
      reason: 'the SEARCH text of edit 2 is not in the file',
    },
    {
      name: 'a SEARCH that only matches part of a line',
      text: CART_TS,
      answer: block('new Money(sum, currency)', 'null'),
      reason: 'the SEARCH text of edit 1 is not in the file',
    },
    {
      name: 'indentation that differs line by line',
      text: CART_TS,
      answer: block(`  ${SUM_LINE.trim()}\nreturn new Money(sum, currency);`, 'y'),
      reason: 'the SEARCH text of edit 1 is not in the file',
    },
    {
      name: 'a no-op edit',
      text: CART_TS,
      answer: block('export class Cart {', 'export class Cart {'),
      reason: 'edit 1 changes nothing',
    },
    {
      name: 'edits that undo each other',
      text: CART_TS,
      answer: `${block('export class Cart {', 'export class Basket {')}\n${block('export class Basket {', 'export class Cart {')}`,
      reason: 'the answer changes nothing',
    },
  ])('refuses $name', ({ text, answer, reason }) => {
    expect(fix(text, answer)).toEqual({ ok: false, reason });
  });
});

describe('applyEdits on edits', () => {
  it.each([
    {
      name: 'a deletion',
      text: 'a\nb\nc\n',
      edits: [{ search: 'b\n', replace: '' }],
      expected: 'a\nc\n',
    },
    {
      name: 'a file without a final newline',
      text: 'a\r\nb',
      edits: [{ search: 'b\n', replace: 'b\nc\n' }],
      expected: 'a\r\nb\r\nc',
    },
    {
      name: 'a mixed-EOL file: other lines untouched',
      text: 'a\r\nb\nc\r\nd\r\n',
      edits: [{ search: 'b', replace: 'B' }],
      expected: 'a\r\nB\nc\r\nd\r\n',
    },
    {
      name: 'a BOM kept in front',
      text: '\uFEFFimport a;\nx();\n',
      edits: [{ search: 'import a;', replace: 'import a;\nimport b;' }],
      expected: '\uFEFFimport a;\nimport b;\nx();\n',
    },
    {
      name: 'blank lines inside a re-indented SEARCH',
      text: 'def f():\n    a = 1\n\n    return a\n',
      edits: [{ search: 'a = 1\n\nreturn a\n', replace: 'a = 2\n\nreturn a\n' }],
      expected: 'def f():\n    a = 2\n\n    return a\n',
    },
    {
      name: 'tab indentation dropped by the model',
      text: 'func f() {\n\tif x {\n\t\treturn\n\t}\n}\n',
      edits: [{ search: 'if x {\n\treturn\n}', replace: 'if !x {\n\treturn\n}' }],
      expected: 'func f() {\n\tif !x {\n\t\treturn\n\t}\n}\n',
    },
  ])('applies $name', ({ text, edits, expected }) => {
    expect(applyEdits(text, edits)).toEqual({ ok: true, text: expected });
  });

  it.each([
    { name: 'an empty SEARCH', edits: [{ search: '', replace: 'x\n' }], reason: /edit 1 is empty/ },
    { name: 'no edits', edits: [], reason: /the answer changes nothing/ },
    {
      name: 'a match only after re-indenting, twice',
      edits: [{ search: 'x();\n', replace: 'y();\n' }],
      reason: /edit 1 occurs 2 times/,
    },
  ])('refuses $name', ({ edits, reason }) => {
    const applied = applyEdits('function f() {\n  x();\n}\nfunction g() {\n  x();\n}\n', edits);
    expect(applied.ok).toBe(false);
    if (!applied.ok) expect(applied.reason).toMatch(reason);
  });
});
