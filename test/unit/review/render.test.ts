import { describe, expect, it } from 'vitest';
import {
  type ReviewReport,
  renderReviewJson,
  renderReviewMarkdown,
  renderReviewSarif,
} from '../../../src/tasks/review/render.js';
import type { ReviewFinding } from '../../../src/tasks/review/types.js';

const FINDINGS: ReviewFinding[] = [
  {
    file: 'src/cart.ts',
    line: 14,
    severity: 'error',
    category: 'bug',
    message: '`items` may be undefined when the cart is new',
    suggestion: 'const items = this.items ?? [];',
    fingerprint: 'aaaaaaaaaaaaaaaaaaaa',
  },
  {
    file: 'src/cart.ts',
    line: 22,
    endLine: 24,
    severity: 'warning',
    category: 'style',
    message: 'Use === instead of ==',
    fingerprint: 'bbbbbbbbbbbbbbbbbbbb',
  },
  {
    file: 'lib/my util.py',
    line: 3,
    severity: 'note',
    category: 'bug',
    message: 'This branch is never taken:\nthe flag is always set',
    fingerprint: 'cccccccccccccccccccc',
  },
];

const REVIEW: ReviewReport = {
  title: 'Review r1a2b3c',
  range: 'abc1234..def5678',
  tier: 'local',
  model: 'gemma-4-e4b',
  result: { findings: FINDINGS, summary: 'Adds a cart total.', summaryOnly: false, dropped: [] },
  createdAt: '2025-05-01T10:00:00.000Z',
};

describe('renderReviewMarkdown', () => {
  it('shows a heading, the summary and findings grouped by file', () => {
    expect(renderReviewMarkdown(REVIEW)).toBe(
      [
        '# Review r1a2b3c',
        '',
        '`abc1234..def5678` · gemma-4-e4b (local) · 2025-05-01T10:00:00.000Z',
        '',
        'Adds a cart total.',
        '',
        '**3 findings**: 1 error, 1 warning, 1 note',
        '',
        '## `src/cart.ts`',
        '',
        '- **error** `src/cart.ts:14` [bug] `items` may be undefined when the cart is new',
        '  ```ts',
        '  const items = this.items ?? [];',
        '  ```',
        '- **warning** `src/cart.ts:22-24` [style] Use === instead of ==',
        '',
        '## `lib/my util.py`',
        '',
        '- **note** `lib/my util.py:3` [bug] This branch is never taken:',
        '  the flag is always set',
        '',
      ].join('\n'),
    );
  });

  it('fences a suggestion holding backticks with a longer fence, blank lines unindented', () => {
    const finding = {
      ...FINDINGS[1],
      suggestion: 'const s = ```x```;\n\nreturn s;',
    } as ReviewFinding;
    const review = { ...REVIEW, result: { ...REVIEW.result, findings: [finding] } };
    expect(renderReviewMarkdown(review)).toContain(
      '  ````ts\n  const s = ```x```;\n\n  return s;\n  ````\n',
    );
  });

  it.each([
    {
      name: 'no findings',
      result: { findings: [], summary: 'Looks fine.', summaryOnly: false, dropped: [] },
      body: 'Looks fine.\n\nNo findings.\n',
    },
    {
      name: 'one finding',
      result: {
        findings: [FINDINGS[1] as ReviewFinding],
        summary: '',
        summaryOnly: false,
        dropped: [],
      },
      body: '**1 finding**: 1 warning\n\n## `src/cart.ts`\n\n- **warning**',
    },
    {
      name: 'a summary-only review',
      result: {
        findings: [],
        summary: 'I think **this** is fine.',
        summaryOnly: true,
        dropped: [],
      },
      body: 'as the model wrote it.\n\nI think **this** is fine.\n',
    },
    {
      name: 'an empty summary-only review',
      result: { findings: [], summary: '', summaryOnly: true, dropped: [] },
      body: '_The answer was empty._\n',
    },
  ])('renders $name', ({ result, body }) => {
    const markdown = renderReviewMarkdown({ ...REVIEW, result });
    expect(markdown.startsWith('# Review r1a2b3c\n\n`abc1234..def5678`')).toBe(true);
    expect(markdown).toContain(body);
    if (result.summaryOnly) expect(markdown).not.toMatch(/No findings|\*\*\d+ finding/);
  });
});

describe('renderReviewJson', () => {
  it('holds the same data, as plain JSON', () => {
    const json = renderReviewJson(REVIEW);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toEqual({
      format: 'hearth-review/v1',
      title: REVIEW.title,
      range: REVIEW.range,
      tier: 'local',
      model: 'gemma-4-e4b',
      createdAt: REVIEW.createdAt,
      summary: 'Adds a cart total.',
      summaryOnly: false,
      findings: FINDINGS,
      dropped: [],
    });
  });
});

// biome-ignore lint/suspicious/noExplicitAny: the log is read loosely, field by field.
type Json = any;

// A hand-written check of what SARIF 2.1.0 requires of the parts hearth writes, with the
// property names its schema allows there (it forbids others).
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'results', 'originalUriBaseIds', 'invocations', 'automationDetails', 'properties'],
  driver: ['name', 'informationUri', 'version', 'semanticVersion', 'rules', 'properties'],
  rule: ['id', 'name', 'shortDescription', 'fullDescription', 'helpUri', 'help', 'properties'],
  result: [
    'ruleId',
    'ruleIndex',
    'level',
    'message',
    'locations',
    'partialFingerprints',
    'fingerprints',
    'fixes',
    'suppressions',
    'properties',
  ],
  suppression: ['kind', 'status', 'justification', 'location', 'guid', 'properties'],
  physicalLocation: ['artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'snippet', 'properties'],
};

function checkSarif(log: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  const isObject = (v: unknown): v is Json =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const onlyKeys = (v: Record<string, unknown>, kind: string, where: string) => {
    for (const key of Object.keys(v))
      need(ALLOWED[kind]?.includes(key) ?? false, `${where}.${key} is not allowed`);
  };
  const isLine = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (!isObject(log)) return ['the log is not an object'];
  onlyKeys(log, 'log', 'log');
  need(log.version === '2.1.0', 'version is not 2.1.0');
  need(Array.isArray(log.runs) && log.runs.length > 0, 'runs is not a non-empty array');
  for (const [r, run] of (Array.isArray(log.runs) ? log.runs : []).entries()) {
    const at = `runs[${r}]`;
    if (!isObject(run)) return [...problems, `${at} is not an object`];
    onlyKeys(run, 'run', at);
    const driver = run.tool?.driver;
    need(
      isObject(driver) && typeof driver.name === 'string' && driver.name !== '',
      `${at}.tool.driver.name`,
    );
    if (isObject(driver)) onlyKeys(driver, 'driver', `${at}.tool.driver`);
    if (driver?.informationUri !== undefined)
      need(/^https?:\/\/\S+$/.test(driver.informationUri), 'informationUri');
    const rules: Json[] = driver?.rules ?? [];
    need(Array.isArray(rules), 'rules is not an array');
    for (const rule of rules) {
      need(typeof rule.id === 'string' && rule.id !== '', 'a rule has no id');
      onlyKeys(rule, 'rule', `${at} rule ${rule.id}`);
    }
    need(new Set(rules.map((rule) => rule.id)).size === rules.length, 'rule ids repeat');
    const bases: Json = run.originalUriBaseIds ?? {};
    for (const [id, base] of Object.entries<Json>(bases)) {
      need(
        /^[a-z][a-z0-9+.-]*:\/\/.*\/$/i.test(base?.uri),
        `base ${id} is not absolute with a final /`,
      );
    }
    need(Array.isArray(run.results), `${at}.results is not an array`);
    for (const [i, result] of (run.results ?? []).entries()) {
      const where = `${at}.results[${i}]`;
      onlyKeys(result, 'result', where);
      need(
        typeof result.message?.text === 'string' && result.message.text !== '',
        `${where}.message.text`,
      );
      need(['none', 'note', 'warning', 'error'].includes(result.level), `${where}.level`);
      need(
        rules.some((rule) => rule.id === result.ruleId),
        `${where}.ruleId names no rule`,
      );
      if (result.ruleIndex !== undefined)
        need(rules[result.ruleIndex]?.id === result.ruleId, `${where}.ruleIndex`);
      need(Array.isArray(result.locations) && result.locations.length > 0, `${where}.locations`);
      for (const suppression of result.suppressions ?? []) {
        onlyKeys(suppression, 'suppression', `${where} suppression`);
        need(['inSource', 'external'].includes(suppression.kind), `${where} suppression.kind`);
      }
      for (const location of result.locations ?? []) {
        const physical = location.physicalLocation;
        onlyKeys(physical, 'physicalLocation', `${where} physicalLocation`);
        onlyKeys(physical.artifactLocation, 'artifactLocation', `${where} artifactLocation`);
        onlyKeys(physical.region, 'region', `${where} region`);
        const { uri, uriBaseId } = physical.artifactLocation ?? {};
        need(typeof uri === 'string' && uri !== '', `${where} uri`);
        need(
          !/^[a-z][a-z0-9+.-]*:|^\/|\\|\s/i.test(uri),
          `${where} uri ${uri} is not a relative URI`,
        );
        need(
          uriBaseId === undefined || uriBaseId in bases,
          `${where} uriBaseId ${uriBaseId} is unknown`,
        );
        need(isLine(physical.region?.startLine), `${where} region.startLine`);
        const { endLine, startLine } = physical.region ?? {};
        if (endLine !== undefined)
          need(isLine(endLine) && endLine >= startLine, `${where} region.endLine`);
      }
      const fingerprints = result.partialFingerprints ?? {};
      need(isObject(fingerprints), `${where}.partialFingerprints`);
      for (const value of Object.values(fingerprints))
        need(typeof value === 'string', `${where} fingerprint`);
    }
  }
  return problems;
}

describe('renderReviewSarif', () => {
  const sarif = renderReviewSarif({ ...REVIEW, repoRoot: '/home/dev/shop' }) as Json;
  const run = sarif.runs[0];

  it('passes the SARIF 2.1.0 checks', () => {
    expect(checkSarif(sarif)).toEqual([]);
    expect(checkSarif(JSON.parse(JSON.stringify(sarif)))).toEqual([]);
  });

  it('catches what the checks are for', () => {
    const broken = JSON.parse(JSON.stringify(sarif));
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri = '/abs/path';
    broken.runs[0].results[2].partialFingerprints = { v1: 7 };
    broken.runs[0].results[2].suggestion = 'x';
    expect(checkSarif(broken)).toHaveLength(5);
  });

  it('names hearth, the schema, and one rule per category', () => {
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('hearth');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['bug', 'style']);
  });

  it('places each finding relative to SRCROOT, with its fingerprint', () => {
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///home/dev/shop/' } });
    expect(run.results[1]).toEqual({
      ruleId: 'style',
      ruleIndex: 1,
      level: 'warning',
      message: { text: 'Use === instead of ==' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/cart.ts', uriBaseId: 'SRCROOT' },
            region: { startLine: 22, endLine: 24 },
          },
        },
      ],
      partialFingerprints: { 'hearthFingerprint/v1': 'bbbbbbbbbbbbbbbbbbbb' },
    });
    expect(run.results[0].properties).toEqual({ suggestion: 'const items = this.items ?? [];' });
    const uri = run.results[2].locations[0].physicalLocation.artifactLocation.uri;
    expect(uri).toBe('lib/my%20util.py');
  });

  it.each([
    ['/home/dev/shop/', 'file:///home/dev/shop/'],
    ['/srv/my repo', 'file:///srv/my%20repo/'],
  ])('makes the root %s the base URI %s', (repoRoot, uri) => {
    const log = renderReviewSarif({ ...REVIEW, repoRoot }) as Json;
    expect(log.runs[0].originalUriBaseIds.SRCROOT.uri).toBe(uri);
  });

  it('writes a valid log with no results for a summary-only review', () => {
    const result = { findings: [], summary: 'prose', summaryOnly: true, dropped: [] };
    const log = renderReviewSarif({ ...REVIEW, result, repoRoot: '/r' }) as Json;
    expect(checkSarif(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
  });
});

describe('a finding dismissed since the review', () => {
  const dismissed = new Set(['bbbbbbbbbbbbbbbbbbbb']);
  const review = { ...REVIEW, dismissed };

  it('is struck through in Markdown, in its place, without its suggestion', () => {
    const markdown = renderReviewMarkdown(review);
    expect(markdown).toContain(
      '- ~~warning `src/cart.ts:22-24` Use === instead of ==~~ _(dismissed)_\n',
    );
    expect(markdown).toContain('- **error** `src/cart.ts:14` [bug]');
  });

  it('is marked in JSON', () => {
    const findings = renderReviewJson(review).findings;
    expect(findings.map((f) => f.dismissed ?? false)).toEqual([false, true, false]);
  });

  it('is suppressed in SARIF, and the log still passes the checks', () => {
    const log = renderReviewSarif({ ...review, repoRoot: '/r' }) as Json;
    expect(log.runs[0].results[1].suppressions).toEqual([
      { kind: 'external', justification: 'dismissed with hearth reviews dismiss' },
    ]);
    expect(log.runs[0].results[0].suppressions).toBeUndefined();
    expect(checkSarif(log)).toEqual([]);
  });
});
