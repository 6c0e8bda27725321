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

const MYPY = `src/shop/cart.py:12: error: Incompatible types in assignment (expression has type "str", variable has type "int")  [assignment]
src/shop/cart.py:20: error: Argument 1 to "add" of "Cart" has incompatible type "str"; expected "int"  [arg-type]
src/shop/cart.py:8: note: "add" defined here
src/shop/api.py:7: error: Library stubs not installed for "requests"  [import-untyped]
src/shop/api.py:7: note: Hint: "python3 -m pip install types-requests"
src/shop/api.py:7: note: (or run "mypy --install-types" to install all missing stub packages)
src/shop/api.py:7: note: See https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports
src/shop/api.py:31: note: Revealed type is "builtins.int"
/home/dev/shop/src/shop/api.py:40:9: error: Name "undefined_name" is not defined  [name-defined]
/usr/lib/python3/site.py:3:5:3:12: error: Unsupported operand types for + ("int" and "str")  [operator]
Found 5 errors in 3 files (checked 7 source files)
`;

const GOVET = `# example.com/shop/cart
# [example.com/shop/cart]
./cart/cart.go:30:6: unreachable code
./cart/cart.go:14:2: fmt.Sprintf format %d has arg name of wrong type string
# example.com/shop/api
api/client.go:22:13: log.Println call has possible Printf formatting directive %s
/home/dev/shop/api/server.go:9: struct field tag \`json:"id\` not compatible with reflect.StructTag.Get: bad syntax for struct tag value
vet: api/broken.go:3:8: could not import example.com/missing (no required module provides package)
`;

const GENERIC_OUT = `src/main.c:14:3: warning: unused variable 'y' [-Wunused-variable]
   14 |   int y;
      |       ^
src/main.c:12:5: error: 'x' undeclared (first use in this function)
In file included from src/main.c:1:
lib/util.sh:7:9: note: Double quote to prevent globbing and word splitting. [SC2086]
docs/guide.md:3: trailing whitespace
/home/dev/shop/README.md:1:1: MD041 First line in file should be a top-level heading
`;

const GENERIC_ERR = `12:30:05: build started
make: *** [Makefile:4: all] Error 1
Error: something failed
scripts/run.py:2: SyntaxError: invalid syntax
src/app.js:3: constructor: not a severity label
`;

const cases: Case[] = [
  {
    name: 'mypy: codes, columns, error ends, notes appended to their error or kept alone',
    parser: 'mypy',
    stdout: MYPY,
    want: [
      {
        file: '/usr/lib/python3/site.py',
        line: 3,
        column: 5,
        endLine: 3,
        severity: 'error',
        code: 'operator',
        message: 'Unsupported operand types for + ("int" and "str")',
      },
      {
        file: 'src/shop/api.py',
        line: 7,
        severity: 'error',
        code: 'import-untyped',
        message:
          'Library stubs not installed for "requests"\nHint: "python3 -m pip install types-requests"\n(or run "mypy --install-types" to install all missing stub packages)\nSee https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports',
      },
      {
        file: 'src/shop/api.py',
        line: 31,
        severity: 'note',
        message: 'Revealed type is "builtins.int"',
      },
      {
        file: 'src/shop/api.py',
        line: 40,
        column: 9,
        severity: 'error',
        code: 'name-defined',
        message: 'Name "undefined_name" is not defined',
      },
      { file: 'src/shop/cart.py', line: 8, severity: 'note', message: '"add" defined here' },
      {
        file: 'src/shop/cart.py',
        line: 12,
        severity: 'error',
        code: 'assignment',
        message:
          'Incompatible types in assignment (expression has type "str", variable has type "int")',
      },
      {
        file: 'src/shop/cart.py',
        line: 20,
        severity: 'error',
        code: 'arg-type',
        message: 'Argument 1 to "add" of "Cart" has incompatible type "str"; expected "int"',
      },
    ],
  },
  {
    name: 'go vet on stderr: headers and vet: lines skipped, ./ dropped, column optional',
    parser: 'govet',
    stderr: GOVET,
    want: [
      {
        file: 'api/client.go',
        line: 22,
        column: 13,
        severity: 'error',
        message: 'log.Println call has possible Printf formatting directive %s',
      },
      {
        file: 'api/server.go',
        line: 9,
        severity: 'error',
        message:
          'struct field tag `json:"id` not compatible with reflect.StructTag.Get: bad syntax for struct tag value',
      },
      {
        file: 'cart/cart.go',
        line: 14,
        column: 2,
        severity: 'error',
        message: 'fmt.Sprintf format %d has arg name of wrong type string',
      },
      { file: 'cart/cart.go', line: 30, column: 6, severity: 'error', message: 'unreachable code' },
    ],
  },
  {
    name: 'generic: both streams, optional severity label, prose and timestamps ignored',
    parser: 'generic',
    stdout: GENERIC_OUT,
    stderr: GENERIC_ERR,
    want: [
      {
        file: 'README.md',
        line: 1,
        column: 1,
        severity: 'error',
        message: 'MD041 First line in file should be a top-level heading',
      },
      { file: 'docs/guide.md', line: 3, severity: 'error', message: 'trailing whitespace' },
      {
        file: 'lib/util.sh',
        line: 7,
        column: 9,
        severity: 'note',
        message: 'Double quote to prevent globbing and word splitting. [SC2086]',
      },
      {
        file: 'scripts/run.py',
        line: 2,
        severity: 'error',
        message: 'SyntaxError: invalid syntax',
      },
      {
        file: 'src/app.js',
        line: 3,
        severity: 'error',
        message: 'constructor: not a severity label',
      },
      {
        file: 'src/main.c',
        line: 12,
        column: 5,
        severity: 'error',
        message: "'x' undeclared (first use in this function)",
      },
      {
        file: 'src/main.c',
        line: 14,
        column: 3,
        severity: 'warning',
        message: "unused variable 'y' [-Wunused-variable]",
      },
    ],
  },
];

describe('parseDiagnostics: mypy, go vet and generic', () => {
  it.each(cases)('$name', ({ parser, stdout = '', stderr = '', want }) => {
    const got = parseDiagnostics(parser, { stdout, stderr }, CWD);
    expect(got).toEqual(want.map((d) => ({ ...d, parser })));
  });
});
