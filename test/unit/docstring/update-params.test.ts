import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractSymbols } from '../../../src/analysis/analyze-file.js';
import { languageOf } from '../../../src/analysis/languages/index.js';
import type { CodeSymbol } from '../../../src/analysis/types.js';
import { buildDocPatch } from '../../../src/tasks/docstring/build-patch.js';
import { isDocStale } from '../../../src/tasks/docstring/stale.js';
import type { DocStyle } from '../../../src/tasks/docstring/types.js';
import { verifyDocPatch } from '../../../src/tasks/docstring/verify.js';
import { findSymbol } from '../../helpers/symbols.js';
import { RICH } from './update-params.fixtures.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-update-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  name: string;
  file: string;
  source: string;
  target: string;
  style: DocStyle;
  answer: string;
  /** [find, replace] on the source: the exact patch expected; or why it is refused. */
  expected: Array<[string, string]> | RegExp;
  /** Lines of the old doc that may go: the entries of parameters that are gone. */
  removed?: string[];
  crlf?: boolean;
  width?: number;
}

async function symbolsOf(file: string, text: string): Promise<CodeSymbol[]> {
  const language = languageOf(file);
  if (!language) throw new Error(file);
  const result = await extractSymbols(file, language, { text, contentHash: '' });
  if (!result.ok) throw new Error(result.message);
  return result.symbols;
}

async function patchOf(c: Case, text: string) {
  const language = languageOf(c.file);
  if (!language) throw new Error(c.file);
  const symbol = findSymbol(await symbolsOf(c.file, text), c.target);
  return buildDocPatch({
    path: c.file,
    text,
    hasBom: false,
    language,
    style: c.style,
    symbol,
    doc: c.answer,
    width: c.width ?? 80,
  });
}

function crlf(text: string, on?: boolean): string {
  return on ? text.replace(/\r?\n/g, '\r\n') : text;
}

function applyEdits(source: string, edits: Array<[string, string]>): string {
  let text = source;
  for (const [find, replace] of edits) {
    if (!text.includes(find)) throw new Error(`no ${JSON.stringify(find)} in the source`);
    text = text.replace(find, replace);
  }
  return text;
}

/** The doc's lines in the source, in order; each must be found in order in `after`. */
function expectKeptInOrder(before: string, after: string, symbol: CodeSymbol, gone: string[]) {
  const range = symbol.docRange as NonNullable<CodeSymbol['docRange']>;
  const start = before.lastIndexOf('\n', range.startIndex - 1) + 1;
  const end = before.indexOf('\n', range.endIndex);
  const old = before.slice(start, end === -1 ? before.length : end).split('\n');
  const lines = after.split('\n');
  let at = 0;
  for (const line of old.filter((l) => !gone.includes(l.replace(/\r$/, '')))) {
    while (at < lines.length && lines[at] !== line) at++;
    expect(at, `line ${JSON.stringify(line)} was lost`).toBeLessThan(lines.length);
    at++;
  }
}

const python = (() => {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
})();

const READ_DOCSTRING = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
node = next(n for n in ast.walk(tree) if getattr(n, "name", None) == sys.argv[2])
print(json.dumps(ast.get_docstring(node)))
`;

function readDocstring(text: string, name: string): string | null {
  const file = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, text);
  const out = execFileSync(python as string, ['-c', READ_DOCSTRING, file, name], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as string | null;
}

describe('buildDocPatch on a doc someone wrote: only its parameter entries change', () => {
  const cases: Case[] = RICH.flatMap((c) =>
    Array.isArray(c.expected) ? [c, { ...c, crlf: true }] : [c],
  );
  it.each(cases.map((c) => [`${c.name}${c.crlf ? ' (CRLF)' : ''}`, c] as const))(
    '%s',
    async (_, c) => {
      const source = crlf(c.source, c.crlf);
      const patch = await patchOf(c, source);
      if (!Array.isArray(c.expected)) {
        expect(patch.ok ? 'patched' : patch.reason).toMatch(c.expected);
        return;
      }
      if (!patch.ok) throw new Error(patch.reason);
      const edits = c.expected.map(
        ([a, b]) => [crlf(a, c.crlf), crlf(b, c.crlf)] as [string, string],
      );
      expect(patch.after).toBe(applyEdits(source, edits));
      const before = findSymbol(await symbolsOf(c.file, source), c.target);
      expectKeptInOrder(source, patch.after, before, c.removed ?? []);
      const language = languageOf(c.file);
      const now = findSymbol(await symbolsOf(c.file, patch.after), c.target);
      expect(language && isDocStale(now, language)).toBe(false);
      expect(patch.doc).toBe(now.doc);
      if (language === 'python' && python) {
        const read = readDocstring(patch.after, c.target.split('.').pop() as string);
        const gone = (c.removed ?? []).map((l) => l.trim());
        const oldLines = (before.doc ?? '').split('\n').filter((l) => !gone.includes(l.trim()));
        let at = 0;
        const lines = (read ?? '').split('\n');
        for (const line of oldLines.map((l) => l.trim())) {
          while (at < lines.length && lines[at]?.trim() !== line) at++;
          expect(at, `docstring lost ${JSON.stringify(line)}`).toBeLessThan(lines.length);
          at++;
        }
      }
      // Rebuilt from the stored doc on the patched file's source: the same patch (item 3).
      const again = await patchOf({ ...c, answer: patch.doc }, source);
      expect(again.ok && again.after).toBe(patch.after);
    },
  );
});

describe('verifyDocPatch: the lines of an existing doc', () => {
  const before =
    'def f(a, b):\n    """Do it.\n\n    .. versionchanged:: 2.0\n        Faster.\n\n    Args:\n        a: The a.\n        c: Gone.\n    """\n    return a\n';
  it.each([
    [
      'a line of prose removed',
      before.replace('    .. versionchanged:: 2.0\n', ''),
      /remove line 4 .*versionchanged/,
    ],
    ['a line reworded', before.replace('Do it.', 'Does it.'), /remove line 2/],
    [
      'the entry of a parameter that exists removed',
      before.replace('        a: The a.\n', ''),
      /remove line 8/,
    ],
    [
      'the entry of a parameter that is gone removed',
      before.replace('        c: Gone.\n', ''),
      true,
    ],
    [
      'an entry added',
      before.replace('        c: Gone.\n', '        c: Gone.\n        b: The b.\n'),
      true,
    ],
  ] as const)('%s', async (_, after, expected) => {
    const result = await verifyDocPatch({ path: 'm.py', before, after, target: 'f' });
    if (expected === true) expect(result).toEqual({ ok: true });
    else expect(result.ok ? 'passed' : result.reason).toMatch(expected);
  });
});
