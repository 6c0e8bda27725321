import { describe, expect, it } from 'vitest';
import {
  fingerprintFinding,
  type SelectContext,
  selectFindings,
} from '../../../src/tasks/review/select-findings.js';
import type { RawFinding } from '../../../src/tasks/review/types.js';

const CART = Array.from({ length: 20 }, (_, i) => `  const line${i + 1} = compute(${i + 1});`);
const NEW_FILE = ['export const answer = 42;', 'export const question = undefined;'];

/** Three lines around a 1-based line, as the daemon passes them; undefined past the end. */
function around(lines: readonly string[], line: number): string | undefined {
  if (line > lines.length) return undefined;
  return lines.slice(Math.max(0, line - 2), line + 1).join('\n');
}

function makeContext(overrides: Partial<SelectContext> = {}): SelectContext {
  const files = new Map([
    ['src/cart.ts', CART],
    ['src/new.ts', NEW_FILE],
    ['src/trimmed.ts', CART],
  ]);
  return {
    changedLines: new Map<string, ReadonlySet<number> | 'all'>([
      ['src/cart.ts', new Set([10, 11, 12])],
      ['src/new.ts', 'all'],
      ['src/trimmed.ts', new Set()],
    ]),
    codeAround: (file, line) => around(files.get(file) ?? [], line),
    dismissed: new Set(),
    seen: new Set(),
    ...overrides,
  };
}

function makeFinding(overrides: Partial<RawFinding> = {}): RawFinding {
  return {
    file: 'src/cart.ts',
    line: 11,
    severity: 'warning',
    category: 'bug',
    message: 'compute() may throw here',
    ...overrides,
  };
}

describe('fingerprintFinding', () => {
  const base = {
    file: 'src/cart.ts',
    category: 'bug',
    message: 'Value 3 of `retries` is never checked.',
    codeAround: 'if (x) {\n  retry(3);\n}',
  };
  const fingerprint = fingerprintFinding(base);

  it('is 20 hex digits', () => {
    expect(fingerprint).toMatch(/^[0-9a-f]{20}$/);
  });

  it.each([
    {
      name: 'other numbers in the message',
      change: { message: 'Value 42 of `retries` is never checked' },
    },
    { name: 'case and spacing', change: { message: '  value 3 of  `retries`\nis never CHECKED!' } },
    { name: 'the category in capitals', change: { category: 'Bug' } },
    { name: 'the code re-indented', change: { codeAround: '  if (x) {\n      retry(3);\n  }\n' } },
  ])('is the same with $name', ({ change }) => {
    expect(fingerprintFinding({ ...base, ...change })).toBe(fingerprint);
  });

  it.each([
    { name: 'another message', change: { message: 'Value 3 of `retries` is never used' } },
    { name: 'another quoted name', change: { message: 'Value 3 of `Retries` is never checked' } },
    {
      name: 'a number inside the quotes',
      change: { message: 'Value 3 of `retries2` is never checked' },
    },
    { name: 'another file', change: { file: 'src/cart2.ts' } },
    { name: 'another category', change: { category: 'security' } },
    { name: 'other code', change: { codeAround: 'if (y) {\n  retry(3);\n}' } },
  ])('differs with $name', ({ change }) => {
    expect(fingerprintFinding({ ...base, ...change })).not.toBe(fingerprint);
  });
});

describe('selectFindings', () => {
  it.each([
    { name: 'on a changed line', finding: makeFinding({ line: 11 }), reason: undefined },
    { name: '3 lines after the change', finding: makeFinding({ line: 15 }), reason: undefined },
    { name: '3 lines before the change', finding: makeFinding({ line: 7 }), reason: undefined },
    {
      name: '4 lines after the change',
      finding: makeFinding({ line: 16 }),
      reason: 'outside the change',
    },
    {
      name: '4 lines before the change',
      finding: makeFinding({ line: 6 }),
      reason: 'outside the change',
    },
    { name: 'far off', finding: makeFinding({ line: 1 }), reason: 'outside the change' },
    {
      name: 'a range reaching near the change',
      finding: makeFinding({ line: 2, endLine: 8 }),
      reason: undefined,
    },
    {
      name: 'a file outside the change',
      finding: makeFinding({ file: 'src/other.ts' }),
      reason: 'no such file in the change',
    },
    {
      name: 'a path with a b/ prefix',
      finding: makeFinding({ file: 'b/src/cart.ts' }),
      reason: undefined,
    },
    {
      name: 'a path with a leading /',
      finding: makeFinding({ file: '/src/cart.ts' }),
      reason: undefined,
    },
    {
      name: 'any line of a new file',
      finding: makeFinding({ file: 'src/new.ts', line: 2 }),
      reason: undefined,
    },
    {
      name: 'past the end of a new file',
      finding: makeFinding({ file: 'src/new.ts', line: 9 }),
      reason: 'the file has no line 9',
    },
    {
      name: 'a file with only deletions',
      finding: makeFinding({ file: 'src/trimmed.ts' }),
      reason: 'outside the change',
    },
  ])('$name: $reason', ({ finding, reason }) => {
    const { findings, dropped } = selectFindings([finding], makeContext());
    if (reason === undefined) {
      expect(dropped).toEqual([]);
      expect(findings).toEqual([
        { ...finding, file: finding.file.replace(/^\/|^b\//, ''), fingerprint: expect.any(String) },
      ]);
    } else {
      expect(findings).toEqual([]);
      expect(dropped).toEqual([{ finding, reason }]);
    }
  });

  it('fingerprints the code around the line in the reviewed file', () => {
    const [kept] = selectFindings([makeFinding()], makeContext()).findings;
    expect(kept?.fingerprint).toBe(
      fingerprintFinding({ ...makeFinding(), codeAround: CART.slice(9, 12).join('\n') }),
    );
  });

  it('drops dismissed, already reported and repeated findings', () => {
    const dismissed = makeFinding({ line: 10, message: 'a false alarm' });
    const reported = makeFinding({ line: 12, message: 'reported last time' });
    const fresh = makeFinding({ line: 11 });
    const fingerprintOf = (f: RawFinding) =>
      selectFindings([f], makeContext()).findings[0]?.fingerprint;
    const context = makeContext({
      dismissed: new Set([fingerprintOf(dismissed) as string]),
      seen: new Set([fingerprintOf(reported) as string]),
    });
    const { findings, dropped } = selectFindings([dismissed, reported, fresh, fresh], context);
    expect(findings.map((f) => f.message)).toEqual([fresh.message]);
    expect(dropped).toEqual([
      { finding: dismissed, reason: 'dismissed' },
      { finding: reported, reason: 'already reported' },
      { finding: fresh, reason: 'a duplicate' },
    ]);
  });

  it('repeats no finding when a re-review sees the same code moved down', () => {
    const first = selectFindings([makeFinding({ line: 11 })], makeContext());
    const moved = ['// a', '// b', '// c', '// d', '// e', ...CART];
    const second = selectFindings([makeFinding({ line: 16 })], {
      ...makeContext(),
      changedLines: new Map([['src/cart.ts', new Set([1, 2, 3, 4, 5, 15, 16, 17])]]),
      codeAround: (_file, line) => around(moved, line),
      seen: new Set(first.findings.map((f) => f.fingerprint)),
    });
    expect(first.findings).toHaveLength(1);
    expect(second.findings).toEqual([]);
    expect(second.dropped).toEqual([
      { finding: makeFinding({ line: 16 }), reason: 'already reported' },
    ]);
  });

  it('sorts what it keeps by file and line', () => {
    const raw = [
      makeFinding({ line: 12, message: 'c' }),
      makeFinding({ file: 'src/new.ts', line: 1, message: 'd' }),
      makeFinding({ line: 9, message: 'a' }),
      makeFinding({ line: 11, message: 'b' }),
    ];
    const { findings } = selectFindings(raw, makeContext());
    expect(findings.map((f) => f.message)).toEqual(['a', 'b', 'c', 'd']);
  });
});
