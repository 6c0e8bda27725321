import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../../src/analysis/types.js';
import { describeStyle, detectDocStyle } from '../../../src/tasks/docstring/style.js';
import type { DocStyle } from '../../../src/tasks/docstring/types.js';

const GOOGLE = `Loads the config.

Args:
    path: Where the file is.

Returns:
    The parsed config.`;

const GOOGLE_RAISES = `Opens it.

Raises:
    OSError: When the disk fails.`;

const NUMPY = `Loads the config.

Parameters
----------
path : str
    Where the file is.

Returns
-------
dict
    The parsed config.`;

const REST = `Loads the config.

:param path: Where the file is.
:returns: The parsed config.
:rtype: dict`;

const REST_RAISES = 'Opens it.\n\n:raises OSError: When the disk fails.';
const PLAIN = 'Loads the config from disk.';
const JSDOC = 'Adds.\n@param {number} a - The first.\n@param {number} b - The second.';
const JSDOC_RETURNS = 'Counts.\n@returns {number} How many.';
const TSDOC = 'Adds.\n@param a - The first.\n@param b - The second.\n@returns The sum.';

describe('detectDocStyle', () => {
  const cases: Array<[string, LanguageId, string[], DocStyle | 'auto' | undefined, DocStyle]> = [
    ['python without docs defaults to google', 'python', [], undefined, 'google'],
    ['python plain docs are no evidence', 'python', [PLAIN, PLAIN], undefined, 'google'],
    ['python google wins', 'python', [GOOGLE, GOOGLE_RAISES, NUMPY], undefined, 'google'],
    ['python numpy wins', 'python', [NUMPY, NUMPY, GOOGLE, PLAIN], undefined, 'numpy'],
    ['python rest wins', 'python', [REST, REST_RAISES, GOOGLE], undefined, 'rest'],
    ['python tie between numpy and rest -> google', 'python', [NUMPY, REST], undefined, 'google'],
    ['python forced numpy wins over evidence', 'python', [GOOGLE, GOOGLE], 'numpy', 'numpy'],
    ['python auto reads the evidence', 'python', [REST], 'auto', 'rest'],
    ['python ignores a style of another language', 'python', [REST], 'jsdoc', 'rest'],
    ['typescript without docs -> tsdoc', 'typescript', [], undefined, 'tsdoc'],
    [
      'typescript braced types -> jsdoc',
      'typescript',
      [JSDOC, JSDOC_RETURNS, TSDOC],
      'auto',
      'jsdoc',
    ],
    ['typescript unbraced -> tsdoc', 'typescript', [TSDOC, TSDOC, JSDOC], undefined, 'tsdoc'],
    ['typescript tie -> tsdoc', 'typescript', [TSDOC, JSDOC], undefined, 'tsdoc'],
    ['javascript without docs -> jsdoc', 'javascript', [PLAIN], undefined, 'jsdoc'],
    ['javascript unbraced -> tsdoc', 'javascript', [TSDOC], undefined, 'tsdoc'],
    ['javascript forced tsdoc', 'javascript', [JSDOC], 'tsdoc', 'tsdoc'],
    ['go', 'go', [GOOGLE], undefined, 'godoc'],
    ['go ignores a forced google', 'go', [], 'google', 'godoc'],
    ['rust', 'rust', [TSDOC], undefined, 'rustdoc'],
    ['java', 'java', [JSDOC], 'auto', 'javadoc'],
  ];
  it.each(cases)('%s', (_name, language, docs, forced, expected) => {
    expect(detectDocStyle(language, docs, forced)).toBe(expected);
  });

  it('does not count a NumPy "Returns" underline as Google', () => {
    expect(detectDocStyle('python', [NUMPY])).toBe('numpy');
  });
});

describe('describeStyle', () => {
  const cases: Array<[DocStyle, string[]]> = [
    ['google', ['Args:', '    name: ', 'Returns:', 'Raises:']],
    ['numpy', ['Parameters\n----------', 'name : type']],
    ['rest', [':param name:', ':returns:']],
    ['jsdoc', ['@param {string} name - ', '@returns {number}']],
    ['tsdoc', ['@param name - ', '@returns ', 'no types in braces']],
    ['godoc', ["symbol's name", 'full sentences']],
    ['rustdoc', ['# Errors', 'Markdown']],
    ['javadoc', ['@param name', '@return ', '@throws']],
  ];
  it.each(cases)('%s gives a template', (style, parts) => {
    const text = describeStyle(style);
    for (const part of parts) expect(text).toContain(part);
    expect(text).toContain('no comment markers');
    expect(text).toContain('no code fences');
  });
});
