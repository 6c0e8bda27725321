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

/** One `eslint -f json` result, with the counters eslint adds. */
function eslintResult(filePath: string, messages: object[]): object {
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: messages.length,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

const ESLINT = JSON.stringify([
  eslintResult('/home/dev/shop/src/cart.js', [
    {
      ruleId: 'no-unused-vars',
      severity: 2,
      message: "'total' is assigned a value but never used.",
      line: 3,
      column: 7,
      nodeType: 'Identifier',
      messageId: 'unusedVar',
      endLine: 3,
      endColumn: 12,
    },
    {
      ruleId: 'eqeqeq',
      severity: 1,
      message: "Expected '===' and instead saw '=='.",
      line: 10,
      column: 9,
      endLine: 10,
      endColumn: 11,
    },
    {
      ruleId: null,
      severity: 1,
      message: "Unused eslint-disable directive (no problems were reported from 'no-console').",
      line: 1,
      column: 1,
    },
  ]),
  eslintResult('/home/dev/shop/src/broken.js', [
    {
      ruleId: null,
      fatal: true,
      severity: 2,
      message: 'Parsing error: Unexpected token )',
      line: 5,
      column: 12,
    },
  ]),
  eslintResult('/home/dev/shop/src/clean.js', []),
  eslintResult('/home/dev/vendor/lib.js', [
    { ruleId: 'no-undef', severity: 2, message: "'$' is not defined.", line: 1, column: 1 },
  ]),
  eslintResult('/home/dev/shop/dist/out.js', [
    {
      fatal: false,
      severity: 1,
      message: 'File ignored because of a matching ignore pattern. Use "--no-ignore" to override.',
    },
  ]),
]);

const ESLINT_WANT: Case['want'] = [
  {
    file: '/home/dev/vendor/lib.js',
    line: 1,
    column: 1,
    severity: 'error',
    code: 'no-undef',
    message: "'$' is not defined.",
  },
  {
    file: 'src/broken.js',
    line: 5,
    column: 12,
    severity: 'error',
    message: 'Parsing error: Unexpected token )',
  },
  {
    file: 'src/cart.js',
    line: 1,
    column: 1,
    severity: 'warning',
    message: "Unused eslint-disable directive (no problems were reported from 'no-console').",
  },
  {
    file: 'src/cart.js',
    line: 3,
    column: 7,
    endLine: 3,
    severity: 'error',
    code: 'no-unused-vars',
    message: "'total' is assigned a value but never used.",
  },
  {
    file: 'src/cart.js',
    line: 10,
    column: 9,
    endLine: 10,
    severity: 'warning',
    code: 'eqeqeq',
    message: "Expected '===' and instead saw '=='.",
  },
];

const RUFF_JSON = JSON.stringify(
  [
    {
      cell: null,
      code: 'F401',
      end_location: { column: 10, row: 1 },
      filename: '/home/dev/shop/app/models.py',
      fix: {
        applicability: 'safe',
        edits: [
          { content: '', end_location: { column: 1, row: 2 }, location: { column: 1, row: 1 } },
        ],
        message: 'Remove unused import: `os`',
      },
      location: { column: 8, row: 1 },
      message: '`os` imported but unused',
      noqa_row: 1,
      url: 'https://docs.astral.sh/ruff/rules/unused-import',
    },
    {
      cell: null,
      code: 'E711',
      end_location: { column: 16, row: 14 },
      filename: '/home/dev/shop/app/models.py',
      fix: null,
      location: { column: 12, row: 14 },
      message: 'Comparison to `None` should be `cond is None`',
      noqa_row: 14,
      url: 'https://docs.astral.sh/ruff/rules/none-comparison',
    },
    {
      cell: null,
      code: null,
      end_location: { column: 9, row: 3 },
      filename: '/home/dev/shop/app/broken.py',
      fix: null,
      location: { column: 9, row: 3 },
      message: 'SyntaxError: Expected an expression',
      noqa_row: null,
      url: null,
    },
  ],
  null,
  2,
);

const RUFF_CONCISE = `app/models.py:1:8: F401 [*] \`os\` imported but unused
app/models.py:14:12: E711 Comparison to \`None\` should be \`cond is None\`
app/broken.py:3:9: SyntaxError: Expected an expression
Found 3 errors.
[*] 1 fixable with the \`--fix\` option.
`;

const RUFF_WANT: Case['want'] = [
  {
    file: 'app/broken.py',
    line: 3,
    column: 9,
    endLine: 3,
    severity: 'error',
    message: 'SyntaxError: Expected an expression',
  },
  {
    file: 'app/models.py',
    line: 1,
    column: 8,
    endLine: 1,
    severity: 'error',
    code: 'F401',
    message: '`os` imported but unused',
  },
  {
    file: 'app/models.py',
    line: 14,
    column: 12,
    endLine: 14,
    severity: 'error',
    code: 'E711',
    message: 'Comparison to `None` should be `cond is None`',
  },
];

const cases: Case[] = [
  {
    name: 'eslint: severities, parse errors, absolute paths, ignored-file notices',
    parser: 'eslint',
    stdout: ESLINT,
    want: ESLINT_WANT,
  },
  {
    name: 'eslint: JSON behind npm script noise',
    parser: 'eslint',
    stdout: `\n> shop@1.0.0 lint\n> eslint -f json src [--cache]\n\n${ESLINT}\nnpm notice [1] done\n`,
    want: ESLINT_WANT,
  },
  { name: 'eslint: a clean run', parser: 'eslint', stdout: '[]', want: [] },
  {
    name: 'ruff JSON: codes, end rows, syntax error',
    parser: 'ruff',
    stdout: RUFF_JSON,
    want: RUFF_WANT,
  },
  {
    name: 'ruff concise text: fix markers and summary lines',
    parser: 'ruff',
    stdout: RUFF_CONCISE,
    want: RUFF_WANT.map(({ endLine: _, ...rest }) => rest),
  },
];

describe('parseDiagnostics: eslint and ruff', () => {
  it.each(cases)('$name', ({ parser, stdout = '', stderr = '', want }) => {
    const got = parseDiagnostics(parser, { stdout, stderr }, CWD);
    expect(got).toEqual(want.map((d) => ({ ...d, parser })));
  });
});
