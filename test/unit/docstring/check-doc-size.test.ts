import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkDocAgainstCode,
  findAddedLines,
} from '../../../src/tasks/docstring/check-doc-size.js';
import {
  makeDocstringSuggestion,
  readCurrentFile,
} from '../../../src/tasks/docstring/make-suggestion.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** makeDocstringSuggestion for the first symbol of a real Python file. */
async function suggest(source: string, doc: string, maxLines = 40) {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'hearth-size-'));
  dirs.push(repo);
  writeFileSync(path.join(repo, 'm.py'), source);
  const current = await readCurrentFile(repo, 'm.py', 1 << 20);
  if (!current.ok) throw new Error(current.reason);
  const symbol = current.file.symbols[0];
  if (!symbol) throw new Error('no symbol');
  const target = {
    path: 'm.py',
    symbol: symbol.qualifiedName,
    bodyHash: symbol.bodyHash,
    style: 'google',
  };
  return makeDocstringSuggestion({
    repo,
    target,
    answer: doc,
    taskId: null,
    options: { width: 88, maxLines, maxFileBytes: 1 << 20 },
  });
}

const SUBJECTS = ['parser', 'writer', 'reader', 'server', 'client', 'worker', 'loader'];
const VERBS = ['reads', 'checks', 'writes', 'sends', 'keeps', 'drops'];
const OBJECTS = ['header', 'body', 'cache', 'queue', 'file', 'socket', 'buffer'];
/** `count` different short sentences, one a line. */
const sentences = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const verb = VERBS[Math.floor(i / 7)];
    return `The ${SUBJECTS[i % 7]} ${verb} the ${OBJECTS[(i + Math.floor(i / 7)) % 7]} first.`;
  });
/** A function long enough that a 40-line doc is not far longer than its code. */
const LONG_FUNCTION = `def run(a):\n${Array.from({ length: 40 }, (_, i) => `    a = a + ${i}  # step number ${i} of the run\n`).join('')}    return a\n`;

describe('limits on the doc as written into the file', () => {
  // 38 lines as the model wrote them; the long one wraps into 3 at 88 columns, and the closing
  // quotes take one more: 41 lines in the file.
  const long = `${'When the run ends early, every step that was started is rolled back, '.repeat(3).trim()}`;
  const doc = ['Run every step.', '', ...sentences(35), long].join('\n');

  it('refuses a doc of 38 lines that becomes 41 once wrapped, with maxLines 40', async () => {
    expect(doc.split('\n')).toHaveLength(38);
    const made = await suggest(LONG_FUNCTION, doc, 40);
    expect(made).toEqual({
      ok: false,
      reason:
        "the model's answer was refused: too long: 41 lines as written into the file (limit 40)",
    });
  });

  it('accepts the same doc when 41 lines are allowed, and the patch adds exactly those', async () => {
    const made = await suggest(LONG_FUNCTION, doc, 41);
    if (!made.ok) throw new Error(made.reason);
    expect(findAddedLines(made.suggestion.diff)).toHaveLength(41);
  });

  it('counts characters as written: a doc can hold no more than maxLines full lines', async () => {
    // A path too long to wrap: 2 lines with the closing quotes, more than 2 lines of 88 columns.
    const word = `src/${'folder_name_part/'.repeat(12)}file.py`;
    const made = await suggest(LONG_FUNCTION, word, 2);
    expect(made.ok).toBe(false);
    if (!made.ok)
      expect(made.reason).toMatch(
        /too long: \d+ characters as written into the file \(limit 176\)/,
      );
  });
});

describe('a doc far longer than its code', () => {
  const GOOGLE_4 =
    'Clamp a value into a range, then scale it.\n\nThe value is first limited to the range from low to high, both ends\nincluded, and the result is multiplied by the factor.\n\nArgs:\n    value (float): The value to clamp.\n    low (float): The smallest value allowed.\n    high (float): The largest value allowed.\n    factor (float): Multiplies the clamped value.\n\nReturns:\n    float: The clamped value times the factor.';

  it('accepts a full Google doc for a one-line function with 4 parameters', async () => {
    const made = await suggest(
      'def clamp(value, low, high, factor): return min(max(value, low), high) * factor\n',
      GOOGLE_4,
    );
    if (!made.ok) throw new Error(made.reason);
    expect(made.suggestion.after).toContain('factor (float): Multiplies the clamped value.');
  });

  it('refuses thousands of characters for a 3-line function, saying why', async () => {
    const prose = sentences(35).join(' ');
    const doc = `Return the last value.\n\n${prose}\n\n${prose}`;
    expect(doc.length).toBeGreaterThan(2000);
    const made = await suggest(
      'def last(values):\n    values = list(values)\n    return values[-1]\n',
      doc,
    );
    expect(made.ok).toBe(false);
    if (!made.ok)
      expect(made.reason).toMatch(
        /the doc \(\d+ characters\) is far longer than the 3-line code it documents \(limit \d+: 600, 200 per parameter and 2 per character of code\)/,
      );
  });

  const symbol = (code: number, params: number, doc?: [number, number]) => ({
    startIndex: 0,
    endIndex: code,
    startLine: 1,
    endLine: 3,
    params: Array.from({ length: params }, (_, i) => `p${i}`),
    ...(doc ? { docRange: { startIndex: doc[0], endIndex: doc[1] } } : {}),
  });
  it.each([
    ['600 characters for no code at all', 600, symbol(0, 0), true],
    ['601 characters for no code at all', 601, symbol(0, 0), false],
    ['1,000 characters for 3 parameters and 50 characters of code', 1000, symbol(50, 3), true],
    ['1,500 characters for 1 parameter and 90 characters of code', 1500, symbol(90, 1), false],
    // The old docstring inside a Python body is not code.
    [
      '900 characters for 200 characters, 150 of them the old doc',
      900,
      symbol(200, 0, [10, 160]),
      false,
    ],
  ])('%s', (_name, length, sym, ok) => {
    expect(checkDocAgainstCode('x'.repeat(length), sym).ok).toBe(ok);
  });
});

describe('findAddedLines', () => {
  it('takes the + lines of the hunks, not the +++ header', () => {
    const diff =
      'diff --git a/m.py b/m.py\n--- a/m.py\n+++ b/m.py\n@@ -1,2 +1,3 @@\n def f():\n+    """Doc."""\r\n+++ x\n     return 1\n';
    expect(findAddedLines(diff)).toEqual(['    """Doc."""', '++ x']);
  });
});
