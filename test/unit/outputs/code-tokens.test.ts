import { describe, expect, it } from 'vitest';
import { listCodeTokens, STATEMENT_END } from '../../../src/analysis/code-tokens.js';

async function tokensOf(path: string, text: string): Promise<string[]> {
  const listed = await listCodeTokens(path, text);
  if (!listed.ok) throw new Error(listed.reason);
  return listed.tokens;
}

/** [file, one text, another text] that differ only in whitespace, comments or docstrings. */
const SAME: [string, string, string][] = [
  ['a.py', 'f( a,b )\n', 'f(a, b)\n'],
  ['a.py', 'def f(): return x\n', 'def f():\n    """Doc."""\n    return x\n'],
  ['a.py', 'def f():\n    return x\n', 'def f():\r\n\t# note\r\n\treturn x\r\n'],
  ['a.py', 'class A:\n    x = 1\n', "class A:\n    '''Doc.'''\n\n    x = 1\n"],
  ['a.py', 'x = 1\n', '"""Module doc."""\n# comment\nx = 1\n'],
  ['a.py', 'y = (1 +\n     2)\n', 'y = (1 + \\\n     2)\n'],
  ['a.ts', 'f( a,b )', 'f(a, b)'],
  ['a.ts', 'const x = 1;\n', '/** Doc. */\nconst x = 1; // trailing\n'],
  [
    'a.ts',
    'function f() {\n  return 1;\n}\n',
    '/**\r\n * Doc.\r\n */\r\nfunction f() {\r\n\treturn 1;\r\n}\r\n',
  ],
  ['a.js', 'const r = /a\\/b/g;', '/* c */ const r = /a\\/b/g; // d'],
  ['a.tsx', 'const e = <div>\n  hi\n</div>;', 'const e = <div>\n\t\thi\n\t</div>;'],
  ['a.jsx', 'const e = <p>a b</p>;', '/** Doc. */\nconst e = <p>a b</p>;'],
  ['a.go', 'package p\nfunc f( a int ) {}\n', 'package p\n\n// F does.\nfunc f(a int) {}\n'],
  ['a.go', 'package p\n/* x */\nvar v = 1\n', 'package p\r\nvar v = 1 // y\r\n'],
  ['a.rs', 'fn f( a: i32 ) {}\n', '//! Crate.\n\n/// F does.\n/** More. */\nfn f(a: i32) {}\n'],
  ['a.rs', 'fn f() { g(1) }\n', 'fn f() {\n    // c\n    g(1) /* d */\n}\n'],
  [
    'A.java',
    'class A { int f( int a ) { return a; } }',
    '/** A. */\nclass A {\n  // c\n  int f(int a) { return a; }\n}',
  ],
];

/** [file, one text, another text] whose code differs. */
const DIFFERENT: [string, string, string][] = [
  ['a.py', 'x = "a"\n', 'x = "b"\n'],
  ['a.py', 'x = "a b"\n', 'x = "a  b"\n'],
  ['a.py', 'x = "\\n \\t"\n', 'x = "\\n\\t"\n'],
  ['a.py', 'def f():\n    y = 1\n    "mid"\n', 'def f():\n    y = 1\n    "MID"\n'],
  ['a.py', 'def f():\n    f"{g()}"\n', 'def f():\n    f"{h()}"\n'],
  ['a.py', 'if a:\n    x()\ny()\n', 'if a:\n    x()\n    y()\n'],
  ['a.py', 'x = a\n(b)\n', 'x = a (b)\n'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as text
  ['a.ts', 'const s = `a${b}c`;', 'const s = `a${b}d`;'],
  ['a.ts', 'function f() {\n  return x;\n}', 'function f() {\n  return /*\n */ x;\n}'],
  ['a.ts', 'class A {\n  async\n  m() {}\n}', 'class A {\n  async m() {}\n}'],
  ['a.js', 'const r = /a+b/g;', 'const r = /a+c/g;'],
  ['a.js', 'const r = a / b / g;', 'const r = a / c / g;'],
  ['a.tsx', 'const e = <p>Hello</p>;', 'const e = <p>Bye</p>;'],
  ['a.tsx', 'const e = <p>a</p>;', 'const e = <p>{/** doc */}a</p>;'],
  [
    'a.go',
    'package p\nfunc f() int {\n\treturn 1\n}\n',
    'package p\nfunc f() int {\n\treturn 2\n}\n',
  ],
  ['a.go', 'package p\nvar s = "a b"\n', 'package p\nvar s = "a  b"\n'],
  ['a.go', 'package p\nvar s = `a b`\n', 'package p\nvar s = `a\tb`\n'],
  ['a.rs', 'fn f() -> i32 { 1 }\n', 'fn f() -> i32 { 2 }\n'],
  ['a.rs', 'const S: &str = r#"a b"#;\n', 'const S: &str = r#"a  b"#;\n'],
  ['A.java', 'class A { String s = "a"; }', 'class A { String s = "b"; }'],
  [
    'A.java',
    'class A { @Override public String toString() { return ""; } }',
    'class A { public String toString() { return ""; } }',
  ],
];

describe('listCodeTokens', () => {
  it.each(SAME)('%s: the same tokens for %j and %j', async (path, one, other) => {
    expect(await tokensOf(path, other)).toEqual(await tokensOf(path, one));
  });

  it.each(DIFFERENT)('%s: different tokens for %j and %j', async (path, one, other) => {
    expect(await tokensOf(path, other)).not.toEqual(await tokensOf(path, one));
  });

  it('lists the tokens in order, without whitespace', async () => {
    expect(await tokensOf('a.py', 'f( a,b )\n')).toEqual([
      'f',
      '(',
      'a',
      ',',
      'b',
      ')',
      STATEMENT_END,
    ]);
    expect(await tokensOf('a.ts', 'f( a,b )')).toEqual([
      'f',
      '(',
      'a',
      ',',
      'b',
      ')',
      STATEMENT_END,
    ]);
  });

  it('keeps a string statement that is not the first of a body', async () => {
    const tokens = await tokensOf(
      'a.py',
      'def f():\n    """Doc."""\n    y = 1\n    """Not a doc."""\n',
    );
    expect(tokens).toContain('"""Not a doc."""');
    expect(tokens).not.toContain('"""Doc."""');
  });

  it('keeps a first statement that is an f-string or bytes: Python makes no doc of those', async () => {
    expect(await tokensOf('a.py', 'def f():\n    f"x{y}"\n')).toContain('f"x{y}"');
    expect(await tokensOf('a.py', 'class A:\n    b"x"\n')).toContain('b"x"');
  });

  it('skips Rust outer and inner doc comments whole', async () => {
    const tokens = await tokensOf('a.rs', '//! Inner.\n/// Outer.\n/*! Block. */\nfn f() {}\n');
    expect(tokens).toEqual(['fn', 'f', '(', ')', '{', '}', STATEMENT_END]);
  });

  it('skips Go and Java comments', async () => {
    expect(await tokensOf('a.go', 'package p // p\n// F.\nfunc F() {}\n')).toEqual([
      'package',
      'p',
      STATEMENT_END,
      'func',
      'F',
      '(',
      ')',
      '{',
      '}',
      STATEMENT_END,
    ]);
    expect(await tokensOf('A.java', '/** A. */ class A { /* x */ } // y')).toEqual([
      'class',
      'A',
      '{',
      '}',
    ]);
  });

  it('keeps regular expressions and template strings in their tokens', async () => {
    expect(await tokensOf('a.js', 'x = /[/]\\//g')).toContain('/[/]\\//g');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as text
    expect(await tokensOf('a.ts', 'x = `a${b}c`')).toEqual([
      'x',
      '=',
      '`a${',
      'b',
      '}c`',
      STATEMENT_END,
    ]);
  });

  it('reads line endings inside a literal as \\n', async () => {
    const lf = await tokensOf('a.py', 'x = """a\nb"""\n');
    expect(await tokensOf('a.py', 'x = """a\r\nb"""\r\n')).toEqual(lf);
  });

  it('counts syntax errors', async () => {
    const cases: [string, string][] = [
      ['a.py', 'def f(:\n'],
      ['a.ts', 'function f( {'],
      ['a.go', 'package p\nfunc f( {'],
      ['a.rs', 'fn f( {'],
      ['A.java', 'class A { void f( }'],
    ];
    for (const [path, text] of cases) {
      const listed = await listCodeTokens(path, text);
      expect(listed.ok && listed.parseErrors, path).toBeGreaterThan(0);
    }
    const clean = await listCodeTokens('a.py', 'x = 1\n');
    expect(clean.ok && clean.parseErrors).toBe(0);
  });

  it('refuses a file type it does not read', async () => {
    expect(await listCodeTokens('notes.txt', 'x')).toEqual({
      ok: false,
      reason: 'notes.txt: not a language hearth reads',
    });
  });
});
