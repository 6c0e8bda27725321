import { describe, expect, it } from 'vitest';
import {
  type ParsedFindings,
  parseFindings,
  STRICT_RETRY_INSTRUCTION,
} from '../../../src/tasks/review/parse-findings.js';

const NULL_CHECK = {
  file: 'src/cart.ts',
  line: 14,
  severity: 'error',
  category: 'bug',
  message: '`items` may be undefined when the cart is new',
};
const LOOSE_EQ = {
  file: 'src/cart.ts',
  line: 22,
  severity: 'warning',
  category: 'style',
  message: 'Use === instead of ==',
};
const CLEAN = JSON.stringify({ summary: 'Adds a cart total.', findings: [NULL_CHECK, LOOSE_EQ] });

function read(answer: string): ParsedFindings {
  const parsed = parseFindings(answer);
  if (!parsed.ok) throw new Error(`refused: ${parsed.reason}`);
  return parsed;
}

describe('parseFindings: answers it reads, damaged or not', () => {
  it.each([
    { name: 'clean JSON', answer: CLEAN },
    { name: 'pretty-printed JSON', answer: JSON.stringify(JSON.parse(CLEAN), null, 2) },
    { name: 'a ```json fence', answer: `\`\`\`json\n${CLEAN}\n\`\`\`` },
    {
      name: 'prose before and after, a fence between',
      answer: `Here is my review of the change:\n\n\`\`\`json\n${CLEAN}\n\`\`\`\n\nLet me know if {anything} is unclear.`,
    },
    {
      name: 'an example array in the prose before the real answer',
      answer: `An empty list [] would mean no problems. I found two:\n${CLEAN}`,
    },
    {
      name: 'CRLF line ends',
      answer: JSON.stringify(JSON.parse(CLEAN), null, 2).replace(/\n/g, '\r\n'),
    },
    {
      name: 'trailing commas',
      answer: `{"summary": "Adds a cart total.", "findings": [
        {"file": "src/cart.ts", "line": 14, "severity": "error", "category": "bug", "message": "\`items\` may be undefined when the cart is new",},
        {"file": "src/cart.ts", "line": 22, "severity": "warning", "category": "style", "message": "Use === instead of ==",},
      ],}`,
    },
    {
      name: '// and /* */ comments',
      answer: `{
        // what the change does
        "summary": "Adds a cart total.", /* two problems */
        "findings": [
          {"file": "src/cart.ts", "line": 14, "severity": "error", "category": "bug", // the worst
           "message": "\`items\` may be undefined when the cart is new"},
          {"file": "src/cart.ts", "line": 22, "severity": "warning", "category": "style", "message": "Use === instead of =="}
        ]
      }`,
    },
    {
      name: 'single-quoted strings, Python style',
      answer: `{'summary': 'Adds a cart total.', 'findings': [
        {'file': 'src/cart.ts', 'line': 14, 'severity': 'error', 'category': 'bug', 'message': '\`items\` may be undefined when the cart is new', 'suggestion': None},
        {'file': 'src/cart.ts', 'line': 22, 'severity': 'warning', 'category': 'style', 'message': 'Use === instead of =='}]}`,
    },
    {
      name: 'unquoted keys and words',
      answer: `{summary: "Adds a cart total.", findings: [
        {file: "src/cart.ts", line: 14, severity: error, category: bug, message: "\`items\` may be undefined when the cart is new"},
        {file: "src/cart.ts", line: 22, severity: warning, category: style, message: "Use === instead of =="}]}`,
    },
    {
      name: 'smart quotes',
      answer: `{“summary”: “Adds a cart total.”, “findings”: [
        {“file”: “src/cart.ts”, “line”: 14, “severity”: “error”, “category”: “bug”, “message”: “\`items\` may be undefined when the cart is new”},
        {“file”: “src/cart.ts”, “line”: 22, “severity”: “warning”, “category”: “style”, “message”: “Use === instead of ==”}]}`,
    },
    {
      name: 'missing commas between findings',
      answer: `{"summary": "Adds a cart total." "findings": [${JSON.stringify(NULL_CHECK)}\n${JSON.stringify(LOOSE_EQ)}]}`,
    },
    {
      name: 'line numbers as strings, synonyms for file, message and severity',
      answer: JSON.stringify({
        summary: 'Adds a cart total.',
        findings: [
          { ...NULL_CHECK, line: '14', severity: 'CRITICAL' },
          {
            path: 'src/cart.ts',
            line: 'L22',
            severity: 'minor',
            category: 'Style',
            description: 'Use === instead of ==',
          },
        ],
      }),
    },
  ])('$name', ({ answer }) => {
    const parsed = read(answer);
    expect(parsed.summary).toBe('Adds a cart total.');
    expect(parsed.findings).toEqual([NULL_CHECK, LOOSE_EQ]);
    expect(parsed.dropped).toEqual([]);
  });

  it('reads a bare array, with no summary', () => {
    const parsed = read(`[${JSON.stringify(NULL_CHECK)}, ${JSON.stringify(LOOSE_EQ)}]`);
    expect(parsed).toEqual({
      ok: true,
      summary: '',
      findings: [NULL_CHECK, LOOSE_EQ],
      dropped: [],
    });
  });

  it('reads an answer that follows the strict retry instruction', () => {
    expect(STRICT_RETRY_INSTRUCTION).toMatch(/JSON/);
    expect(read('{"summary": "Nothing to report.", "findings": []}')).toEqual({
      ok: true,
      summary: 'Nothing to report.',
      findings: [],
      dropped: [],
    });
  });

  it.each([
    {
      name: 'inside the second finding: the first is kept, the second dropped',
      answer: `{"summary": "Adds a cart total.", "findings": [${JSON.stringify(NULL_CHECK)}, {"file": "src/cart.ts", "line": 22, "message": "Use === ins`,
      summary: 'Adds a cart total.',
      findings: [NULL_CHECK],
      dropped: [{ file: 'src/cart.ts', line: 22, message: 'Use === ins' }],
    },
    {
      name: 'inside a key of a bare array',
      answer: `[${JSON.stringify(NULL_CHECK)}, {"file": "src/cart.ts", "li`,
      summary: '',
      findings: [NULL_CHECK],
      dropped: [{ file: 'src/cart.ts' }],
    },
    {
      name: 'after a comma, so nothing is cut',
      answer: `{"summary": "Adds a cart total.", "findings": [${JSON.stringify(NULL_CHECK)},`,
      summary: 'Adds a cart total.',
      findings: [NULL_CHECK],
      dropped: [],
    },
    {
      name: 'inside the summary, written last',
      answer: `{"findings": [${JSON.stringify(NULL_CHECK)}], "summary": "Adds a cart to`,
      summary: 'Adds a cart to',
      findings: [NULL_CHECK],
      dropped: [],
    },
    {
      name: 'inside a fence that is then closed',
      answer: `\`\`\`json\n{"summary": "Adds a cart total.", "findings": [${JSON.stringify(NULL_CHECK)}, {"file": "src/cart.ts", "line": 2\n\`\`\`\nDone.`,
      summary: 'Adds a cart total.',
      findings: [NULL_CHECK],
      dropped: [{ file: 'src/cart.ts', line: 2 }],
    },
  ])('repairs an answer cut off $name', ({ answer, summary, findings, dropped }) => {
    const parsed = read(answer);
    expect(parsed.summary).toBe(summary);
    expect(parsed.findings).toEqual(findings);
    expect(parsed.dropped).toEqual(
      dropped.map((finding) => ({ finding, reason: 'the answer ended inside it' })),
    );
  });

  it.each([
    ['critical', 'error'],
    ['High', 'error'],
    ['major', 'error'],
    ['error', 'error'],
    ['medium', 'warning'],
    ['minor', 'warning'],
    ['low', 'warning'],
    ['warn', 'warning'],
    ['info', 'note'],
    ['suggestion', 'note'],
    ['nit', 'note'],
    ['note', 'note'],
    ['whatever', 'warning'],
    ['constructor', 'warning'],
    [undefined, 'warning'],
  ])('reads severity %s as %s', (severity, expected) => {
    const parsed = read(JSON.stringify([{ ...NULL_CHECK, severity }]));
    expect(parsed.findings[0]?.severity).toBe(expected);
  });

  it.each([
    { name: 'filename and text', raw: { filename: 'a.py', line: 3, text: 'x' }, file: 'a.py' },
    { name: 'a ./ path', raw: { file: './src/a.ts', line: 3, message: 'x' }, file: 'src/a.ts' },
    { name: 'a Windows path', raw: { file: 'src\\a.ts', line: 3, message: 'x' }, file: 'src/a.ts' },
  ])('reads the file from $name', ({ raw, file }) => {
    expect(read(JSON.stringify([raw])).findings[0]).toMatchObject({ file, line: 3, message: 'x' });
  });

  it.each([
    { line: 12, expected: { line: 12 } },
    { line: '12', expected: { line: 12 } },
    { line: 'L12-L14', expected: { line: 12, endLine: 14 } },
    { line: 'lines 12 to 14', expected: { line: 12, endLine: 14 } },
    { line: 12, endLine: '15', expected: { line: 12, endLine: 15 } },
    { line: 12, endLine: 12, expected: { line: 12 } },
    { line: 12, endLine: 3, expected: { line: 12 } },
  ])('reads line $line (end $endLine)', ({ expected, ...lines }) => {
    const finding = read(JSON.stringify([{ ...NULL_CHECK, ...lines }])).findings[0];
    expect({ line: finding?.line, endLine: finding?.endLine }).toEqual({
      endLine: undefined,
      ...expected,
    });
  });

  it('drops findings it cannot place, with the reasons', () => {
    const raw = [
      { line: 3, message: 'no file' },
      { file: 'a.ts', message: 'no line' },
      { file: 'a.ts', line: 0, message: 'line zero' },
      { file: 'a.ts', line: 'near the top', message: 'a line in words' },
      { file: 'a.ts', line: 2.5, message: 'a fraction' },
      { file: 'a.ts', line: 3, message: '   ' },
      { severity: 'error' },
      'a finding as a string',
    ];
    const parsed = read(JSON.stringify({ summary: 's', findings: [...raw, NULL_CHECK] }));
    expect(parsed.findings).toEqual([NULL_CHECK]);
    expect(parsed.dropped.map((d) => d.reason)).toEqual([
      'no file',
      'no line number',
      'no line number',
      'no line number',
      'no line number',
      'no message',
      'no file, no line number, no message',
      'not an object',
    ]);
    expect(parsed.dropped.map((d) => d.finding)).toEqual(raw);
  });

  it('normalises category and suggestion', () => {
    const raw = {
      ...NULL_CHECK,
      category: ' Error Handling ',
      suggestion: '```ts\n\n  if (!items) return zero;\n```\n',
    };
    const [finding] = read(JSON.stringify([raw])).findings;
    expect(finding?.category).toBe('error-handling');
    expect(finding?.suggestion).toBe('  if (!items) return zero;');
    expect(read(JSON.stringify([{ ...NULL_CHECK, category: '' }])).findings[0]?.category).toBe(
      'general',
    );
    expect(read(JSON.stringify([{ ...NULL_CHECK, suggestion: ' ' }])).findings[0]).toEqual(
      NULL_CHECK,
    );
  });

  it('keeps raw newlines and escapes inside strings', () => {
    const answer = `[{"file": "a.ts", "line": 1, "message": "first line\nsecond \\"quoted\\" \\u00e9 \\d"}]`;
    expect(read(answer).findings[0]?.message).toBe('first line\nsecond "quoted" é \\d');
  });

  it('reads a findings object instead of a list, and a `__proto__` key as data', () => {
    const parsed = read(`{"summary": "s", "findings": ${JSON.stringify(NULL_CHECK)}}`);
    expect(parsed.findings).toEqual([NULL_CHECK]);
    const odd = read('{"__proto__": {"polluted": true}, "findings": []}');
    expect(odd.findings).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseFindings: answers it refuses', () => {
  it.each([
    { name: 'an empty answer', answer: '  \n', reason: /empty/ },
    { name: 'prose only', answer: 'The change looks fine to me. No issues.', reason: /no JSON/ },
    { name: 'prose with braces', answer: 'Call {fn} with [a, b] first.', reason: /no JSON/ },
    { name: 'an unrelated object', answer: '{"status": "ok", "count": 2}', reason: /no JSON/ },
    { name: 'an array of numbers', answer: '[1, 2, 3]', reason: /no JSON/ },
    { name: 'HTML', answer: '<html><body>502 Bad Gateway</body></html>', reason: /no JSON/ },
    { name: 'a colon-less object', answer: '{"summary" "x"}', reason: /no JSON/ },
    { name: 'deep nesting', answer: '['.repeat(5000), reason: /no JSON/ },
    { name: 'a huge answer', answer: `[${' '.repeat(100_000)}]`, reason: /over the 100,000/ },
  ])('$name', ({ answer, reason }) => {
    const parsed = parseFindings(answer);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
