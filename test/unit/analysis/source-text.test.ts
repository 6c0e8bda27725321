import { describe, expect, it } from 'vitest';
import { collapseWhitespace, SourceText } from '../../../src/analysis/source-text.js';

describe('SourceText', () => {
  const text = '# größe\r\nfunction 名前() {\r\n  return 1;\r\n}\r\n';
  const source = new SourceText(text);

  it('turns UTF-16 indices into 1-based lines and UTF-8 bytes', () => {
    const start = text.indexOf('function');
    const end = text.indexOf('}') + 1;
    expect(source.range(start, end)).toEqual({
      startIndex: start,
      endIndex: end,
      startByte: Buffer.byteLength(text.slice(0, start)),
      endByte: Buffer.byteLength(text.slice(0, end)),
      startLine: 2,
      endLine: 4,
    });
    expect(source.range(start, end).startByte).toBe(start + 2);
  });

  it('counts a range that ends just after a newline as ending on the line before', () => {
    expect(source.range(0, text.indexOf('\n') + 1)).toMatchObject({ startLine: 1, endLine: 1 });
  });

  it('hashes code without the excluded doc, and ignores line endings and trailing spaces', () => {
    const a = new SourceText('def f():\n    """Doc."""\n    return 1\n');
    const b = new SourceText('def f():  \r\n    return 1\r\n');
    const docStart = a.text.indexOf('"""');
    const docEnd = a.text.lastIndexOf('"""') + 3;
    const withoutDoc = a.hashCode(0, a.text.length, { startIndex: docStart, endIndex: docEnd + 5 });
    expect(withoutDoc).toBe(b.hashCode(0, b.text.length));
    expect(a.hashCode(0, a.text.length)).not.toBe(withoutDoc);
  });
});

describe('collapseWhitespace', () => {
  it.each([
    ['def  f(a,\n    b)', 'def f(a, b)'],
    ['fn run(\n    &self,\n    count: usize,\n) -> bool', 'fn run(&self, count: usize) -> bool'],
    ['def f(a=(1,)):', 'def f(a=(1,)):'],
    ['  class\tC  ', 'class C'],
  ])('%j -> %j', (input, expected) => {
    expect(collapseWhitespace(input)).toBe(expected);
  });
});
