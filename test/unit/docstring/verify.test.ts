import { describe, expect, it } from 'vitest';
import { verifyDocPatch } from '../../../src/tasks/docstring/verify.js';

/** One patch: `after` is `before` with each [find, replace] applied once. */
interface Case {
  name: string;
  target: string;
  edits: [string, string][];
  /** true when the patch must pass; otherwise what the reason must contain. */
  expected: true | string | RegExp;
  doc?: string;
  /** Turn the LF line ends of `after` into CRLF, after the edits. */
  crlf?: true;
}

const PYTHON = `import sys


def f(): return x


class A:
    def m(self):
        return 1

    def n(self):
        """Old doc."""
        return 2

    @staticmethod
    def s():
        x = "a"
        return x
`;

const PYTHON_CASES: Case[] = [
  {
    name: 'a docstring added to a one-line def, split onto lines',
    target: 'f',
    edits: [['def f(): return x', 'def f():\n    """Return x."""\n    return x']],
    doc: 'Return x.',
    expected: true,
  },
  {
    name: 'a docstring added to a method',
    target: 'A.m',
    edits: [['(self):\n        return 1', '(self):\n        """Return one."""\n        return 1']],
    expected: true,
  },
  {
    // Issue 13: a doc someone wrote is never replaced whole (this passed before).
    name: 'a docstring someone wrote replaced whole',
    target: 'A.n',
    edits: [['"""Old doc."""', '"""Return two.\n\n        Always.\n        """']],
    expected: /would remove line 12 of the doc of A\.n/,
  },
  {
    name: 'the code changed too: return x became return y',
    target: 'f',
    edits: [['def f(): return x', 'def f():\n    """Return x."""\n    return y']],
    expected: 'code changed at token 10: "x" became "y"',
  },
  {
    name: 'an import added as code',
    target: 'f',
    edits: [['def f(): return x', 'def f():\n    """Doc."""\n    import os\n    return x']],
    expected: 'code changed at token',
  },
  {
    name: 'a decorator removed',
    target: 'A.s',
    edits: [['    @staticmethod\n    def s():\n', '    def s():\n        """Doc."""\n']],
    expected: '"@" became "def"',
  },
  {
    name: 'a docstring with an unescaped """ that ends it early',
    target: 'f',
    edits: [
      ['def f(): return x', 'def f():\n    """Say """ + os.system("x") + """ ok."""\n    return x'],
    ],
    expected: /code changed|does not parse/,
  },
  {
    name: 'a docstring added to a decorated static method',
    target: 'A.s',
    edits: [
      ['    def s():\n        x = "a"\n', '    def s():\n        """Doc."""\n        x = "a"\n'],
    ],
    expected: true,
  },
  {
    name: 'a statement moved out of its block',
    target: 'A.s',
    edits: [
      ['        x = "a"\n        return x', '        """Doc."""\n        x = "a"\n    return x'],
    ],
    expected: /code changed|does not parse/,
  },
  {
    name: 'a string that is not a docstring changed',
    target: 'A.s',
    edits: [['        x = "a"\n', '        """Doc."""\n        x = "b"\n']],
    expected: 'code changed at token',
  },
  {
    name: 'the doc went to the wrong symbol',
    target: 'A.m',
    edits: [['def f(): return x', 'def f():\n    """Return x."""\n    return x']],
    expected: 'A.m has no doc after the patch',
  },
  {
    name: 'another symbol’s doc changed too',
    target: 'A.m',
    edits: [
      ['(self):\n        return 1', '(self):\n        """Return one."""\n        return 1'],
      ['"""Old doc."""', '"""Other."""'],
    ],
    expected: 'the doc of A.n changed too',
  },
  {
    name: 'an empty docstring when a doc was given',
    target: 'f',
    edits: [['def f(): return x', 'def f():\n    """"""\n    return x']],
    doc: 'Return x.',
    expected: 'the doc of f is empty after the patch',
  },
  {
    name: 'a syntax error',
    target: 'f',
    edits: [['def f(): return x', 'def f():\n    """Doc."""\n    return x)']],
    expected: /the patched file does not parse: 1 new syntax error$/,
  },
  {
    name: 'a doc for a symbol that is not there',
    target: 'A.z',
    edits: [],
    expected: 'there is no symbol A.z',
  },
];

const TYPESCRIPT = `import { readFile } from 'node:fs';

export function greet(name: string): string {
  return \`Hello, \${name}!\`;
}

export class Greeter {
  /** Old. */
  hello(): string {
    return greet('x');
  }

  bye(): void {}
}
`;

const TYPESCRIPT_CASES: Case[] = [
  {
    name: 'a doc comment added above a function',
    target: 'greet',
    edits: [['export function greet', '/** Greets someone. */\nexport function greet']],
    doc: 'Greets someone.',
    expected: true,
  },
  {
    name: 'a doc someone wrote replaced whole',
    target: 'Greeter.hello',
    edits: [['/** Old. */', '/**\n   * Says hello.\n   */']],
    expected: /would remove line 8 of the doc of Greeter\.hello/,
  },
  {
    name: 'an identifier renamed',
    target: 'greet',
    edits: [['export function greet(name', '/** Greets. */\nexport function greet(who']],
    expected: 'code changed at token 13: "name" became "who"',
  },
  {
    name: 'a template literal changed',
    target: 'greet',
    edits: [
      ['export function greet', '/** Greets. */\nexport function greet'],
      ['`Hello, ', '`Hi, '],
    ],
    expected: '"`Hello, ${" became "`Hi, ${"',
  },
  {
    name: 'a broken */ leaves stray tokens',
    target: 'greet',
    edits: [['export function greet', '/** Ends */ early */\nexport function greet']],
    expected: /code changed|does not parse/,
  },
  {
    name: 'an unclosed doc swallows code into a comment',
    target: 'greet',
    edits: [['export function greet', '/** Greets.\nexport function greet']],
    expected: /code changed|does not parse/,
  },
  {
    name: 'a line break in a comment after return inserts a semicolon',
    target: 'greet',
    edits: [['return `Hello', 'return /** Doc.\n   */ `Hello']],
    expected: 'became the end of a statement',
  },
  {
    name: 'the doc went to the wrong symbol',
    target: 'Greeter.bye',
    edits: [['export function greet', '/** Greets. */\nexport function greet']],
    expected: 'Greeter.bye has no doc after the patch',
  },
  {
    name: 'another symbol’s doc changed too',
    target: 'greet',
    edits: [
      ['export function greet', '/** Greets. */\nexport function greet'],
      ['/** Old. */', '/** New. */'],
    ],
    expected: 'the doc of Greeter.hello changed too',
  },
];

const JAVASCRIPT = `const re = /a+b/g;

function count(text) {
  return text.match(re).length;
}

module.exports = { count };
`;

const JAVASCRIPT_CASES: Case[] = [
  {
    name: 'a JSDoc added',
    target: 'count',
    edits: [
      ['function count', '/**\n * Counts matches.\n * @param {string} text\n */\nfunction count'],
    ],
    expected: true,
  },
  {
    name: 'a regex literal changed',
    target: 'count',
    edits: [
      ['function count', '/** Counts. */\nfunction count'],
      ['/a+b/g', '/a+c/g'],
    ],
    expected: 'code changed at token 4: "/a+b/g" became "/a+c/g"',
  },
  {
    name: 'a require added as code',
    target: 'count',
    edits: [['function count', "/** Counts. */\nrequire('child_process');\nfunction count"]],
    expected: '"function" became "require"',
  },
];

const TSX = `export function Button(props: { label: string }) {
  return <button className="btn">{props.label}</button>;
}
`;

const TSX_CASES: Case[] = [
  {
    name: 'a doc added, the file indented with tabs',
    target: 'Button',
    edits: [
      ['export function', '/** A button. */\nexport function'],
      ['\n  return', '\n\treturn'],
    ],
    expected: true,
  },
  {
    name: 'a JSX attribute changed',
    target: 'Button',
    edits: [
      ['export function', '/** A button. */\nexport function'],
      ['"btn"', '"danger"'],
    ],
    expected: 'code changed at token',
  },
  {
    name: 'a doc put inside the JSX',
    target: 'Button',
    edits: [['<button className="btn">', '<button className="btn">{/** A button. */}']],
    expected: 'code changed at token',
  },
];

const JSX = `export default function App() {
  return (
    <div>
      Hello
    </div>
  );
}
`;

const JSX_CASES: Case[] = [
  {
    name: 'a doc added and the JSX text re-indented',
    target: 'App',
    edits: [
      ['export default', '/** The app. */\nexport default'],
      ['      Hello\n', '\t\t\tHello\n'],
    ],
    expected: true,
  },
  {
    name: 'the JSX text changed',
    target: 'App',
    edits: [
      ['export default', '/** The app. */\nexport default'],
      ['Hello', 'Bye'],
    ],
    expected: '"Hello" became "Bye"',
  },
];

const GO = `package shapes

import "math"

// Area is stale.
func Area(r float64) float64 {
	return math.Pi * r * r
}

type Circle struct {
	R float64
}

func (c Circle) Perimeter() float64 {
	return 2 * math.Pi * c.R
}
`;

const GO_CASES: Case[] = [
  {
    name: 'a doc someone wrote replaced whole',
    target: 'Area',
    edits: [['// Area is stale.', '// Area returns the area of a circle\n// of radius r.']],
    expected: /would remove line 5 of the doc of Area/,
  },
  {
    name: 'a doc added to a method, CRLF line ends',
    target: 'Circle.Perimeter',
    edits: [['func (c Circle)', '// Perimeter returns the length around c.\nfunc (c Circle)']],
    crlf: true,
    expected: true,
  },
  {
    name: 'the code changed too',
    target: 'Circle.Perimeter',
    edits: [
      ['func (c Circle)', '// Perimeter returns it.\nfunc (c Circle)'],
      ['2 * math.Pi * c.R', '2 * c.R'],
    ],
    expected: '"math" became "c"',
  },
  {
    name: 'an import added',
    target: 'Circle',
    edits: [['import "math"\n\n', 'import "math"\nimport "os"\n\n// Circle is round.\n']],
    expected: 'code changed at token',
  },
  {
    name: 'a broken */ leaves stray tokens',
    target: 'Circle',
    edits: [['type Circle', '/* Circle */ is round. */\ntype Circle']],
    expected: /code changed|does not parse/,
  },
  {
    name: 'another symbol’s doc changed too',
    target: 'Circle',
    edits: [
      ['type Circle', '// Circle is round.\ntype Circle'],
      ['// Area is stale.\n', ''],
    ],
    expected: 'the doc of Area changed too',
  },
];

const RUST = `//! Crate doc.

/// Adds.
#[inline]
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

pub struct Point {
    x: i32,
}

impl Point {
    pub fn x(&self) -> i32 {
        self.x
    }
}
`;

const RUST_CASES: Case[] = [
  {
    name: 'a /// doc added to a method and the //! inner doc edited',
    target: 'Point.x',
    edits: [
      ['    pub fn x', '    /// Returns x.\n    pub fn x'],
      ['//! Crate doc.', '//! The crate.'],
    ],
    expected: true,
  },
  {
    name: 'a doc someone wrote replaced by a block doc',
    target: 'add',
    edits: [['/// Adds.', '/** Adds two numbers. */']],
    expected: /would remove line 3 of the doc of add/,
  },
  {
    name: 'the code changed too',
    target: 'add',
    edits: [
      ['/// Adds.', '/// Subtracts.'],
      ['a + b', 'a - b'],
    ],
    expected: '"+" became "-"',
  },
  {
    name: 'an attribute removed',
    target: 'add',
    edits: [['/// Adds.\n#[inline]', '/// Adds them.']],
    expected: '"#" became "pub"',
  },
  {
    name: 'a broken */ leaves stray tokens',
    target: 'Point',
    edits: [['pub struct', '/** A point */ in 2D */\npub struct']],
    expected: /code changed|does not parse/,
  },
  {
    name: 'the doc removed instead of replaced',
    target: 'add',
    edits: [['/// Adds.\n', '']],
    expected: 'add has no doc after the patch',
  },
  {
    name: 'the doc went to the wrong symbol',
    target: 'Point',
    edits: [['    pub fn x', '    /// A point.\n    pub fn x']],
    expected: 'Point has no doc after the patch',
  },
];

const JAVA = `package demo;

/** A greeter. */
public class Greeter {
  @Override
  public String toString() {
    return "Greeter";
  }

  public int count(int n) {
    return n + 1;
  }
}
`;

const JAVA_CASES: Case[] = [
  {
    name: 'a Javadoc added to a method',
    target: 'Greeter.count',
    edits: [['  public int count', '  /**\n   * Counts one more.\n   */\n  public int count']],
    expected: true,
  },
  {
    name: 'an annotation removed',
    target: 'Greeter.toString',
    edits: [['  @Override\n', '  /** Names it. */\n']],
    expected: '"@" became "public"',
  },
  {
    name: 'a string literal changed',
    target: 'Greeter.toString',
    edits: [
      ['  @Override\n', '  /** Names it. */\n  @Override\n'],
      ['"Greeter"', '"Greet"'],
    ],
    expected: '"\\"Greeter\\"" became "\\"Greet\\""',
  },
  {
    name: 'another symbol’s doc changed too',
    target: 'Greeter.count',
    edits: [
      ['  public int count', '  /** Counts. */\n  public int count'],
      ['/** A greeter. */', '/** Greets. */'],
    ],
    expected: 'the doc of Greeter changed too',
  },
];

const LANGUAGES: [string, string, Case[]][] = [
  ['sample.py', PYTHON, PYTHON_CASES],
  ['sample.ts', TYPESCRIPT, TYPESCRIPT_CASES],
  ['sample.js', JAVASCRIPT, JAVASCRIPT_CASES],
  ['sample.tsx', TSX, TSX_CASES],
  ['sample.jsx', JSX, JSX_CASES],
  ['sample.go', GO, GO_CASES],
  ['sample.rs', RUST, RUST_CASES],
  ['Greeter.java', JAVA, JAVA_CASES],
];

function applyEdits(before: string, { edits, crlf }: Case): string {
  let after = before;
  for (const [find, replace] of edits) {
    if (!after.includes(find)) throw new Error(`the case's edit finds no ${JSON.stringify(find)}`);
    after = after.replace(find, replace);
  }
  return crlf ? after.replace(/\n/g, '\r\n') : after;
}

describe.each(LANGUAGES)('verifyDocPatch: %s', (path, before, cases) => {
  it.each(cases)('$name', async (patch) => {
    const { target, expected, doc } = patch;
    const after = applyEdits(before, patch);
    const result = await verifyDocPatch({ path, before, after, target, ...(doc && { doc }) });
    if (expected === true) expect(result).toEqual({ ok: true });
    else expect(result.ok ? 'passed' : result.reason).toMatch(expected);
  });
});

describe('verifyDocPatch', () => {
  it('passes a Python file that differs from before only in CRLF and a docstring', async () => {
    const after = PYTHON.replace('def f(): return x', 'def f():\n    """Doc."""\n    return x');
    const result = await verifyDocPatch({
      path: 'a.py',
      before: PYTHON,
      after: after.replace(/\n/g, '\r\n'),
      target: 'f',
    });
    expect(result).toEqual({ ok: true });
  });

  it('passes a Python file indented with tabs', async () => {
    const before = 'class A:\n\tdef m(self):\n\t\treturn 1\n';
    const after = 'class A:\n\tdef m(self):\n\t\t"""One."""\n\t\treturn 1\n';
    expect(await verifyDocPatch({ path: 'a.py', before, after, target: 'A.m' })).toEqual({
      ok: true,
    });
  });

  it('is satisfied by one documented overload of a Java method', async () => {
    const before = 'class A {\n  int f(int a) { return a; }\n  int f(long a) { return 1; }\n}\n';
    const after = before.replace('  int f(long', '  /** From a long. */\n  int f(long');
    expect(await verifyDocPatch({ path: 'A.java', before, after, target: 'A.f' })).toEqual({
      ok: true,
    });
  });

  it('refuses a file type it does not read', async () => {
    const result = await verifyDocPatch({ path: 'a.txt', before: 'x', after: 'x', target: 'x' });
    expect(result).toEqual({ ok: false, reason: 'a.txt: not a language hearth reads' });
  });

  it('turns an unexpected exception into a refusal', async () => {
    const path = undefined as unknown as string;
    const result = await verifyDocPatch({ path, before: '', after: '', target: 'f' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/^the patch could not be verified: /);
  });
});
