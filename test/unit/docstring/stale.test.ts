import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/analysis/analyze-file.js';
import type { CodeSymbol, LanguageId } from '../../../src/analysis/types.js';
import { documentedParams, isDocStale } from '../../../src/tasks/docstring/stale.js';
import { findSymbol } from '../../helpers/symbols.js';

describe('documentedParams', () => {
  const cases: Array<[string, LanguageId, string, string[] | undefined]> = [
    ['no params documented', 'python', 'Loads the config from disk.', undefined],
    ['a Returns section alone', 'python', 'Counts.\n\nReturns:\n    int: How many.', undefined],
    [
      'google with types, star args and continuation lines',
      'python',
      'Get.\n\nArgs:\n    key (str): The key,\n        on two lines.\n    *args: More.\n    **kwargs: Options.\n\nReturns:\n    x: not a param.',
      ['key', 'args', 'kwargs'],
    ],
    ['google Arguments header', 'python', 'Get.\n\nArguments:\n    a: A.\n    b: B.', ['a', 'b']],
    ['google Parameters: header', 'python', 'Get.\n\nParameters:\n    a: A.', ['a']],
    [
      'numpy with a shared line and a Returns section after',
      'python',
      'Put.\n\nParameters\n----------\nkey, value : str\n    Things.\nflag : bool, optional\n    A flag.\n*args\n    More.\n\nReturns\n-------\nbool\n    Whether it worked.',
      ['key', 'value', 'flag', 'args'],
    ],
    [
      'rest with and without a type',
      'python',
      'Doc.\n\n:param a: A.\n:param int b: B.\n:param Dict[str, int] c: C.\n:returns: R.',
      ['a', 'b', 'c'],
    ],
    [
      'jsdoc with types, optional names, defaults and properties',
      'javascript',
      'Make.\n@param {string} name - The name.\n@param {{a: number}} opts - Options.\n@param {number} opts.a - A.\n@param {string} [label] - A label.\n@param {number} [size=3] - A size.\n@returns {Thing} The thing.',
      ['name', 'opts', 'label', 'size'],
    ],
    ['tsdoc', 'typescript', 'Add.\n@param a - First.\n@param b - Second.', ['a', 'b']],
    ['tsdoc rest param', 'typescript', 'Sum.\n@param ...nums - Numbers.', ['nums']],
    [
      'javadoc skips type parameters',
      'java',
      'Copy.\n@param <T> the type\n@param src the source\n@return the copy',
      ['src'],
    ],
    [
      'rust arguments section ends at the next heading',
      'rust',
      'Adds.\n\n# Arguments\n\n* `a` - First.\n* `b` - Second.\n\n# Examples\n\n* `c` - not an argument',
      ['a', 'b'],
    ],
    ['rust without arguments', 'rust', 'Adds.\n\n# Panics\n\n* `a` - never.', undefined],
    ['go has no convention', 'go', 'Do does it.\n@param a the a', undefined],
  ];
  it.each(cases)('%s', (_name, language, doc, expected) => {
    expect(documentedParams(doc, language)).toEqual(expected);
  });
});

const FILES: Record<string, string> = {
  'google.py': `def load(path, strict=False):
    """Load a file.

    Args:
        path (str): Where it is.
        strict: Whether to fail.
    """


def removed(path):
    """Load a file.

    Args:
        path: Where it is.
        encoding: Gone now.
    """


def renamed(location, *args, **kwargs):
    """Load a file.

    Args:
        path: Where it is.
        *args: More.
        **kwargs: Options.
    """


def plain(path):
    """Load a file from disk."""


class Loader:
    """Loads files.

    Args:
        root: The folder.
    """

    def __init__(self, base):
        pass
`,
  'numpy.py': `def added(a, b, c):
    """Add.

    Parameters
    ----------
    a, b : int
        Numbers.
    """


def same(a, b):
    """Add.

    Parameters
    ----------
    a, b : int
        Numbers.
    """
`,
  'rest.py': `class Store:
    def put(self, key, value):
        """Put.

        :param str key: The key.
        :param value: The value.
        """

    def get(self, name):
        """Get.

        :param key: The key.
        """
`,
  'calc.ts': `/**
 * Adds.
 * @param a - First.
 * @param b - Second.
 */
export function add(a: number, b: number): number { return a + b; }

/**
 * Adds.
 * @param a - First.
 * @param b - Second.
 */
export function addRenamed(a: number, c: number): number { return a + c; }

/**
 * Makes one.
 * @param options - The options.
 * @param options.size - Its size.
 * @param label - A label.
 */
export function make({ size }: { size: number }, label: string): string { return label + size; }

/**
 * Makes one.
 * @param size - Its size.
 * @param color - Its color.
 */
export function makeSpread({ size, color }: Opts): string { return color + size; }

/**
 * Makes one.
 * @param options - The options.
 */
export function makeMissing({ size }: Opts, label: string): string { return label + size; }

/** Sums. @param {...number} nums - Numbers. */
export function sum(...nums: number[]): number { return 0; }
`,
  'Box.java': `public class Box {
    /**
     * Copies.
     * @param <T> the type
     * @param src the source
     * @param limit the limit
     * @return the copy
     */
    public static <T> T copy(T src, int limit) { return src; }

    /**
     * Copies.
     * @param src the source
     * @param limit the limit
     */
    public static <T> T copyAll(T src) { return src; }
}
`,
  'lib.rs': `/// Adds.
///
/// # Arguments
///
/// * \`a\` - First.
/// * \`b\` - Second.
pub fn add(a: i32, mut b: i32) -> i32 { a + b }

/// Adds.
///
/// # Arguments
///
/// * \`a\` - First.
/// * \`b\` - Second.
pub fn add_ref(a: i32, &c: &i32) -> i32 { a + c }

/// Adds two numbers.
pub fn plain(a: i32, b: i32) -> i32 { a + b }
`,
  'variadic.py': `def spread(a, *args, **kwargs):
    """Spread.

    Args:
        a: The a.
    """


def selfish(self, a):
    """Selfish.

    Args:
        a: The a.
    """


def lost(a, *args):
    """Lost.

    Args:
        b: The b.
    """


class Meta(type):
    def __new__(mcs, name):
        """New.

        Args:
            name: The name.
        """

    def m(self, a):
        """M.

        Args:
            self: The instance.
            a: The a.
        """
`,
  'rest.ts': `/**
 * Sums.
 * @param first - The first.
 */
export function total(first: number, ...more: number[]): number { return first; }
`,
  'Log.java': `class Log {
    /**
     * Logs.
     * @param fmt the format
     */
    void log(String fmt, Object... args) {}
}
`,
  'main.go': `package main

// Do does it with a and b.
func Do(a int, c int) {}
`,
};

describe('isDocStale on real symbols', () => {
  let dir = '';
  const symbols = new Map<string, CodeSymbol[]>();
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-stale-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.writeFileSync(path.join(dir, name), text);
      const analysis = await analyzeFile(path.join(dir, name), { maxFileBytes: 1_000_000 });
      if (!analysis.ok) throw new Error(analysis.message);
      symbols.set(name, analysis.symbols);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: Array<[string, LanguageId, string, boolean]> = [
    ['google.py', 'python', 'load', false],
    ['google.py', 'python', 'removed', true],
    ['google.py', 'python', 'renamed', true],
    ['google.py', 'python', 'plain', false],
    ['google.py', 'python', 'Loader', false],
    ['numpy.py', 'python', 'added', true],
    ['numpy.py', 'python', 'same', false],
    ['rest.py', 'python', 'Store.put', false],
    ['rest.py', 'python', 'Store.get', true],
    ['calc.ts', 'typescript', 'add', false],
    ['calc.ts', 'typescript', 'addRenamed', true],
    ['calc.ts', 'typescript', 'make', false],
    ['calc.ts', 'typescript', 'makeSpread', false],
    ['calc.ts', 'typescript', 'makeMissing', true],
    ['calc.ts', 'typescript', 'sum', false],
    ['Box.java', 'java', 'Box.copy', false],
    ['Box.java', 'java', 'Box.copyAll', true],
    ['lib.rs', 'rust', 'add', false],
    ['lib.rs', 'rust', 'add_ref', true],
    ['lib.rs', 'rust', 'plain', false],
    ['main.go', 'go', 'Do', false],
    ['variadic.py', 'python', 'spread', false],
    ['variadic.py', 'python', 'selfish', false],
    ['variadic.py', 'python', 'lost', true],
    ['variadic.py', 'python', 'Meta.__new__', false],
    ['variadic.py', 'python', 'Meta.m', false],
    ['rest.ts', 'typescript', 'total', false],
    ['Log.java', 'java', 'Log.log', false],
  ];
  it.each(cases)('%s %s %s -> stale %s', (file, language, name, stale) => {
    const symbol = findSymbol(symbols.get(file) ?? [], name);
    expect(symbol.hasDoc).toBe(true);
    expect(isDocStale(symbol, language)).toBe(stale);
  });

  it('treats a symbol without a doc as not stale', () => {
    const symbol = findSymbol(symbols.get('google.py') ?? [], 'Loader.__init__');
    expect(isDocStale(symbol, 'python')).toBe(false);
  });
});
