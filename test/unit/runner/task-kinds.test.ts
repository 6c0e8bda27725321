import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { createConsoleLogger } from '../../../src/log/logger.js';
import { newTask } from '../../../src/queue/types.js';
import { buildTaskCore } from '../../../src/runner/model-tasks.js';
import {
  describeOutcome,
  readTaskOutcome,
  type TaskOutcome,
} from '../../../src/runner/task-kinds.js';
import { readKindInputs, readTaskInputs } from '../../../src/runner/task-record.js';
import { tempDir } from '../../helpers/hearth.js';
import { openTempStore, removeTempStores } from '../queue/helpers.js';

afterEach(() => removeTempStores());

const request = {
  kind: 'docstring',
  messages: [{ role: 'user', content: 'document add' }],
  repo: '/repo',
  target: { path: 'calc.py', symbol: 'add', bodyHash: 'h1', style: 'google' },
};
const stored = (inputs: unknown) => ({ id: 't1', inputs });

describe('readTaskInputs: the one accessor of a stored task inputs', () => {
  it('reads a well-formed row, keeping the approval', () => {
    const read = readTaskInputs(stored({ request, promptTokens: 12, approved: true }));
    expect(read).toMatchObject({ ok: true, inputs: { promptTokens: 12, approved: true } });
    expect(read.ok && read.inputs.request.target?.symbol).toBe('add');
  });

  it.each([
    ['not an object', 'text', 'not an object'],
    ['a list', [request], 'not an object'],
    ['no prompt tokens', { request }, '"promptTokens" must be a number'],
    [
      'an approval that is not a boolean',
      { request, promptTokens: 1, approved: 'yes' },
      'approved',
    ],
    ['no request', { promptTokens: 1 }, 'expected a JSON object'],
    ['an unknown kind', { request: { ...request, kind: 'poem' }, promptTokens: 1 }, '"kind"'],
    ['no messages', { request: { ...request, messages: [] }, promptTokens: 1 }, '"messages"'],
    [
      'a target without a symbol',
      { request: { ...request, target: { path: 'calc.py' } }, promptTokens: 1 },
      '"target"',
    ],
  ])('refuses %s with a reason naming the task', (_name, inputs, why) => {
    const read = readTaskInputs(stored(inputs));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.reason).toMatch(/^task t1 has malformed stored inputs: /);
    expect(read.reason).toContain(why);
  });
});

describe('readKindInputs: the inputs a kind stage needs', () => {
  it.each([
    ['docstring', { ...request, target: undefined }, 'the task names no symbol'],
    ['fix', { ...request, kind: 'fix' }, 'the task names no diagnostic'],
    ['review', { ...request, kind: 'review' }, 'the task names no change'],
    ['review', request, 'the task holds a docstring request, not a review'],
  ] as const)('a %s task without its target is refused: %s', (kind, asked, why) => {
    expect(readKindInputs(kind, stored({ request: asked, promptTokens: 1 }))).toEqual({
      ok: false,
      reason: why,
    });
  });

  it('narrows a docstring task to one whose target is there', () => {
    const read = readKindInputs('docstring', stored({ request, promptTokens: 1 }));
    // Typed: `target` needs no check here, the accessor made it.
    expect(read.ok && read.inputs.request.target.bodyHash).toBe('h1');
  });
});

describe('readTaskOutcome: a result row read back', () => {
  it.each<[string, unknown, TaskOutcome | undefined]>([
    ['a suggestion', { text: 'x', outcome: { suggestionId: 'd1' } }, { suggestionId: 'd1' }],
    [
      'an applied docstring',
      { outcome: { suggestionId: 'd1', applied: true } },
      { suggestionId: 'd1', applied: true },
    ],
    ['a dropped answer', { outcome: { dropped: 'not prose' } }, { dropped: 'not prose' }],
    ['a review', { outcome: { reviewId: 'r1', findings: 2 } }, { reviewId: 'r1', findings: 2 }],
    [
      'a review part',
      { outcome: { reviewId: 'r1', part: { index: 1, count: 3 } } },
      { reviewId: 'r1', part: { index: 1, count: 3 } },
    ],
    [
      'fields of the wrong type left out',
      { outcome: { suggestionId: 'd1', applied: 'yes', note: 3 } },
      { suggestionId: 'd1' },
    ],
    ['no outcome (no stage made one)', { text: 'x' }, undefined],
    ['no result', null, undefined],
    ['an outcome of no known shape', { outcome: { what: 1 } }, undefined],
    // Rows written by the version before typed outcomes: one line of text.
    [
      'an old suggestion line',
      { outcome: 'suggestion d1a2 kept: its diff needs the id' },
      { suggestionId: 'd1a2', note: 'suggestion d1a2 kept: its diff needs the id' },
    ],
    ['an old dropped line', { outcome: 'dropped: not prose' }, { dropped: 'not prose' }],
    [
      'an old review line',
      { outcome: 'review r1: 2 findings' },
      { legacy: 'review r1: 2 findings' },
    ],
  ])('%s', (_name, result, expected) => {
    expect(readTaskOutcome(result)).toEqual(expected);
  });

  it.each<[TaskOutcome, string]>([
    [{ suggestionId: 'd1', applied: true }, 'suggestion d1 applied'],
    [{ suggestionId: 'f1', verified: true, note: 'tsc passes' }, 'suggestion f1 (tsc passes)'],
    [{ dropped: 'not prose' }, 'dropped: not prose'],
    [{ reviewId: 'r1', findings: 1 }, 'review r1: 1 finding'],
    [{ reviewId: 'r1', part: { index: 0, count: 3 } }, 'review r1: part 1 of 3'],
    [{ reviewId: 'r1', already: 'cancelled' }, 'review r1 was cancelled already'],
    [{ legacy: 'review r1: 2 findings' }, 'review r1: 2 findings'],
  ])('describes %j as %s', (outcome, line) => {
    expect(describeOutcome(outcome)).toBe(line);
  });
});

describe('a malformed stored row in the task service', () => {
  function core() {
    const { store } = openTempStore();
    const config = loadConfig({
      userConfigFile: path.join(tempDir(), 'config.json'),
      env: { HEARTH_LOCAL_URL: 'http://127.0.0.1:9/v1', HEARTH_LOCAL_MODEL: 'm' },
    }).values;
    const built = buildTaskCore({
      store,
      global: () => config,
      forRepo: () => config,
      auditFile: path.join(tempDir(), 'audit.jsonl'),
      logger: createConsoleLogger('error'),
    });
    const bad = newTask({
      kind: 'docstring',
      repo: '/repo',
      inputs: { request: { kind: 'docstring' }, promptTokens: 3 },
      priority: 'interactive',
      idempotencyKey: 'bad-row',
    });
    return { store, ...built, bad };
  }

  it('fails the task for good with the reason, sending nothing', async () => {
    const { store, tasks, monitor, bad } = core();
    store.enqueue(bad);
    await expect(tasks.run(bad, new AbortController().signal)).rejects.toMatchObject({
      code: 'malformed-task',
      message: expect.stringContaining(`task ${bad.id} has malformed stored inputs: "messages"`),
    });
    monitor.close();
    store.close();
  });

  it('a waiting one is cancelled with the reason when waiting tasks are routed again', () => {
    const { store, tasks, monitor, bad } = core();
    store.enqueue(bad);
    store.setWaiting(bad.id, 'wait-local', 'no local model answers');
    expect(() => tasks.wakeWaiting()).not.toThrow();
    expect(store.get(bad.id)).toMatchObject({
      status: 'cancelled',
      reason: expect.stringContaining(`refused: task ${bad.id} has malformed stored inputs`),
    });
    monitor.close();
    store.close();
  });
});
