import { describe, expect, it } from 'vitest';
import { extractSymbols } from '../../../src/analysis/analyze-file.js';
import { languageOf } from '../../../src/analysis/languages/index.js';
import type { LanguageId } from '../../../src/analysis/types.js';
import { findDirective } from '../../../src/tasks/docstring/directive-comments.js';
import { insertDoc } from '../../../src/tasks/docstring/insert.js';
import { findTrailingComment } from '../../../src/tasks/docstring/insert-python.js';
import { STYLES_BY_LANGUAGE } from '../../../src/tasks/docstring/types.js';
import { verifyDocPatch } from '../../../src/tasks/docstring/verify.js';
import { findDirectiveChange } from '../../../src/tasks/docstring/verify-directives.js';
import { findSymbol } from '../../helpers/symbols.js';

/**
 * Directive comments keep governing their line: docs go above next-line directives, a one-line
 * Python body with a trailing comment is not split, and verification refuses any patch that
 * would move a directive off its code.
 */

const DOC = 'Does it.';

/** Inserts DOC for `target` and verifies the patch the way the pipeline does. */
async function insertAndVerify(file: string, text: string, target: string) {
  const language = languageOf(file) as LanguageId;
  const analysis = await extractSymbols(file, language, { text, contentHash: '' });
  if (!analysis.ok) throw new Error(analysis.message);
  const symbol = findSymbol(analysis.symbols, target);
  const style = STYLES_BY_LANGUAGE[language][0] as (typeof STYLES_BY_LANGUAGE)['python'][number];
  const inserted = insertDoc({ text, language, style, symbol, doc: DOC });
  if (!inserted.ok) return inserted;
  const verified = await verifyDocPatch({
    path: file,
    before: text,
    after: inserted.text,
    target,
    doc: DOC,
  });
  return verified.ok ? { ok: true as const, text: inserted.text } : verified;
}

describe('insertDoc keeps next-line directives on their line', () => {
  it.each([
    [
      'TS @ts-expect-error above a function',
      'm.ts',
      'const x = 1;\n\n// @ts-expect-error\nexport function f(a) {\n  return a;\n}\n',
      'f',
      'const x = 1;\n\n/** Does it. */\n// @ts-expect-error\nexport function f(a) {\n  return a;\n}\n',
    ],
    [
      'TS eslint-disable-next-line and @ts-ignore stacked',
      'm.ts',
      '// eslint-disable-next-line no-unused-vars\n// @ts-ignore\nfunction f(a) {}\n',
      'f',
      '/** Does it. */\n// eslint-disable-next-line no-unused-vars\n// @ts-ignore\nfunction f(a) {}\n',
    ],
    [
      'TS biome-ignore in a class',
      'm.ts',
      'class A {\n  // biome-ignore lint/style: old API\n  m(): void {}\n}\n',
      'A.m',
      'class A {\n  /** Does it. */\n  // biome-ignore lint/style: old API\n  m(): void {}\n}\n',
    ],
    [
      'JS istanbul ignore next',
      'm.js',
      '/* istanbul ignore next */\nfunction f() {}\n',
      'f',
      '/** Does it. */\n/* istanbul ignore next */\nfunction f() {}\n',
    ],
    [
      'JS c8 ignore next and prettier-ignore',
      'm.js',
      '/* c8 ignore next */\n// prettier-ignore\nfunction f() {}\n',
      'f',
      '/** Does it. */\n/* c8 ignore next */\n// prettier-ignore\nfunction f() {}\n',
    ],
    [
      'TS deno-lint-ignore',
      'm.ts',
      '// deno-lint-ignore no-explicit-any\nfunction f(a: any) {}\n',
      'f',
      '/** Does it. */\n// deno-lint-ignore no-explicit-any\nfunction f(a: any) {}\n',
    ],
    [
      'Go //nolint:errcheck above a func',
      'm.go',
      'package m\n\n//nolint:errcheck\nfunc F() {}\n',
      'F',
      'package m\n\n// Does it.\n//\n//nolint:errcheck\nfunc F() {}\n',
    ],
    [
      'Rust #[allow] is part of the item: the doc goes above it',
      'm.rs',
      '#[allow(dead_code)]\nfn f() {}\n',
      'f',
      '/// Does it.\n#[allow(dead_code)]\nfn f() {}\n',
    ],
    [
      'Java @SuppressWarnings is part of the method: the doc goes above it',
      'M.java',
      'class M {\n    @SuppressWarnings("unchecked")\n    void f() {}\n}\n',
      'M.f',
      'class M {\n    /** Does it. */\n    @SuppressWarnings("unchecked")\n    void f() {}\n}\n',
    ],
    [
      'Python pylint disable-next before the first statement',
      'm.py',
      'def f(x):\n    # pylint: disable-next=no-member\n    return x.y\n',
      'f',
      'def f(x):\n    """Does it."""\n    # pylint: disable-next=no-member\n    return x.y\n',
    ],
    [
      'Python # noqa and # type: ignore above the first statement',
      'm.py',
      'def f(x):\n\n    # noqa: E501\n    # type: ignore\n    return x.y\n',
      'f',
      'def f(x):\n    """Does it."""\n\n    # noqa: E501\n    # type: ignore\n    return x.y\n',
    ],
    [
      'Python function type comment stays first',
      'm.py',
      'def f(x):\n    # type: (int) -> int\n    # pylint: disable-next=no-member\n    return x.y\n',
      'f',
      'def f(x):\n    # type: (int) -> int\n    """Does it."""\n    # pylint: disable-next=no-member\n    return x.y\n',
    ],
    [
      'Python trailing comment on the header stays',
      'm.py',
      'class A:\n    def f(self) -> int:  # type: ignore[override]\n        return 1\n',
      'A.f',
      'class A:\n    def f(self) -> int:  # type: ignore[override]\n        """Does it."""\n        return 1\n',
    ],
    [
      'Python one-liner without a comment is still split',
      'm.py',
      'def f(): return 1\n',
      'f',
      'def f():\n    """Does it."""\n    return 1\n',
    ],
  ])('%s', async (_, file, text, target, expected) => {
    const result = await insertAndVerify(file, text, target);
    expect(result).toEqual({ ok: true, text: expected });
  });

  it.each([
    [
      'a one-liner carrying # type: ignore[override]',
      'class A(B):\n    def f(self) -> int: ...  # type: ignore[override]\n',
      'A.f',
      'carries the comment `# type: ignore[override]`',
    ],
    ['a one-liner carrying # noqa', 'def f(): return x  # noqa: F821\n', 'f', '`# noqa: F821`'],
    ['a one-liner carrying any comment', 'def f(): return 1  # why\n', 'f', '`# why`'],
  ])('refuses to split %s', async (_, text, target, reason) => {
    const result = await insertAndVerify('m.py', text, target);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });

  // A bare `//nolint` is a directive, not the func's doc: the doc goes above it, gofmt's way.
  it('puts a Go doc above a bare //nolint', async () => {
    const text = 'package m\n\n//nolint\nfunc F() {}\n';
    const result = await insertAndVerify('m.go', text, 'F');
    expect(result).toEqual({
      ok: true,
      text: 'package m\n\n// Does it.\n//\n//nolint\nfunc F() {}\n',
    });
  });
});

describe('findTrailingComment (Python)', () => {
  it.each([
    ['return 1  # noqa', '# noqa'],
    ['return "#"', undefined],
    ["return '# not' + x  # real", '# real'],
    ['return """a#b"""  # t', '# t'],
    ['return "a\\"#"', undefined],
    ['...', undefined],
  ])('%j -> %j', (line, expected) => {
    expect(findTrailingComment(line)).toBe(expected);
  });
});

describe('findDirective', () => {
  it.each([
    ['python', 'x = f()  # type: ignore[attr-defined]', 'trailing'],
    ['python', '    # pylint: disable-next=no-member', 'own-line'],
    ['python', '    # type: (int) -> str', 'after-header'],
    ['python', 'x = 1  # noqa', 'trailing'],
    ['python', 'x = 1  # pragma: no cover', 'trailing'],
    ['python', '# a plain comment', undefined],
    ['typescript', '// @ts-expect-error', 'own-line'],
    ['typescript', 'f(); // eslint-disable-line', 'trailing'],
    ['typescript', '/* istanbul ignore next */', 'own-line'],
    ['typescript', '// NOLINTNEXTLINE', 'own-line'],
    ['go', 'x := f() //nolint', 'trailing'],
    ['go', '//nolint:errcheck', 'own-line'],
    ['typescript', '// plain', undefined],
  ] as const)('%s %j -> %s', (language, line, position) => {
    expect(findDirective(language, line)?.position).toBe(position);
  });
});

describe('findDirectiveChange', () => {
  it.each([
    [
      'a doc added above a directive',
      'typescript',
      '// @ts-expect-error\nf();\n',
      '/** D */\n// @ts-expect-error\nf();\n',
      undefined,
    ],
    [
      'a doc put between a directive and its line',
      'typescript',
      '// @ts-expect-error\nfunction f() {}\n',
      '// @ts-expect-error\n/** D */\nfunction f() {}\n',
      'would govern a different line',
    ],
    [
      'a trailing directive moved to another line',
      'python',
      '    def f(self) -> int: ...  # type: ignore[override]\n',
      '    def f(self) -> int:\n        """D."""\n        ...  # type: ignore[override]\n',
      'would no longer sit on the code it governs',
    ],
    [
      'a doc comment before code with a trailing directive replaced',
      'typescript',
      '/** Old. */ function f() {} // eslint-disable-line\n',
      '/** New. */\nfunction f() {} // eslint-disable-line\n',
      undefined,
    ],
    [
      'a directive removed',
      'typescript',
      '// @ts-ignore\n/** Old. */\nf();\n',
      '/** New. */\nf();\n',
      'would be moved or removed',
    ],
    [
      'a docstring put above a function type comment',
      'python',
      'def f(x):\n    # type: (int) -> int\n    return x\n',
      'def f(x):\n    """D."""\n    # type: (int) -> int\n    return x\n',
      'would no longer follow the header',
    ],
    [
      'a directive on a docstring line when the docstring grows',
      'python',
      'def f():\n    """Old."""  # noqa: D401\n',
      'def f():\n    """New.\n\n    More.\n    """  # noqa: D401\n',
      'would no longer sit on the code',
    ],
  ] as const)('%s', (_, language, before, after, reason) => {
    const path = language === 'python' ? 'm.py' : 'm.ts';
    const found = findDirectiveChange({ path, before, after });
    if (reason === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(reason);
  });

  it('verifyDocPatch refuses a patch that slips a doc under a directive', async () => {
    const before = '// @ts-expect-error\nexport function f(a) {}\n';
    const after = '// @ts-expect-error\n/** Does it. */\nexport function f(a) {}\n';
    const result = await verifyDocPatch({ path: 'm.ts', before, after, target: 'f' });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('@ts-expect-error'),
    });
  });
});
