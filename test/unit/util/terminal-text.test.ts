import { describe, expect, it } from 'vitest';
import { escapeControls, quoteName, quoteNameIn } from '../../../src/util/terminal-text.js';

describe('escapeControls', () => {
  it.each([
    ['plain text, tabs\tand\nlines', 'plain text, tabs\tand\nlines'],
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['title\u001b]0;owned\u0007', 'title\\x1b]0;owned\\x07'],
    ['over\rwrite', 'over\\rwrite'],
    ['c1 \u009b2J', 'c1 \\x9b2J'],
    ['del \u007f', 'del \\x7f'],
    ['bidi \u202egnp.exe', 'bidi \\u202egnp.exe'],
    ['isolate \u2066x\u2069', 'isolate \\u2066x\\u2069'],
    ['unicode é 日本 "q" \\ kept', 'unicode é 日本 "q" \\ kept'],
  ])('%j -> %j', (text, shown) => {
    expect(escapeControls(text)).toBe(shown);
  });
});

describe('quoteName', () => {
  it.each([
    ['src/app.py', 'src/app.py'],
    ['with space/é.py', 'with space/é.py'],
    ['a\tb.py', '"a\\tb.py"'],
    ['new\nline.py', '"new\\nline.py"'],
    ['\u001b[2Jclear.py', '"\\x1b[2Jclear.py"'],
    ['quo"te.py', '"quo\\"te.py"'],
    ['back\\slash.py', '"back\\\\slash.py"'],
    ['\u202eyp.exe', '"\\u202eyp.exe"'],
  ])('%j -> %j', (name, shown) => {
    expect(quoteName(name)).toBe(shown);
  });

  it('quotes the name that starts a location and escapes the rest', () => {
    expect(quoteNameIn('a\tb.py:3', 'a\tb.py')).toBe('"a\\tb.py":3');
    expect(quoteNameIn('fn\u001b', 'other.py')).toBe('fn\\x1b');
  });
});
