import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../src/audit/audit-records.js';
import { estimateCostDollars } from '../../../src/router/prices.js';
import {
  addToTally,
  type DayTally,
  findDayPrefixes,
  SpendTally,
} from '../../../src/runner/spend.js';

const NOON = new Date(2026, 11, 3, 12, 0, 0);
const TODAY = NOON.toDateString();
const at = (hoursFromNoon: number) =>
  new Date(NOON.getTime() + hoursFromNoon * 3_600_000).toISOString();

const ended = (over: Partial<Record<string, unknown>> = {}): AuditRecord =>
  ({
    event: 'ended',
    id: 'x',
    at: at(0),
    tier: 'cloud',
    outcome: 'ok',
    promptTokens: 100,
    completionTokens: 10,
    ...over,
  }) as AuditRecord;

const started = (over: Partial<Record<string, unknown>> = {}): AuditRecord =>
  ({
    event: 'started',
    id: 'x',
    at: at(0),
    host: 'api.openai.com',
    tier: 'cloud',
    model: 'gpt-4.1',
    taskId: null,
    bytes: 10,
    sha256: 'ab',
    pid: 1,
    ...over,
  }) as AuditRecord;

const legacy = (over: Partial<Record<string, unknown>> = {}): AuditRecord =>
  ({
    at: at(0),
    host: 'api.openai.com',
    tier: 'cloud',
    taskId: null,
    bytes: 10,
    promptTokens: 1000,
    completionTokens: 100,
    sha256: 'ab',
    outcome: 'ok',
    ...over,
  }) as AuditRecord;

const empty: DayTally = { day: TODAY, promptTokens: 0, completionTokens: 0 };

describe('addToTally', () => {
  it.each([
    { name: 'a cloud end today counts', records: [ended()], prompt: 100, completion: 10 },
    { name: 'a start alone counts nothing', records: [started()], prompt: 0, completion: 0 },
    {
      name: 'a local end counts nothing',
      records: [ended({ tier: 'local' })],
      prompt: 0,
      completion: 0,
    },
    {
      name: "yesterday's end counts nothing",
      records: [ended({ at: at(-24) })],
      prompt: 0,
      completion: 0,
    },
    {
      name: 'a line from the old format counts',
      records: [legacy()],
      prompt: 1000,
      completion: 100,
    },
    {
      name: 'a bad token count adds nothing',
      records: [ended({ promptTokens: -5 }), ended({ completionTokens: 'x' }), ended()],
      prompt: 100,
      completion: 10,
    },
    {
      name: 'several add up',
      records: [
        ended(),
        legacy(),
        ended({ outcome: 'error', promptTokens: 0, completionTokens: 0 }),
      ],
      prompt: 1100,
      completion: 110,
    },
  ])('$name', ({ records, prompt, completion }) => {
    expect(addToTally(empty, records)).toEqual({
      day: TODAY,
      promptTokens: prompt,
      completionTokens: completion,
    });
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function auditFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-spend-'));
  dirs.push(dir);
  return path.join(dir, 'audit.jsonl');
}

const line = (record: AuditRecord) => `${JSON.stringify(record)}\n`;

describe('SpendTally', () => {
  it('reads the log whole once, then only the lines added since', () => {
    const file = auditFile();
    writeFileSync(file, Array.from({ length: 1000 }, () => line(ended())).join(''));
    const tally = new SpendTally(file);
    const first = tally.read('gpt-4.1', NOON);
    expect(first.tokens).toBe(110_000);
    expect(first.dollars).toBeCloseTo(estimateCostDollars('gpt-4.1', 100_000, 10_000) ?? 0, 10);
    const wholeLog = tally.bytesRead;

    for (let i = 0; i < 50; i++) tally.read('gpt-4.1', NOON);
    expect(tally.bytesRead).toBe(wholeLog);

    appendFileSync(file, line(started()) + line(ended({ promptTokens: 7, completionTokens: 3 })));
    expect(tally.read('gpt-4.1', NOON).tokens).toBe(110_010);
    expect(tally.bytesRead - wholeLog).toBe(
      Buffer.byteLength(line(started()) + line(ended({ promptTokens: 7, completionTokens: 3 }))),
    );
  });

  it('leaves a line still being written for the next read', () => {
    const file = auditFile();
    const whole = line(ended());
    writeFileSync(file, whole.slice(0, 20));
    const tally = new SpendTally(file);
    expect(tally.read('gpt-4.1', NOON).tokens).toBe(0);
    appendFileSync(file, whole.slice(20));
    expect(tally.read('gpt-4.1', NOON).tokens).toBe(110);
  });

  it('starts over on a new day and when the log was rewritten', () => {
    const file = auditFile();
    writeFileSync(file, line(ended()) + line(ended({ at: at(13) })));
    const tally = new SpendTally(file);
    expect(tally.read('gpt-4.1', NOON).tokens).toBe(110);
    expect(tally.read('gpt-4.1', new Date(NOON.getTime() + 13 * 3_600_000)).tokens).toBe(110);

    // Retention writes a new file and renames it over the log.
    const next = `${file}.new`;
    writeFileSync(next, line(ended({ promptTokens: 1, completionTokens: 1 })));
    renameSync(next, file);
    expect(tally.read('gpt-4.1', NOON).tokens).toBe(2);
  });

  it('is zero without a log, and prices nothing for an unpriced model', () => {
    const file = auditFile();
    const tally = new SpendTally(file);
    expect(tally.read('gpt-4.1', NOON)).toEqual({ tokens: 0, dollars: 0 });
    writeFileSync(file, line(ended()));
    expect(tally.read('no-such-model', NOON)).toEqual({ tokens: 110, dollars: 0 });
  });
});

describe('findDayPrefixes', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });
  it.each([
    { tz: 'UTC', prefixes: ['"at":"2026-12-03'] },
    { tz: 'America/New_York', prefixes: ['"at":"2026-12-03', '"at":"2026-12-04'] },
    { tz: 'Asia/Tokyo', prefixes: ['"at":"2026-12-02', '"at":"2026-12-03'] },
  ])('a local day in $tz spans $prefixes', ({ tz, prefixes }) => {
    process.env.TZ = tz;
    expect(findDayPrefixes(new Date(2026, 11, 3, 12))).toEqual(prefixes);
  });

  it('counts a cloud request that ended late in the local evening (the next UTC date)', () => {
    process.env.TZ = 'America/New_York';
    const file = auditFile();
    const evening = new Date(2026, 11, 3, 23, 30);
    writeFileSync(file, line(ended({ at: evening.toISOString() })));
    expect(evening.toISOString().slice(0, 10)).toBe('2026-12-04');
    expect(new SpendTally(file).read('gpt-4.1', new Date(2026, 11, 3, 9)).tokens).toBe(110);
  });
});
