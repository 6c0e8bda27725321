import { describe, expect, it } from 'vitest';
import {
  type AuditEnded,
  type AuditEntry,
  type AuditRecord,
  type AuditStarted,
  describeOutcome,
  pairAuditRecords,
  parseAuditText,
} from '../../../src/audit/audit-records.js';

const LIVE_PID = 100;
const DEAD_PID = 200;
const isRunning = (pid: number) => pid === LIVE_PID;
const NOW = Date.parse('2026-12-01T10:01:00.000Z');

const started = (id: string, over: Partial<AuditStarted> = {}): AuditStarted => ({
  event: 'started',
  id,
  at: '2026-12-01T10:00:00.000Z',
  host: 'api.openai.com',
  tier: 'cloud',
  model: 'gpt-4.1',
  taskId: `task-${id}`,
  bytes: 120,
  sha256: 'ab'.repeat(32),
  pid: DEAD_PID,
  ...over,
});

const ended = (id: string, over: Partial<AuditEnded> = {}): AuditEnded => ({
  event: 'ended',
  id,
  at: '2026-12-01T10:00:05.000Z',
  tier: 'cloud',
  outcome: 'ok',
  promptTokens: 40,
  completionTokens: 8,
  ...over,
});

const legacy: AuditEntry = {
  at: '2026-11-26T10:00:00.000Z',
  host: '127.0.0.1:11434',
  tier: 'local',
  taskId: 'old',
  bytes: 100,
  promptTokens: 10,
  completionTokens: 1,
  sha256: 'cd'.repeat(32),
  outcome: 'ok',
};

const view = (id: string, over: Partial<AuditEntry>): AuditEntry => ({
  id,
  at: '2026-12-01T10:00:00.000Z',
  host: 'api.openai.com',
  tier: 'cloud',
  model: 'gpt-4.1',
  taskId: `task-${id}`,
  bytes: 120,
  sha256: 'ab'.repeat(32),
  promptTokens: 0,
  completionTokens: 0,
  outcome: 'cut-off',
  ...over,
});

describe('pairAuditRecords', () => {
  const cases: { name: string; records: AuditRecord[]; expected: AuditEntry[] }[] = [
    {
      name: 'a start and its end make one answered request',
      records: [started('a'), ended('a')],
      expected: [
        view('a', {
          outcome: 'ok',
          promptTokens: 40,
          completionTokens: 8,
          endedAt: '2026-12-01T10:00:05.000Z',
        }),
      ],
    },
    {
      name: 'an error end keeps the request, with no tokens',
      records: [
        started('a'),
        ended('a', { outcome: 'error', promptTokens: 0, completionTokens: 0 }),
      ],
      expected: [view('a', { outcome: 'error', endedAt: '2026-12-01T10:00:05.000Z' })],
    },
    {
      name: 'a start whose writer is gone without an end was cut off',
      records: [started('a')],
      expected: [view('a', { outcome: 'cut-off' })],
    },
    {
      name: 'a start whose writer still runs is pending',
      records: [started('a', { pid: LIVE_PID })],
      expected: [view('a', { outcome: 'pending' })],
    },
    {
      name: 'requests stay in the order they left, whatever order they ended in',
      records: [started('a'), started('b'), ended('b'), ended('a', { outcome: 'error' })],
      expected: [
        view('a', {
          outcome: 'error',
          promptTokens: 40,
          completionTokens: 8,
          endedAt: '2026-12-01T10:00:05.000Z',
        }),
        view('b', {
          outcome: 'ok',
          promptTokens: 40,
          completionTokens: 8,
          endedAt: '2026-12-01T10:00:05.000Z',
        }),
      ],
    },
    {
      name: 'a line from before started/ended reads as it was written',
      records: [legacy, started('a')],
      expected: [legacy, view('a', { outcome: 'cut-off' })],
    },
    {
      name: 'an end whose start retention dropped adds nothing',
      records: [ended('gone'), started('a')],
      expected: [view('a', { outcome: 'cut-off' })],
    },
  ];
  it.each(cases)('$name', ({ records, expected }) => {
    expect(pairAuditRecords(records, isRunning, NOW)).toEqual(expected);
  });

  it('takes a day-old start without an end for cut off, even if its pid runs again', () => {
    const old = started('a', { pid: LIVE_PID, at: '2026-11-30T09:00:00.000Z' });
    expect(pairAuditRecords([old], isRunning, NOW)).toEqual([
      view('a', { outcome: 'cut-off', at: '2026-11-30T09:00:00.000Z' }),
    ]);
  });
});

describe('parseAuditText', () => {
  it('skips damaged and blank lines and keeps the rest in order', () => {
    const text = `${JSON.stringify(started('a'))}\n{"at": "cut short\n\n${JSON.stringify(ended('a'))}\nnull\n`;
    expect(parseAuditText(text)).toEqual([started('a'), ended('a')]);
  });
});

describe('describeOutcome', () => {
  it.each([
    ['ok', 'ok'],
    ['error', 'error'],
    ['cut-off', 'cut off (no answer recorded)'],
    ['pending', 'waiting for an answer'],
  ] as const)('%s reads as %s', (outcome, text) => {
    expect(describeOutcome(outcome)).toBe(text);
  });
});
