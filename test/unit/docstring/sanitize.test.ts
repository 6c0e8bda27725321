import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../../src/analysis/types.js';
import {
  findCodeLine,
  type SanitizeOptions,
  sanitizeDocAnswer,
} from '../../../src/tasks/docstring/sanitize.js';

const PY: SanitizeOptions = { language: 'python', style: 'google', symbolName: 'get' };
const TS: SanitizeOptions = { language: 'typescript', style: 'tsdoc', symbolName: 'add' };
const JS: SanitizeOptions = { language: 'javascript', style: 'jsdoc', symbolName: 'add' };
const GO: SanitizeOptions = { language: 'go', style: 'godoc', symbolName: 'Run' };
const RS: SanitizeOptions = { language: 'rust', style: 'rustdoc', symbolName: 'add' };
const JAVA: SanitizeOptions = { language: 'java', style: 'javadoc', symbolName: 'read' };

const GOOGLE = `Get a value.

Args:
    key (str): The key.
    default: Returned when missing,
        on a second line.

Returns:
    The value.`;

const NUMPY =
  'Add.\n\nParameters\n----------\na : int\n    First.\n\nReturns\n-------\nint\n    The sum.';
const JAVADOC =
  'Reads it.\n\n@param path the file, see {@link Files#read(Path)}\n@return the bytes\n@throws IOException when it fails';

describe('sanitizeDocAnswer: answers that pass', () => {
  const cases: Array<[string, string, SanitizeOptions, string]> = [
    ['a plain doc', 'Loads the config.', PY, 'Loads the config.'],
    ['a Google Args section, kept exactly', GOOGLE, PY, GOOGLE],
    ['a NumPy doc', NUMPY, PY, NUMPY],
    [
      'a reST doc',
      'Doc.\n\n:param int b: B.\n:returns: R.',
      PY,
      'Doc.\n\n:param int b: B.\n:returns: R.',
    ],
    [
      'a fenced Python docstring',
      '```python\n"""Get a value.\n\nArgs:\n    key: The key.\n"""\n```',
      PY,
      'Get a value.\n\nArgs:\n    key: The key.',
    ],
    ['a bare fence', '```\nDoes the thing.\n```', GO, 'Does the thing.'],
    [
      'chat preamble and closing remarks',
      "Sure! Here's the docstring:\n\nLoads it.\n\nArgs:\n    path: Where.\n\nLet me know if you want any changes.",
      PY,
      'Loads it.\n\nArgs:\n    path: Where.',
    ],
    [
      'a preamble, a fence and prose after it',
      'Here is the updated docstring for `get`:\n```python\nGet it.\n```\nThis docstring follows the Google style.',
      PY,
      'Get it.',
    ],
    ['a Docstring: label', '**Docstring:**\nDoes X.', PY, 'Does X.'],
    ['Certainly... and I hope', 'Certainly...\n\nDoes X.\n\nI hope this helps!', PY, 'Does X.'],
    ['a Note: I remark', 'Does X.\n\nNote: I kept the old wording.', PY, 'Does X.'],
    [
      'remarks after a blank line, twice',
      'Does X.\n\nIf you need thread safety, lock it.\n\nIf you have any questions, ask.\n\nFeel free to adjust.',
      PY,
      'Does X.\n\nIf you need thread safety, lock it.',
    ],
    [
      'a JSDoc block with gutters',
      '/**\n * Adds two numbers.\n *\n * @param {number} a - The first.\n * @returns {number} The sum.\n */',
      JS,
      'Adds two numbers.\n\n@param {number} a - The first.\n@returns {number} The sum.',
    ],
    ['a one-line JSDoc block', '/** Adds two numbers. */', TS, 'Adds two numbers.'],
    ['Python triple quotes', '"""Doc."""', PY, 'Doc.'],
    ['Python raw single-quoted', "r'''Matches \\d+.'''", PY, 'Matches \\d+.'],
    [
      'an indented Python docstring',
      '"""Summary.\n\n    Args:\n        x: The x.\n    """',
      PY,
      'Summary.\n\nArgs:\n    x: The x.',
    ],
    [
      '/// lines',
      '/// Adds.\n///\n/// # Errors\n///\n/// Fails when full.',
      RS,
      'Adds.\n\n# Errors\n\nFails when full.',
    ],
    ['//! lines', '//! A crate.\n//! More.', RS, 'A crate.\nMore.'],
    ['// lines in Go', '// Run does it.\n// It returns nil.', GO, 'Run does it.\nIt returns nil.'],
    [
      '# lines in Python',
      '# Loads it.\n#\n# Returns the config.',
      PY,
      'Loads it.\n\nReturns the config.',
    ],
    [
      'Rust headings are not comment markers',
      'Adds.\n\n# Arguments\n\n* `a` - First.',
      RS,
      'Adds.\n\n# Arguments\n\n* `a` - First.',
    ],
    [
      'a doc holding """ passes through',
      'Splits text on `"""` marks.\n\nA line with """ in it.',
      PY,
      'Splits text on `"""` marks.\n\nA line with """ in it.',
    ],
    [
      'a doc holding */ passes through',
      'Stops at the first `*/`.\n\nThe */ marker ends it.',
      TS,
      'Stops at the first `*/`.\n\nThe */ marker ends it.',
    ],
    [
      'tabs become four spaces',
      'Get.\n\nArgs:\n\tkey: The key.',
      PY,
      'Get.\n\nArgs:\n    key: The key.',
    ],
    ['CRLF line endings', 'Get.\r\n\r\nMore.\r\n', PY, 'Get.\n\nMore.'],
    ['CR line endings', 'Get.\r\rMore.', PY, 'Get.\n\nMore.'],
    ['trailing spaces and blank runs', '  Get.   \n\n\n\nMore.  \n\n', PY, 'Get.\n\nMore.'],
    ['Javadoc tags and inline tags', JAVADOC, JAVA, JAVADOC],
    [
      'an arrow inside a braced JSDoc type',
      'Calls back.\n\n@param {(err: Error) => void} done - Called at the end.',
      JS,
      'Calls back.\n\n@param {(err: Error) => void} done - Called at the end.',
    ],
    ['a godoc not starting with the name is kept', '  Does the thing.  ', GO, 'Does the thing.'],
    [
      'inline code in backticks',
      'Returns `x = foo(y)` when set.',
      PY,
      'Returns `x = foo(y)` when set.',
    ],
    [
      'a doc in French',
      'Renvoie la liste des commandes en attente pour un client donné, triée par date.',
      PY,
      'Renvoie la liste des commandes en attente pour un client donné, triée par date.',
    ],
    ['a doc in Japanese', '// Run は注文一覧を返します。', GO, 'Run は注文一覧を返します。'],
  ];
  it.each(cases)('%s', (_name, answer, options, expected) => {
    expect(sanitizeDocAnswer(answer, options)).toEqual({ ok: true, text: expected });
  });
});

describe('sanitizeDocAnswer: answers that are refused', () => {
  const long = Array.from({ length: 5000 }, (_, i) => `Line ${i} of prose.`).join('\n');
  const cases: Array<[string, string, SanitizeOptions, string]> = [
    [
      'a fenced block holding a whole function',
      '```python\ndef get(self, key):\n    """Get."""\n    return self.d[key]\n```',
      PY,
      'answer contains code: the declaration of get',
    ],
    [
      'a whole function without fences',
      'def get(self, key):\n    """Get a value."""\n    return self._data[key]',
      PY,
      'answer contains code',
    ],
    [
      'a JSDoc block above a function',
      '/**\n * Adds.\n */\nfunction add(a, b) {\n  return a + b;\n}',
      JS,
      'answer contains code',
    ],
    ['a Go function', '// Run runs.\nfunc (s *Server) Run() error {', GO, 'answer contains code'],
    ['a Rust function', '/// Adds.\npub fn add(a: i32) -> i32', RS, 'answer contains code'],
    ['a Java method', '/** Reads. */\npublic byte[] read(Path path)', JAVA, 'answer contains code'],
    [
      'a fence inside the doc',
      'Adds.\n\n```js\nadd(1, 2);\n```',
      JS,
      'answer contains code: a fenced block',
    ],
    ['import os before the doc', 'import os\n\n"""Doc."""', PY, 'answer contains code: import os'],
    ['a JSDoc @example', 'Adds.\n\n@example\nadd(1, 2)', JS, 'answer contains code: @example'],
    ['a doctest', 'Adds.\n\n>>> add(1, 2)\n3', PY, 'answer contains code: >>> add(1, 2)'],
    [
      "the random model's subword soup",
      'player=%bergerowelnanBelObтек Host polskianciautresternal dbo framjspdemás口บ томeffpossible',
      PY,
      'not prose: words mix alphabets (bergerowelnanBelObтек, framjspdemás口บ, томeffpossible)',
    ],
    ['5,000 lines', long, PY, 'too long: 5000 lines (limit 60)'],
    ['too many characters', 'x'.repeat(4001), PY, 'too long: 4001 characters (limit 4000)'],
    ['empty', '', PY, 'empty answer'],
    ['whitespace only', '  \n\t\n  ', PY, 'empty answer'],
    ['an empty fence', '```\n```', PY, 'empty answer'],
    ['only a preamble', 'Here is the docstring:', PY, 'empty answer'],
    ['empty triple quotes', '""""""', PY, 'empty answer'],
    ['U+FFFD', 'Loads the caf\uFFFD menu.', PY, 'U+FFFD'],
    ['a control character', 'Loads\u0007 it.', PY, 'control character U+0007'],
    ['a C1 control character', 'Loads\u009b it.', PY, 'control character U+009B'],
    ['a bidi override', 'Loads \u202Eit.', PY, 'bidirectional override character U+202E'],
  ];
  it.each(cases)('%s', (_name, answer, options, reason) => {
    const result = sanitizeDocAnswer(answer, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('honours custom limits', () => {
    const options = { ...PY, maxLines: 2, maxChars: 10 };
    expect(sanitizeDocAnswer('a\nb\nc', options)).toEqual({
      ok: false,
      reason: 'too long: 3 lines (limit 2)',
    });
    expect(sanitizeDocAnswer('Eleven char', options)).toEqual({
      ok: false,
      reason: 'too long: 11 characters (limit 10)',
    });
  });
});

describe('findCodeLine', () => {
  const code: Array<[LanguageId, string]> = [
    ['python', 'def f(x):'],
    ['python', 'async def f():'],
    ['python', 'class Foo(Base):'],
    ['python', 'import os'],
    ['python', 'import os.path as p, sys'],
    ['python', 'from x import y'],
    ['python', 'x = foo(1)'],
    ['python', 'self.cache = {}'],
    ['python', 'return x.y'],
    ['python', 'return foo(x)'],
    ['python', 'return'],
    ['python', 'raise ValueError("bad")'],
    ['python', 'for item in items:'],
    ['python', 'with open(p) as f:'],
    ['python', 'try:'],
    ['python', 'pass'],
    ['python', '@property'],
    ['python', '>>> f(1)'],
    ['typescript', "import { x } from './x.js';"],
    ['typescript', "import './side-effect.js'"],
    ['typescript', 'export function add(a, b) {'],
    ['typescript', 'function add(a: number): number'],
    ['typescript', 'const add = (a, b) => a + b'],
    ['typescript', 'let x = 1'],
    ['typescript', 'items.map((i) => i.id)'],
    ['typescript', '}'],
    ['typescript', '});'],
    ['typescript', 'return a + b;'],
    ['typescript', 'this.items.push(item);'],
    ['typescript', 'export default Foo'],
    ['javascript', '@example'],
    ['javascript', 'if (x) {'],
    ['go', 'func (s *Server) Serve(ctx context.Context) error'],
    ['go', 'func Map[T any](xs []T) []T'],
    ['go', 'package main'],
    ['go', 'import ('],
    ['go', 'x := 1'],
    ['go', 'var x = 3'],
    ['rust', 'fn add(a: i32) -> i32'],
    ['rust', 'pub(crate) async fn go()'],
    ['rust', 'use std::io;'],
    ['rust', 'let mut x = 1;'],
    ['rust', 'let x = 1'],
    ['rust', 'impl Display for Shape'],
    ['rust', '#[derive(Debug)]'],
    ['java', 'import java.util.List;'],
    ['java', 'package app;'],
    ['java', 'public int get(int x) {'],
    ['java', 'private static <T> List<T> copy(List<T> src)'],
    ['java', 'public final class Box<T> extends Base'],
    ['java', '@Override'],
    ['java', 'return x;'],
    ['java', 'List<String> names = new ArrayList<>();'],
    ['java', 'foo(bar);'],
  ];
  it.each(code)('%s refuses %j', (language, line) => {
    expect(findCodeLine(`Summary.\n\n${line}`, language)).toBe(line);
  });

  const prose: Array<[LanguageId, string]> = [
    ['python', 'Args:'],
    ['python', '    key (str): The key.'],
    ['python', '    int: The count, or -1 = none.'],
    ['python', '    ValueError: If x = 0.'],
    ['python', 'key : str, default=None'],
    ['python', ':param int b: B.'],
    ['python', 'import the data first, then call it.'],
    ['python', 'from the config import step, values flow.'],
    ['python', 'return the parsed value.'],
    ['python', 'return value.'],
    ['python', 'raise an error when missing.'],
    ['python', 'For example: pass a path.'],
    ['python', 'The default is `x = foo(1)`.'],
    ['python', 'Defaults to None.'],
    ['typescript', '@param {(err: Error) => void} done - Called at the end.'],
    ['typescript', '@returns {Promise<void>} Resolves when done.'],
    ['typescript', '@param options - The options.'],
    ['typescript', 'Reads the file; returns'],
    ['typescript', 'its text when present;'],
    ['typescript', 'See {@link Cart.add} for details.'],
    ['typescript', 'Maps with `a => b`.'],
    ['typescript', 'let the caller decide.'],
    ['typescript', 'function values are accepted too.'],
    ['typescript', 'Returns the count (or zero);'],
    ['go', 'Serve accepts connections on l until ctx ends.'],
    ['go', 'Package server implements a server.'],
    ['go', 'func values may be nil.'],
    ['rust', '# Errors'],
    ['rust', '* `a` - First.'],
    ['rust', 'Use this to add; it never panics.'],
    ['rust', 'Returns `Ok(())` when done.'],
    ['rust', 'let the caller decide.'],
    ['rust', 'impl blocks may add more.'],
    ['java', '@param x the x'],
    ['java', '@return the value'],
    ['java', '@throws IOException when it fails'],
    ['java', 'public API: see {@link Box#get(int)}.'],
    ['java', 'Returns {@code null} when empty.'],
    ['java', '<p>More text.'],
    ['java', 'the value is kept;'],
  ];
  it.each(prose)('%s passes %j', (language, line) => {
    expect(findCodeLine(`Summary.\n\n${line}`, language)).toBeUndefined();
  });
});
