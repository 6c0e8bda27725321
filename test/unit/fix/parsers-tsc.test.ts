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

/** Text wrapped in an ANSI SGR colour, as `tsc --pretty` prints it. */
function paint(code: number, text: string): string {
  return `\u001b[${code}m${text}\u001b[0m`;
}

const TSC_PLAIN = `src/cart.ts(30,7): error TS2322: Type '{ id: string; qty: string; }' is not assignable to type 'Line'.
  Types of property 'qty' are incompatible.
    Type 'string' is not assignable to type 'number'.
src/cart.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.
src/api/client.ts(4,10): error TS6133: 'unused' is declared but its value is never read.
/home/dev/shop/src/index.ts(1,1): warning TS6385: 'legacy' is deprecated.
/home/dev/other/lib.d.ts(3,1): error TS2300: Duplicate identifier 'x'.
src/b.ts(2,3): suggestion TS80001: File is a CommonJS module; it may be converted to an ES module.
error TS18003: No inputs were found in config file 'tsconfig.json'.
`;

const TSC_PRETTY = `${paint(96, 'src/cart.ts')}:${paint(93, '12')}:${paint(93, '5')} - ${paint(91, 'error')}${paint(90, ' TS2322: ')}Type 'string' is not assignable to type 'number'.

${paint(7, '12')}     total = 'none';
${paint(7, '  ')} ${paint(91, '    ~~~~~')}

${paint(96, './src/cart.ts')}:${paint(93, '30')}:${paint(93, '7')} - ${paint(91, 'error')}${paint(90, ' TS2322: ')}Type '{ id: string; qty: string; }' is not assignable to type 'Line'.
  Types of property 'qty' are incompatible.
    Type 'string' is not assignable to type 'number'.

${paint(7, '30')} const line: Line = { id: 'a', qty: '1' };
${paint(7, '  ')} ${paint(91, '      ~~~~')}

  ${paint(96, 'src/types.ts')}:${paint(93, '3')}:${paint(93, '3')}
    ${paint(7, '3')}   qty: number;
    ${paint(7, ' ')} ${paint(96, '  ~~~')}
    The expected type comes from property 'qty' which is declared here on type 'Line'


Found 2 errors in the same file, starting at: src/cart.ts${paint(90, ':12')}

`;

const cases: Case[] = [
  {
    name: 'tsc plain: chained messages, severities, absolute paths in and out of cwd',
    parser: 'tsc',
    stdout: TSC_PLAIN,
    want: [
      {
        file: '/home/dev/other/lib.d.ts',
        line: 3,
        column: 1,
        severity: 'error',
        code: 'TS2300',
        message: "Duplicate identifier 'x'.",
      },
      {
        file: 'src/api/client.ts',
        line: 4,
        column: 10,
        severity: 'error',
        code: 'TS6133',
        message: "'unused' is declared but its value is never read.",
      },
      {
        file: 'src/b.ts',
        line: 2,
        column: 3,
        severity: 'note',
        code: 'TS80001',
        message: 'File is a CommonJS module; it may be converted to an ES module.',
      },
      {
        file: 'src/cart.ts',
        line: 12,
        column: 5,
        severity: 'error',
        code: 'TS2322',
        message: "Type 'string' is not assignable to type 'number'.",
      },
      {
        file: 'src/cart.ts',
        line: 30,
        column: 7,
        severity: 'error',
        code: 'TS2322',
        message:
          "Type '{ id: string; qty: string; }' is not assignable to type 'Line'.\n  Types of property 'qty' are incompatible.\n    Type 'string' is not assignable to type 'number'.",
      },
      {
        file: 'src/index.ts',
        line: 1,
        column: 1,
        severity: 'warning',
        code: 'TS6385',
        message: "'legacy' is deprecated.",
      },
    ],
  },
  {
    name: 'tsc --pretty: colours stripped, code frames and related info not in the message',
    parser: 'tsc',
    stdout: TSC_PRETTY,
    want: [
      {
        file: 'src/cart.ts',
        line: 12,
        column: 5,
        severity: 'error',
        code: 'TS2322',
        message: "Type 'string' is not assignable to type 'number'.",
      },
      {
        file: 'src/cart.ts',
        line: 30,
        column: 7,
        severity: 'error',
        code: 'TS2322',
        message:
          "Type '{ id: string; qty: string; }' is not assignable to type 'Line'.\n  Types of property 'qty' are incompatible.\n    Type 'string' is not assignable to type 'number'.",
      },
    ],
  },
  {
    name: 'tsc: CRLF line endings',
    parser: 'tsc',
    stdout: "src/a.ts(1,2): error TS1005: ';' expected.\r\n  at the end\r\n",
    want: [
      {
        file: 'src/a.ts',
        line: 1,
        column: 2,
        severity: 'error',
        code: 'TS1005',
        message: "';' expected.\n  at the end",
      },
    ],
  },
];

describe('parseDiagnostics: tsc', () => {
  it.each(cases)('$name', ({ parser, stdout = '', stderr = '', want }) => {
    const got = parseDiagnostics(parser, { stdout, stderr }, CWD);
    expect(got).toEqual(want.map((d) => ({ ...d, parser })));
  });
});
