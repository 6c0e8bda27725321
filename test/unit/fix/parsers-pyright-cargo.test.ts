import { describe, expect, it } from 'vitest';
import { parseDiagnostics } from '../../../src/checks/parsers/index.js';
import type { Diagnostic, ParserName } from '../../../src/checks/types.js';

const CWD = '/home/dev/shop';

interface Case {
  name: string;
  parser: ParserName;
  stdout?: string;
  stderr?: string;
  want: Array<Omit<Diagnostic, 'parser'>>;
}

function pyrightRange(line: number, character: number, endCharacter: number): object {
  return { start: { line, character }, end: { line, character: endCharacter } };
}

const PYRIGHT = JSON.stringify({
  version: '1.1.389',
  time: '1732000000000',
  generalDiagnostics: [
    {
      file: '/home/dev/shop/app/models.py',
      severity: 'error',
      message:
        'Type "Literal[\'a\']" is not assignable to declared type "int"\n  "Literal[\'a\']" is not assignable to "int"',
      range: pyrightRange(11, 12, 15),
      rule: 'reportAssignmentType',
    },
    {
      file: '/home/dev/shop/app/models.py',
      severity: 'warning',
      message: 'Import "yaml" could not be resolved from source',
      range: pyrightRange(0, 7, 11),
      rule: 'reportMissingModuleSource',
    },
    {
      file: '/home/dev/shop/app/views.py',
      severity: 'information',
      message: 'Type of "x" is "int"',
      range: pyrightRange(20, 0, 1),
    },
    {
      file: '/home/dev/shop/app/big.py',
      severity: 'error',
      message: 'Code is too complex to analyze; reduce complexity by refactoring into subroutines',
    },
  ],
  summary: { filesAnalyzed: 4, errorCount: 2, warningCount: 1, informationCount: 1 },
});

/** One `cargo check --message-format=json` line carrying a rustc diagnostic. */
function cargoMessage(message: object): string {
  return JSON.stringify({
    reason: 'compiler-message',
    package_id: 'path+file:///home/dev/shop#0.1.0',
    manifest_path: '/home/dev/shop/Cargo.toml',
    target: { kind: ['bin'], crate_types: ['bin'], name: 'shop', src_path: 'src/main.rs' },
    message: { $message_type: 'diagnostic', children: [], rendered: '...', ...message },
  });
}

function rustSpan(file_name: string, line: number, column: number, is_primary: boolean): object {
  return {
    file_name,
    byte_start: 68,
    byte_end: 75,
    line_start: line,
    line_end: line,
    column_start: column,
    column_end: column + 7,
    is_primary,
    label: null,
    text: [],
    expansion: null,
    suggested_replacement: null,
    suggestion_applicability: null,
  };
}

const CARGO = [
  JSON.stringify({
    reason: 'compiler-artifact',
    package_id: 'registry+https://github.com/rust-lang/crates.io-index#libc@0.2.155',
    filenames: ['/home/dev/shop/target/debug/deps/liblibc.rmeta'],
    fresh: true,
  }),
  cargoMessage({
    code: { code: 'E0308', explanation: 'Expected type did not match the received type.' },
    level: 'error',
    message: 'mismatched types',
    children: [{ level: 'note', message: 'expected type `u32`', spans: [], children: [] }],
    spans: [rustSpan('src/main.rs', 4, 12, false), rustSpan('src/main.rs', 4, 18, true)],
  }),
  cargoMessage({
    code: { code: 'unused_variables', explanation: null },
    level: 'warning',
    message: 'unused variable: `total`',
    spans: [rustSpan('src/cart.rs', 9, 9, true)],
  }),
  cargoMessage({
    code: null,
    level: 'help',
    message: 'consider importing this struct',
    spans: [rustSpan('/home/dev/shop/src/lib.rs', 1, 1, true)],
  }),
  cargoMessage({
    code: null,
    level: 'warning',
    message: 'function `helper` is never used',
    spans: [rustSpan('/home/dev/common/src/lib.rs', 20, 4, true)],
  }),
  cargoMessage({ code: null, level: 'warning', message: '1 warning emitted', spans: [] }),
  cargoMessage({
    code: null,
    level: 'error',
    message: 'aborting due to 1 previous error',
    spans: [],
  }),
  cargoMessage({
    code: null,
    level: 'failure-note',
    message: 'For more information about this error, try `rustc --explain E0308`.',
    spans: [rustSpan('src/main.rs', 4, 18, true)],
  }),
  JSON.stringify({ reason: 'build-finished', success: false }),
  '{"reason":"compiler-message", truncated',
].join('\n');

const CARGO_STDERR = `    Checking shop v0.1.0 (/home/dev/shop)
error: could not compile \`shop\` (bin "shop") due to 1 previous error; 1 warning emitted
`;

const cases: Case[] = [
  {
    name: 'pyright: 0-based positions, severities, rules, a range-less diagnostic',
    parser: 'pyright',
    stdout: PYRIGHT,
    want: [
      {
        file: 'app/big.py',
        line: 1,
        severity: 'error',
        message:
          'Code is too complex to analyze; reduce complexity by refactoring into subroutines',
      },
      {
        file: 'app/models.py',
        line: 1,
        column: 8,
        endLine: 1,
        severity: 'warning',
        code: 'reportMissingModuleSource',
        message: 'Import "yaml" could not be resolved from source',
      },
      {
        file: 'app/models.py',
        line: 12,
        column: 13,
        endLine: 12,
        severity: 'error',
        code: 'reportAssignmentType',
        message:
          'Type "Literal[\'a\']" is not assignable to declared type "int"\n  "Literal[\'a\']" is not assignable to "int"',
      },
      {
        file: 'app/views.py',
        line: 21,
        column: 1,
        endLine: 21,
        severity: 'note',
        message: 'Type of "x" is "int"',
      },
    ],
  },
  {
    name: 'cargo: primary spans, levels, artifacts and summaries skipped',
    parser: 'cargo',
    stdout: CARGO,
    stderr: CARGO_STDERR,
    want: [
      {
        file: '/home/dev/common/src/lib.rs',
        line: 20,
        column: 4,
        endLine: 20,
        severity: 'warning',
        message: 'function `helper` is never used',
      },
      {
        file: 'src/cart.rs',
        line: 9,
        column: 9,
        endLine: 9,
        severity: 'warning',
        code: 'unused_variables',
        message: 'unused variable: `total`',
      },
      {
        file: 'src/lib.rs',
        line: 1,
        column: 1,
        endLine: 1,
        severity: 'note',
        message: 'consider importing this struct',
      },
      {
        file: 'src/main.rs',
        line: 4,
        column: 18,
        endLine: 4,
        severity: 'error',
        code: 'E0308',
        message: 'mismatched types',
      },
    ],
  },
];

describe('parseDiagnostics: pyright and cargo', () => {
  it.each(cases)('$name', ({ parser, stdout = '', stderr = '', want }) => {
    const got = parseDiagnostics(parser, { stdout, stderr }, CWD);
    expect(got).toEqual(want.map((d) => ({ ...d, parser })));
  });
});
