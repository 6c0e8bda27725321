import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../../src/analysis/types.js';
import { escapeDocstring, renderDoc } from '../../../src/tasks/docstring/render.js';
import type { DocStyle } from '../../../src/tasks/docstring/types.js';

interface Row {
  language: LanguageId;
  style: DocStyle;
  indent: string;
  width?: number;
  doc: string;
  lines: string[];
}

function row(
  language: LanguageId,
  style: DocStyle,
  indent: string,
  doc: string,
  lines: string[],
  width?: number,
): [string, Row] {
  return [
    `${language}/${style} ${JSON.stringify(doc).slice(0, 50)}`,
    { language, style, indent, doc, lines, width },
  ];
}

describe('renderDoc: markers and layout', () => {
  it.each([
    row('python', 'google', '    ', 'Adds.', ['    """Adds."""']),
    row('python', 'google', '\t', 'Adds.\n\nArgs:\n    a: The a.', [
      '\t"""Adds.',
      '',
      '\tArgs:',
      '\t    a: The a.',
      '\t"""',
    ]),
    row('python', 'numpy', '', '\n  Adds.  \r\n\r\nReturns\n-------\nint\n    The sum.\n\n', [
      '"""Adds.',
      '',
      'Returns',
      '-------',
      'int',
      '    The sum.',
      '"""',
    ]),
    // 18 columns: too few for the summary even without the closing quotes, so it wraps.
    row('python', 'google', '', 'Adds two numbers.', ['"""Adds two', 'numbers.', '"""'], 18),
    // 20 columns: room for the summary after the quotes, but not for the closing ones too.
    row('python', 'google', '', 'Adds two numbers.', ['"""Adds two numbers.', '"""'], 20),
    // No space to break at: it stays one long line.
    row('python', 'google', '', 'Supercalifragilistic.', ['"""Supercalifragilistic."""'], 20),
    row('typescript', 'tsdoc', '  ', 'Adds.', ['  /** Adds. */']),
    row('typescript', 'tsdoc', '  ', 'Adds.\n\n@param a - The a.', [
      '  /**',
      '   * Adds.',
      '   *',
      '   * @param a - The a.',
      '   */',
    ]),
    // 16 columns: `/** Adds two. */` fits exactly; one more character does not.
    row('javascript', 'jsdoc', '', 'Adds two.', ['/** Adds two. */'], 16),
    row('javascript', 'jsdoc', '', 'Adds two!!', ['/**', ' * Adds two!!', ' */'], 16),
    row('java', 'javadoc', '    ', 'Adds.\n@return the sum', [
      '    /**',
      '     * Adds.',
      '     * @return the sum',
      '     */',
    ]),
    row('go', 'godoc', '\t', 'Add adds.\n\nIt is pure.', [
      '\t// Add adds.',
      '\t//',
      '\t// It is pure.',
    ]),
    row('rust', 'rustdoc', '    ', 'Adds.\n\n# Panics\n\nNever.', [
      '    /// Adds.',
      '    ///',
      '    /// # Panics',
      '    ///',
      '    /// Never.',
    ]),
  ])('%s', (_, { doc, lines, ...options }) => {
    expect(renderDoc(doc, options)).toEqual(lines);
  });
});

describe('renderDoc: escapes', () => {
  it.each([
    ['backslashes double', ['C:\\new'], ['C:\\\\new']],
    ['triple quotes are escaped', ['a """ b'], ['a \\"\\"\\" b']],
    ['a final quote is escaped', ['say "hi"'], ['say "hi\\"']],
    ['a final escaped triple quote stays', ['end """'], ['end \\"\\"\\"']],
    ['a quote after a backslash', ['x\\"'], ['x\\\\\\"']],
    ['only the last line ends the string', ['"a"', 'b"'], ['"a"', 'b\\"']],
  ])('%s', (_, lines, escaped) => {
    expect(escapeDocstring(lines)).toEqual(escaped);
  });

  it('escapes */ in block comments but not in line comments', () => {
    const options = { style: 'tsdoc', indent: '', width: 80 } as const;
    expect(renderDoc('Globs like a/**/b.', { ...options, language: 'typescript' })).toEqual([
      '/** Globs like a/**\\/b. */',
    ]);
    expect(renderDoc('Globs like a/**/b.', { ...options, language: 'go' })).toEqual([
      '// Globs like a/**/b.',
    ]);
  });
});

describe('renderDoc: wrapping', () => {
  it.each([
    row(
      'typescript',
      'tsdoc',
      '',
      'one two three four five six seven',
      ['/**', ' * one two three four', ' * five six seven', ' */'],
      24,
    ),
    // A tag's text continues two spaces in.
    row(
      'typescript',
      'tsdoc',
      '',
      'Sum.\n@param a - the first addend',
      ['/**', ' * Sum.', ' * @param a - the first', ' *   addend', ' */'],
      24,
    ),
    // A Google argument continues four spaces deeper than itself.
    row(
      'python',
      'google',
      '',
      'Sum.\n\nArgs:\n    a: the first addend',
      ['"""Sum.', '', 'Args:', '    a: the first', '        addend', '"""'],
      20,
    ),
    // A numpy description keeps its own indentation.
    row(
      'python',
      'numpy',
      '',
      'Sum.\n\na : int\n    the first addend',
      ['"""Sum.', '', 'a : int', '    the first', '    addend', '"""'],
      18,
    ),
    row(
      'python',
      'rest',
      '',
      'Sum.\n\n:param a: the first addend',
      ['"""Sum.', '', ':param a: the', '    first addend', '"""'],
      18,
    ),
    // A bullet's text continues under itself.
    row('rust', 'rustdoc', '', '- one two three four', ['/// - one two three', '///   four'], 20),
    // Never inside a code span or (JSDoc) braces, never before an `@`.
    row(
      'javascript',
      'jsdoc',
      '',
      'use `a b c d` {@link X y} now @see',
      ['/**', ' * use', ' * `a b c d`', ' * {@link X y}', ' * now @see', ' */'],
      14,
    ),
    // A word longer than the width stays whole.
    row(
      'go',
      'godoc',
      '',
      'see https://example.com/a/very/long/path ok',
      ['// see', '// https://example.com/a/very/long/path', '// ok'],
      20,
    ),
    // A tab counts four columns: `\t// ` is 7 of the 16.
    row('go', 'godoc', '\t', 'one two three', ['\t// one two', '\t// three'], 16),
  ])('%s', (_, { doc, lines, ...options }) => {
    const rendered = renderDoc(doc, options);
    expect(rendered).toEqual(lines);
  });

  it('keeps every line within the width when it can', () => {
    const doc = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = renderDoc(doc, {
      language: 'python',
      style: 'google',
      indent: '        ',
      width: 50,
    });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(lines.length).toBeGreaterThan(3);
  });
});
