import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/analysis/analyze-file.js';
import type { CodeSymbol, LanguageId } from '../../../src/analysis/types.js';
import { insertDoc } from '../../../src/tasks/docstring/insert.js';
import type { DocStyle } from '../../../src/tasks/docstring/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/docstrings');
const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-insert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOGLE =
  'Moves money in.\n\nArgs:\n    amount: How much, in cents.\n\nReturns:\n    The new balance.';
const NUMPY =
  'Yields entry numbers.\n\nParameters\n----------\naccount : Account\n    Whose history.\n\nYields\n------\nint\n    The next number.';
const REST = 'Finds a rate.\n\n:param currency: An ISO code.\n:returns: The rate.';
const SHORT = 'Says what this is.';
const TSDOC = 'Places an order.\n\n@param order - The order.\n@returns The stored order.';
const JSDOC =
  'Adds two numbers.\n\n@param {number} a - The first.\n@param {number} b - The second.';
const GODOC = 'NewServer makes a server.\n\nIt does not listen until Serve is called.';
const RUSTDOC = 'Splits the input.\n\n# Examples\n\n```\nlet tokens = parse("a b");\n```';
const JAVADOC = 'Adds copies of an item.\n\n@param item the item\n@param count how many';

interface Case {
  fixture: string;
  target: string;
  /** Which of the symbols with this name (a getter and its setter, Java overloads). */
  nth?: number;
  style: DocStyle;
  doc: string;
  crlf?: boolean;
  bom?: boolean;
  /** The fixture is indented with tabs. */
  tabs?: boolean;
  /** A Python body on the `def` line, split to make room. */
  oneLiner?: boolean;
  width?: number;
}

const ACCOUNTS = 'python/accounts.py';
const ROUTES = 'python/routes.py';
const PY_TABS = 'python/tabs.py';
const SERVICE = 'typescript/service.ts.txt';
const TS_TABS = 'typescript/tabs.ts.txt';
const GO = 'go/server.go';
const RUST = 'rust/parser.rs';
const JAVA = 'java/Inventory.java';

/** A case in the language's default style unless `extra` says otherwise. */
function at(fixture: string, target: string, doc: string, extra: Partial<Case> = {}): Case {
  return { fixture, target, doc, style: styleOf(path.basename(fixture, '.txt')), ...extra };
}

const CASES: Case[] = [
  at(ACCOUNTS, 'Account', SHORT),
  at(ACCOUNTS, 'Account.__init__', GOOGLE),
  at(ACCOUNTS, 'Account.balance', SHORT),
  at(ACCOUNTS, 'Account.balance', GOOGLE, { nth: 1 }),
  at(ACCOUNTS, 'Account.parse', GOOGLE),
  at(ACCOUNTS, 'Account.deposit', GOOGLE),
  at(ACCOUNTS, 'Account.deposit.check', GOOGLE),
  at(ACCOUNTS, 'Account.sync', GOOGLE),
  at(ACCOUNTS, 'history', NUMPY, { style: 'numpy' }),
  at(ACCOUNTS, 'rate_for', REST, { style: 'rest' }),
  at(ACCOUNTS, 'Account.deposit', GOOGLE, { crlf: true }),
  at(ACCOUNTS, 'Account.sync', GOOGLE, { crlf: true }),
  at(ACCOUNTS, 'history', NUMPY, { style: 'numpy', bom: true }),
  at(ROUTES, 'index', GOOGLE),
  at(ROUTES, 'fetch', GOOGLE),
  at(ROUTES, 'ident', GOOGLE, { oneLiner: true }),
  at(ROUTES, 'NotFound', SHORT, { oneLiner: true }),
  at(ROUTES, 'Registry.get', GOOGLE, { oneLiner: true }),
  at(ROUTES, 'grüße', GOOGLE),
  at(ROUTES, 'last', GOOGLE),
  at(ROUTES, 'ident', GOOGLE, { oneLiner: true, crlf: true }),
  at(ROUTES, 'last', SHORT, { crlf: true, bom: true }),
  at(PY_TABS, 'Config', GOOGLE, { tabs: true }),
  at(PY_TABS, 'Config.load', GOOGLE, { tabs: true }),
  at(PY_TABS, 'merge', GOOGLE, { tabs: true }),
  at(PY_TABS, 'Config.__init__', GOOGLE, { tabs: true, crlf: true }),
  at(SERVICE, 'OrderService', SHORT),
  at(SERVICE, 'OrderService.constructor', TSDOC),
  at(SERVICE, 'OrderService.place', TSDOC),
  at(SERVICE, 'OrderService.find', TSDOC),
  at(SERVICE, 'OrderService.ids', SHORT),
  at(SERVICE, 'totalOf', TSDOC),
  at(SERVICE, 'parse', TSDOC),
  at(SERVICE, 'fetchOrders', TSDOC),
  at(SERVICE, 'createService', TSDOC),
  at(SERVICE, 'OrderService.place', TSDOC, { crlf: true }),
  at(SERVICE, 'OrderService.find', SHORT, { crlf: true }),
  at(SERVICE, 'totalOf', TSDOC, { bom: true }),
  at(TS_TABS, 'Queue.push', TSDOC, { tabs: true }),
  at(TS_TABS, 'Queue.pop', SHORT, { tabs: true, crlf: true }),
  at(TS_TABS, 'drain', TSDOC),
  at('typescript/button.tsx.txt', 'Button', TSDOC),
  at('typescript/button.tsx.txt', 'Badge', SHORT),
  at('javascript/list.jsx.txt', 'List', JSDOC),
  at('javascript/list.jsx.txt', 'chunks', JSDOC),
  at('javascript/math.js.txt', 'add', JSDOC),
  at('javascript/math.js.txt', 'scale', JSDOC),
  at('javascript/math.js.txt', 'mean', SHORT),
  at(GO, 'Server', GODOC),
  at(GO, 'Options', GODOC, { tabs: true }),
  at(GO, 'Middleware', SHORT, { tabs: true, crlf: true }),
  at(GO, 'NewServer', GODOC),
  at(GO, 'Server.Serve', GODOC),
  at(GO, 'Server.Serve', GODOC, { crlf: true }),
  at(GO, 'Server.Addr', GODOC),
  at(GO, 'Wrap', GODOC, { bom: true }),
  at(RUST, 'Token', RUSTDOC),
  at(RUST, 'Kind', SHORT),
  at(RUST, 'Lexer', RUSTDOC),
  at(RUST, 'Lexer.next_token', RUSTDOC),
  at(RUST, 'Lexer.collect_all', RUSTDOC),
  at(RUST, 'Token.new', RUSTDOC),
  at(RUST, 'Token.is_word', RUSTDOC),
  at(RUST, 'Token.fmt', RUSTDOC, { crlf: true }),
  at(RUST, 'parse', RUSTDOC),
  at(JAVA, 'Inventory', SHORT),
  at(JAVA, 'Inventory.Inventory', JAVADOC),
  at(JAVA, 'Inventory.add', JAVADOC),
  at(JAVA, 'Inventory.add', JAVADOC, { nth: 1 }),
  at(JAVA, 'Inventory.mapAll', JAVADOC),
  at(JAVA, 'Inventory.iterator', SHORT, { crlf: true }),
  at(JAVA, 'Inventory.Listener', JAVADOC),
  at(JAVA, 'Inventory.Listener.changed', JAVADOC),
];

const LINE_OF_COMMENT: Readonly<Record<Exclude<LanguageId, 'python'>, RegExp>> = {
  typescript: /^[ \t]*(\/\*\*|\*)/,
  javascript: /^[ \t]*(\/\*\*|\*)/,
  java: /^[ \t]*(\/\*\*|\*)/,
  go: /^[ \t]*\/\//,
  rust: /^[ \t]*\/\/\//,
};

/** Reads a Python docstring the way Python does: through `ast`, escapes resolved. */
const PYTHON_DOCSTRING = `
import ast, json, sys
path, name, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(path, encoding="utf-8-sig") as handle:
    tree = ast.parse(handle.read())
kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
node = next(n for n in ast.walk(tree) if isinstance(n, kinds) and n.name == name and start <= n.lineno <= end)
print(json.dumps(ast.get_docstring(node)))
`;
/** The Python interpreter itself (not a shim that costs a startup each call), if there is one. */
const python = (() => {
  try {
    const script = 'import sys; print(sys.executable)';
    return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
})();

interface Analysis {
  symbols: CodeSymbol[];
  parseErrors: number;
}

interface Outcome {
  file: string;
  language: LanguageId;
  before: Analysis;
  after: Analysis;
  targetIndex: number;
  /** The texts without BOM. */
  original: string;
  patched: string;
}

let files = 0;

function writeTemp(name: string, content: string): string {
  const file = path.join(dir, `${files++}-${name}`);
  writeFileSync(file, content);
  return file;
}

async function analyze(file: string): Promise<Analysis> {
  const result = await analyzeFile(file, { maxFileBytes: 1_000_000 });
  if (!result.ok) throw new Error(result.message);
  return result;
}

function findIndex(symbols: CodeSymbol[], name: string, nth = 0): number {
  const indices = symbols.flatMap((s, i) => (s.qualifiedName === name ? [i] : []));
  const index = indices[nth];
  if (index === undefined) throw new Error(`no ${name} #${nth}`);
  return index;
}

/** The fixture's bytes in the case's variant: CRLF line ends, a BOM. */
function loadFixture(c: Case): { name: string; content: string } {
  const raw = readFileSync(path.join(FIXTURES, c.fixture), 'utf8');
  const content = (c.bom ? '\uFEFF' : '') + (c.crlf ? raw.replace(/\n/g, '\r\n') : raw);
  return { name: path.basename(c.fixture).replace(/\.txt$/, ''), content };
}

async function applyDoc(
  name: string,
  content: string,
  target: { name: string; nth?: number },
  doc: { style: DocStyle; doc: string; width?: number },
): Promise<Outcome> {
  const file = writeTemp(name, content);
  const bom = content.startsWith('\uFEFF');
  const original = bom ? content.slice(1) : content;
  const before = await analyze(file);
  const targetIndex = findIndex(before.symbols, target.name, target.nth);
  const language = languageOfFixture(name);
  const symbol = before.symbols[targetIndex] as CodeSymbol;
  const result = insertDoc({ text: original, language, symbol, ...doc });
  if (!result.ok) throw new Error(result.reason);
  writeFileSync(file, (bom ? '\uFEFF' : '') + result.text);
  return {
    file,
    language,
    before,
    after: await analyze(file),
    targetIndex,
    original,
    patched: result.text,
  };
}

function languageOfFixture(name: string): LanguageId {
  const byExtension: Record<string, LanguageId> = {
    '.py': 'python',
    '.ts': 'typescript',
    '.tsx': 'typescript',
    '.js': 'javascript',
    '.jsx': 'javascript',
    '.go': 'go',
    '.rs': 'rust',
    '.java': 'java',
  };
  return byExtension[path.extname(name)] as LanguageId;
}

/** The lines (with their line ends) that differ between two texts, as one block. */
function diffLines(before: string, after: string): { removed: string[]; inserted: string[] } {
  const a = before.split(/(?<=\n)/);
  const b = after.split(/(?<=\n)/);
  let prefix = 0;
  while (prefix < a.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  return {
    removed: a.slice(prefix, a.length - suffix),
    inserted: b.slice(prefix, b.length - suffix),
  };
}

function encloses(outer: CodeSymbol, inner: CodeSymbol): boolean {
  return outer.startIndex <= inner.startIndex && outer.endIndex >= inner.endIndex;
}

/** Every other symbol keeps its doc, and its code hash unless it holds the target. */
function expectOthersUntouched(outcome: Outcome, keepTargetHash: boolean): void {
  const { before, after, targetIndex } = outcome;
  expect(after.parseErrors).toBeLessThanOrEqual(before.parseErrors);
  expect(after.symbols.map((s) => s.qualifiedName)).toEqual(
    before.symbols.map((s) => s.qualifiedName),
  );
  const target = before.symbols[targetIndex] as CodeSymbol;
  before.symbols.forEach((symbol, i) => {
    const now = after.symbols[i] as CodeSymbol;
    if (i === targetIndex) {
      if (keepTargetHash) expect(now.bodyHash).toBe(symbol.bodyHash);
      return;
    }
    expect(now.doc, symbol.qualifiedName).toBe(symbol.doc);
    if (!encloses(symbol, target)) expect(now.bodyHash, symbol.qualifiedName).toBe(symbol.bodyHash);
  });
}

function readPythonDocstring(outcome: Outcome): string | null {
  const symbol = outcome.after.symbols[outcome.targetIndex] as CodeSymbol;
  const args = [outcome.file, symbol.name, String(symbol.startLine), String(symbol.endLine)];
  const output = execFileSync(python as string, ['-c', PYTHON_DOCSTRING, ...args], {
    encoding: 'utf8',
  });
  return JSON.parse(output) as string | null;
}

function describeCase(c: Case): string {
  const flags = ['crlf', 'bom', 'tabs', 'oneLiner'].filter((flag) => c[flag as keyof Case]);
  return `${c.fixture} ${c.target}${c.nth ? `#${c.nth}` : ''} ${flags.join(' ')}`.trim();
}

describe('insertDoc on real files', () => {
  it.each(CASES.map((c) => [describeCase(c), c] as const))('%s', async (_, c) => {
    const { name, content } = loadFixture(c);
    const made = await applyDoc(name, content, { name: c.target, nth: c.nth }, c).catch(
      (error: Error) => error,
    );
    // Principle 2: a doc someone wrote is never replaced (update-params.test.ts updates it).
    if (made instanceof Error) {
      expect(made.message).toBe(`${c.target} has a doc`);
      return;
    }
    const outcome = made;
    const { before, after, targetIndex, original, patched, language } = outcome;
    const oldSymbol = before.symbols[targetIndex] as CodeSymbol;
    expect(after.symbols[targetIndex]).toMatchObject({ hasDoc: true, doc: c.doc });
    expectOthersUntouched(outcome, !c.oneLiner);

    const eol = c.crlf ? '\r\n' : '\n';
    if (c.crlf) expect(patched).not.toMatch(/(^|[^\r])\n/);
    const { removed, inserted } = diffLines(original, patched);
    for (const line of inserted) expect(line.endsWith(eol)).toBe(true);
    if (c.oneLiner) {
      // `def f(): return x` -> `def f():`, the docstring, `return x`: one line became several.
      const header = (inserted[0] as string).slice(0, -eol.length);
      const body = (inserted.at(-1) as string).trim();
      expect(removed).toEqual([`${header} ${body}${eol}`]);
      expect(inserted.slice(1, -1).join('')).toMatch(/^\s+"""[\s\S]*"""\r?\n$/);
    } else {
      expect(oldSymbol.doc ?? '').toBe('');
      expect(removed).toEqual([]);
    }
    const added = c.oneLiner ? inserted.slice(1, -1) : inserted;
    if (language === 'python') {
      expect(added.join('').trim()).toMatch(/^"""[\s\S]*"""$/);
    } else {
      for (const line of added) expect(line).toMatch(LINE_OF_COMMENT[language]);
    }
    if (c.tabs) {
      for (const line of added.filter((l) => l.trim() !== '')) expect(line).toMatch(/^\t/);
    }
    if (language === 'python' && python) expect(readPythonDocstring(outcome)).toBe(c.doc);
  });
});

describe('insertDoc: escapes and wrapping in real files', () => {
  it('escapes quotes and backslashes in a Python docstring so Python reads the doc as written', async () => {
    const doc = 'Quotes """ inside, a path C:\\new\\table and a "quoted" end"';
    const content = readFileSync(path.join(FIXTURES, 'python/accounts.py'), 'utf8');
    for (const target of ['Account.sync', 'Account.parse']) {
      const outcome = await applyDoc(
        'accounts.py',
        content,
        { name: target },
        { style: 'google', doc },
      );
      expect(outcome.after.symbols[outcome.targetIndex]?.hasDoc).toBe(true);
      expectOthersUntouched(outcome, true);
      expect(outcome.patched).toContain('"""Quotes \\"\\"\\" inside, a path C:\\\\new\\\\table');
      expect(outcome.patched).toContain('"quoted" end\\""""');
      if (python) expect(readPythonDocstring(outcome)).toBe(doc);
    }
  });

  it.each([
    ['typescript/service.ts.txt', 'OrderService.place', 'tsdoc'],
    ['java/Inventory.java', 'Inventory.iterator', 'javadoc'],
  ] as const)('escapes */ in a %s comment', async (fixture, target, style) => {
    const doc = 'Ends a comment */ early.\n\n@param x - a glob like src/**/*.ts';
    const content = readFileSync(path.join(FIXTURES, fixture), 'utf8');
    const name = path.basename(fixture).replace(/\.txt$/, '');
    const outcome = await applyDoc(name, content, { name: target }, { style, doc });
    expectOthersUntouched(outcome, true);
    expect(outcome.after.symbols[outcome.targetIndex]?.doc).toBe(doc.replaceAll('*/', '*\\/'));
  });

  const LONG_GOOGLE =
    'Moves money into the account after checking that the amount is positive and that the ' +
    'account is open.\n\nArgs:\n    amount: How much to add, in cents; it must be positive and ' +
    'no larger than the daily limit set on the account.\n\nReturns:\n    The new balance.';
  const LONG_TSDOC =
    'Places an order in the store after the stock check, and tells the logger about it so ' +
    'that the audit trail stays complete.\n\n@param order - The order to place; its `id` must ' +
    'be unique among the orders already placed today.\n@returns The stored order.';

  it.each([
    ['python/accounts.py', 'Account.parse', 'google', LONG_GOOGLE],
    ['python/tabs.py', 'Config.load', 'google', LONG_GOOGLE],
    ['typescript/service.ts.txt', 'OrderService.place', 'tsdoc', LONG_TSDOC],
    ['go/server.go', 'Server.Serve', 'godoc', LONG_TSDOC.replaceAll('@', '')],
  ] as const)('wraps a long doc to the width in %s %s', async (fixture, target, style, doc) => {
    const width = 60;
    const content = readFileSync(path.join(FIXTURES, fixture), 'utf8');
    const name = path.basename(fixture).replace(/\.txt$/, '');
    const outcome = await applyDoc(name, content, { name: target }, { style, doc, width });
    expectOthersUntouched(outcome, true);
    const { inserted } = diffLines(outcome.original, outcome.patched);
    for (const line of inserted) {
      expect(line.trimEnd().replaceAll('\t', '    ').length).toBeLessThanOrEqual(width);
    }
    const read = outcome.after.symbols[outcome.targetIndex]?.doc ?? '';
    expect(read.split('\n').length).toBeGreaterThan(doc.split('\n').length);
    expect(read.replace(/\s+/g, ' ')).toBe(doc.replace(/\s+/g, ' '));
    if (style === 'google') expect(read).toMatch(/\n {4}amount: How much.*\n {8}\S/);
    if (style === 'tsdoc') expect(read).toContain('its `id` must');
  });
});

describe('insertDoc: exact output', () => {
  const DOC = 'Does it.';
  const ARGS = 'Does it.\n\nArgs:\n    a: The a.';
  it.each([
    [
      'python one-liner',
      'm.py',
      'def f(): return x\n',
      'f',
      DOC,
      'def f():\n    """Does it."""\n    return x\n',
    ],
    [
      'python one-liner class, 2-space file',
      'm.py',
      'class A:\n  x = 1\n\n\nclass E(Exception): pass\n',
      'E',
      DOC,
      'class A:\n  x = 1\n\n\nclass E(Exception):\n  """Does it."""\n  pass\n',
    ],
    [
      'python one-liner method, tabs',
      'm.py',
      'class A:\n\tdef m(self): return 1\n',
      'A.m',
      ARGS,
      'class A:\n\tdef m(self):\n\t\t"""Does it.\n\n\t\tArgs:\n\t\t    a: The a.\n\t\t"""\n\t\treturn 1\n',
    ],
    [
      'python one-liner at the end without newline',
      'm.py',
      '@dec\ndef f(): return 1',
      'f',
      DOC,
      '@dec\ndef f():\n    """Does it."""\n    return 1',
    ],
    [
      'python CRLF',
      'm.py',
      'def f(a):\r\n    return a\r\n',
      'f',
      ARGS,
      'def f(a):\r\n    """Does it.\r\n\r\n    Args:\r\n        a: The a.\r\n    """\r\n    return a\r\n',
    ],
    [
      'python body after a type comment',
      'm.py',
      'def f():\n    # type: () -> int\n    return 1\n',
      'f',
      DOC,
      'def f():\n    # type: () -> int\n    """Does it."""\n    return 1\n',
    ],
    [
      'python comment after the colon',
      'm.py',
      'def f():  # noqa\n    return 1',
      'f',
      DOC,
      'def f():  # noqa\n    """Does it."""\n    return 1',
    ],
    [
      'typescript CRLF and tabs',
      'm.ts',
      'class A {\r\n\tm(): void {}\r\n}\r\n',
      'A.m',
      DOC,
      'class A {\r\n\t/** Does it. */\r\n\tm(): void {}\r\n}\r\n',
    ],
    [
      'go doc above the directives',
      'm.go',
      'package p\n\n//go:noinline\nfunc f() {}\n',
      'f',
      DOC,
      'package p\n\n// Does it.\n//\n//go:noinline\nfunc f() {}\n',
    ],
    [
      'java without a final newline',
      'A.java',
      'class A {\n    void m() {}\n}',
      'A.m',
      DOC,
      'class A {\n    /** Does it. */\n    void m() {}\n}',
    ],
  ])('%s', async (_, name, source, target, doc, expected) => {
    const outcome = await applyDoc(name, source, { name: target }, { style: styleOf(name), doc });
    expect(outcome.patched).toBe(expected);
    expect(outcome.after.symbols[outcome.targetIndex]?.doc).toBe(doc);
    expect(outcome.after.parseErrors).toBe(outcome.before.parseErrors);
  });
});

function styleOf(name: string): DocStyle {
  const styles: Record<LanguageId, DocStyle> = {
    python: 'google',
    typescript: 'tsdoc',
    javascript: 'jsdoc',
    go: 'godoc',
    rust: 'rustdoc',
    java: 'javadoc',
  };
  return styles[languageOfFixture(name)];
}

describe('insertDoc: refusals', () => {
  // These were replaced whole before issue 13; a doc someone wrote now only gets its entries updated.
  it.each([
    ['python docstring on the def line', 'm.py', 'def f(a): """Old."""\n', 'f'],
    [
      'python raw single-quoted docstring',
      'm.py',
      "class A:\n    def f(self):\n        r'''Old\n        text.'''\n        return 1\n",
      'A.f',
    ],
    ['typescript doc on the symbol line', 'm.ts', '/** Old. */ export function f() {}\n', 'f'],
    [
      'go doc with a directive inside',
      'm.go',
      'package p\n\n// Old.\n//nolint:all\n// More.\nfunc f() {}\n',
      'f',
    ],
    ['rust doc between attributes', 'm.rs', '#[inline]\n/// Old.\n#[must_use]\nfn f() {}\n', 'f'],
  ])('refuses to replace a %s', async (_, name, source, target) => {
    const made = await applyDoc(
      name,
      source,
      { name: target },
      { style: styleOf(name), doc: 'New.' },
    ).catch((error: Error) => error);
    expect(made).toEqual(new Error(`${target} has a doc`));
  });

  it('refuses a symbol that shares its line with other code', async () => {
    const file = writeTemp('m.ts', 'const a = () => 1, b = () => 2;\n');
    const { symbols } = await analyze(file);
    const symbol = symbols[findIndex(symbols, 'b')] as CodeSymbol;
    const result = insertDoc({
      text: 'const a = () => 1, b = () => 2;\n',
      language: 'typescript',
      style: 'tsdoc',
      symbol,
      doc: 'B.',
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('line of its own') });
  });

  it.each([
    ['an empty doc', 'def f():\n    pass\n', {}, ' \n\n', 'empty'],
    [
      'a Python symbol without bodyStart',
      'def f():\n    pass\n',
      { bodyStart: undefined },
      'F.',
      'no body',
    ],
    ['a symbol past the end of the text', 'def f():\n    pass\n', { endIndex: 99 }, 'F.', 'beyond'],
    ['a body after a line continuation', 'def f(): \\\n    pass\n', {}, 'F.', 'continuation'],
  ])('refuses %s', async (_, source, override, doc, reason) => {
    const { symbols } = await analyze(writeTemp('m.py', source));
    const symbol = { ...(symbols[0] as CodeSymbol), ...override };
    const result = insertDoc({ text: source, language: 'python', style: 'google', symbol, doc });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });
});

describe('CodeSymbol.bodyStart (Python)', () => {
  it.each([
    ['def f(): return x\n', 'return x'],
    ['class A:\n    x = 1\n', 'x = 1'],
    ['def f():\n    # c\n    return 1\n', 'return 1'],
    ['@d\nasync def f():  # c\n\n    pass\n', 'pass'],
  ])('%j starts its body at %j', async (source, first) => {
    const { symbols } = await analyze(writeTemp('m.py', source));
    expect(symbols[0]?.bodyStart).toBe(source.indexOf(first));
  });

  it('is Python only', async () => {
    const { symbols } = await analyze(writeTemp('m.ts', 'function f() {\n  return 1;\n}\n'));
    expect(symbols[0]?.bodyStart).toBeUndefined();
  });
});
