import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  diagnosticFingerprint,
  parseDiagnostics,
  relativisePath,
} from '../../../src/checks/parsers/index.js';
import { type Diagnostic, PARSER_NAMES } from '../../../src/checks/types.js';

const CWD = '/home/dev/shop';

describe('relativisePath', () => {
  const cases: Array<[string, string, string, string]> = [
    ['absolute under cwd', '/home/dev/shop/src/a.ts', CWD, 'src/a.ts'],
    ['cwd with a trailing slash', '/home/dev/shop/src/a.ts', `${CWD}/`, 'src/a.ts'],
    ['untidy absolute path', '/home/dev/shop//src/./a.ts', CWD, 'src/a.ts'],
    ['leading ./', './src/a.ts', CWD, 'src/a.ts'],
    ['relative with ..', 'src/../lib/a.ts', CWD, 'lib/a.ts'],
    ['relative, outside cwd', '../other/a.ts', CWD, '../other/a.ts'],
    ['absolute outside cwd', '/home/dev/other/a.ts', CWD, '/home/dev/other/a.ts'],
    ['sibling sharing a prefix', '/home/dev/shopping/a.ts', CWD, '/home/dev/shopping/a.ts'],
    ['cwd itself', CWD, CWD, CWD],
    ['macOS /private spelling of a /var cwd', '/private/var/f/T/h1/a.ts', '/var/f/T/h1', 'a.ts'],
    ['macOS /var spelling of a /private cwd', '/var/f/T/h1/a.ts', '/private/var/f/T/h1', 'a.ts'],
  ];
  it.each(cases)('%s', (_name, file, cwd, want) => {
    expect(relativisePath(file, cwd)).toBe(want);
  });
});

describe('parseDiagnostics: order and duplicates', () => {
  it('sorts by file, line and column, drops exact duplicates across streams', () => {
    const stdout = [
      'src/b.c:3:1: error: late',
      'src/a.c:10:2: error: second',
      'src/a.c:10: error: no column sorts first',
      'src/a.c:2:9: warning: first',
      'src/a.c:2:9: warning: first',
      'src/a.c:2:9: note: same place, kept in input order',
      '/home/dev/shop/src/b.c:3:1: error: late',
    ].join('\n');
    const got = parseDiagnostics('generic', { stdout, stderr: 'src/b.c:3:1: error: late' }, CWD);
    expect(got.map((d) => `${d.file}:${d.line}:${d.column ?? '-'} ${d.message}`)).toEqual([
      'src/a.c:2:9 first',
      'src/a.c:2:9 same place, kept in input order',
      'src/a.c:10:- no column sorts first',
      'src/a.c:10:2 second',
      'src/b.c:3:1 late',
    ]);
  });

  it('clamps line 0 to 1 and drops column 0', () => {
    const got = parseDiagnostics('generic', { stdout: 'a.txt:0:0: whole file', stderr: '' }, CWD);
    expect(got).toEqual([
      { file: 'a.txt', line: 1, severity: 'error', message: 'whole file', parser: 'generic' },
    ]);
  });
});

const GARBAGE: Array<[string, string]> = [
  ['empty', ''],
  ['a crash', 'Segmentation fault (core dumped)\n'],
  ['command not found', 'sh: 1: ruff: not found\n'],
  ['binary', '\u0000\u0001\u00ff\ufffd PNG\r\n\u001a'],
  ['JSON of another shape', '{"not":"a report","items":[1,2,3]}'],
  ['JSON with wrong field types', '[{"filePath":3,"location":null,"messages":"x"}]'],
  [
    'report-like JSON with wrong inner types',
    '[{"filePath":"/a.js","messages":[{"line":"3","message":5}],"location":{"row":"1"}}]',
  ],
  ['pyright-like JSON with wrong inner types', '{"generalDiagnostics":[null,5,{"file":7}]}'],
  [
    'cargo-like lines with wrong inner types',
    '{"reason":"compiler-message","message":{"level":"error","message":"x","spans":[null,{"is_primary":true}]}}\n{"reason":"compiler-message","message":null}',
  ],
  ['truncated JSON', '[{"filePath":"/home/dev/shop/a.js","messages":[{"ruleId":"semi","line":1'],
  ['a flood of brackets', '['.repeat(200_000)],
  ['an indented line with nothing before it', '    Types of property qty are incompatible.'],
];

describe('parseDiagnostics: garbage gives []', () => {
  const cases = PARSER_NAMES.flatMap((parser) =>
    GARBAGE.map(([name, text]) => ({ parser, name, text })),
  );
  it.each(cases)('$parser: $name', ({ parser, text }) => {
    expect(parseDiagnostics(parser, { stdout: text, stderr: text }, CWD)).toEqual([]);
  });
});

const BASE: Diagnostic = {
  file: 'src/cart.ts',
  line: 12,
  column: 5,
  severity: 'error',
  code: 'TS2322',
  message: "Type 'string' is not assignable to type 'number'.",
  parser: 'tsc',
};

describe('diagnosticFingerprint', () => {
  const cases: Array<[string, Partial<Diagnostic>, boolean]> = [
    ['the same problem on another line', { line: 40, column: 9, endLine: 41 }, true],
    ['another severity or parser', { severity: 'warning', parser: 'generic' }, true],
    [
      'whitespace differences',
      { message: "Type  'string' is not assignable\n  to type 'number'. " },
      true,
    ],
    ['a different message', { message: "Type 'string' is not assignable to type 'Date'." }, false],
    ['a different code', { code: 'TS2345' }, false],
    ['no code', { code: undefined }, false],
    ['another file', { file: 'src/order.ts' }, false],
  ];
  it.each(cases)('%s → same: %s', (_name, change, same) => {
    const other = diagnosticFingerprint({ ...BASE, ...change });
    expect(other === diagnosticFingerprint(BASE)).toBe(same);
  });

  it('is 16 hex characters and stable', () => {
    expect(diagnosticFingerprint(BASE)).toMatch(/^[0-9a-f]{16}$/);
    expect(diagnosticFingerprint({ ...BASE })).toBe(diagnosticFingerprint(BASE));
  });
});

const TSC = path.resolve(import.meta.dirname, '../../../node_modules/typescript/bin/tsc');
const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-parsers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the project's own tsc in `dir`; it exits 2 on type errors, so read the thrown output. */
function runTsc(args: string[]): { stdout: string; stderr: string } {
  try {
    execFileSync(process.execPath, [TSC, ...args], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { stdout, stderr };
  }
  throw new Error('tsc passed a file with type errors');
}

let plainRun: { stdout: string; stderr: string } | undefined;

// tsc takes seconds to start; both tests read the same plain run.
function runPlainTsc(): { stdout: string; stderr: string } {
  plainRun ??= runTsc(['-p', '.']);
  return plainRun;
}

describe('parseDiagnostics: a real tsc run', () => {
  writeFileSync(
    path.join(dir, 'bad.ts'),
    [
      'export const count: number = "three";',
      'export const f: (x: number) => void = (x: string) => console.log(x);',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    '{"compilerOptions":{"strict":true,"noEmit":true},"files":["bad.ts"]}',
  );

  it('reads plain output, chained messages included', () => {
    const got = parseDiagnostics('tsc', runPlainTsc(), dir);
    expect(got.map(({ file, line, code, severity }) => ({ file, line, code, severity }))).toEqual([
      { file: 'bad.ts', line: 1, code: 'TS2322', severity: 'error' },
      { file: 'bad.ts', line: 2, code: 'TS2322', severity: 'error' },
    ]);
    expect(got[0]?.column).toBe(14);
    expect(got[1]?.message).toContain("\n  Types of parameters 'x' and 'x' are incompatible.");
  });

  it('reads --pretty output to the same diagnostics', () => {
    const plain = parseDiagnostics('tsc', runPlainTsc(), dir);
    const pretty = runTsc(['-p', '.', '--pretty']);
    expect(pretty.stdout).toContain('\u001b[');
    expect(parseDiagnostics('tsc', pretty, dir)).toEqual(plain);
  });
});
