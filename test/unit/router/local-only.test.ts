import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING,
  decideRoute,
  type Focus,
  type RouteInput,
  type RoutingConfig,
  type TaskKind,
} from '../../../src/router/policy.js';

const KINDS: TaskKind[] = ['docstring', 'fix', 'modify', 'review'];
const FOCUSES: Array<Focus | undefined> = [
  undefined,
  'general',
  'security',
  'architecture',
  'refactor',
];
const SIZES = [
  { promptTokens: 100, lines: 10, files: 1 },
  { promptTokens: 4000, lines: 500, files: 30 },
  { promptTokens: 50_000, lines: 5000, files: 200 },
];
const BOOLS = [true, false];
const BUDGETS = [
  { tokens: 1_000_000, dollars: 10 },
  { tokens: 0, dollars: 0 },
];

/** The three switches, each alone and together, with everything else as loose as it gets. */
const LOCKS: Array<Partial<RoutingConfig>> = [
  { localOnly: true },
  { cloudMode: 'off' },
  { cloudPolicy: 'never' },
  { localOnly: true, cloudMode: 'off', cloudPolicy: 'never' },
  { localOnly: true, cloudPolicy: 'ask' },
  { cloudMode: 'off', cloudPolicy: 'ask' },
];

function* allInputs(locks = LOCKS): Generator<RouteInput> {
  for (const lock of locks)
    for (const kind of KINDS)
      for (const focus of FOCUSES)
        for (const size of SIZES)
          for (const approved of BOOLS)
            for (const online of BOOLS)
              for (const localUp of BOOLS)
                for (const cloudConfigured of BOOLS)
                  for (const budgetLeft of BUDGETS)
                    for (const fallback of ['local', 'fail'] as const)
                      for (const overBudget of ['local', 'wait'] as const)
                        yield {
                          task: { kind, focus, approved, ...size },
                          config: { ...DEFAULT_ROUTING, fallback, overBudget, ...lock },
                          state: { online, localUp, cloudConfigured, budgetLeft },
                        };
}

describe('local-only wins over everything', () => {
  it('never yields a cloud decision or tier when any local-only switch is set', () => {
    let checked = 0;
    for (const routeInput of allInputs()) {
      const result = decideRoute(routeInput);
      if (
        ['cloud', 'wait-online', 'wait-approval', 'wait-budget'].includes(result.decision) ||
        result.tier === 'cloud'
      ) {
        throw new Error(`cloud reached: ${JSON.stringify({ routeInput, result })}`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('covers inputs that do reach the cloud once the switches are off', () => {
    const seen = new Set<string>();
    for (const routeInput of allInputs([{}, { cloudPolicy: 'ask' }]))
      seen.add(decideRoute(routeInput).decision);
    expect(seen).toEqual(
      new Set([
        'local',
        'cloud',
        'wait-online',
        'wait-approval',
        'wait-local',
        'local-fallback',
        'wait-budget',
        'refused',
      ]),
    );
  });
});
