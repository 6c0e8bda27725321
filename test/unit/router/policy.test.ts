import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTING,
  type Decision,
  decideRoute,
  type RouteInput,
  type RouteState,
  type RouteTask,
  type RoutingConfig,
} from '../../../src/router/policy.js';

const STATE: RouteState = {
  online: true,
  localUp: true,
  cloudConfigured: true,
  budgetLeft: { tokens: 1_000_000, dollars: 5 },
};

function input(
  task: Partial<RouteTask>,
  config: Partial<RoutingConfig> = {},
  state: Partial<RouteState> = {},
): RouteInput {
  return {
    task: { kind: 'docstring', promptTokens: 500, lines: 20, files: 1, ...task },
    config: { ...DEFAULT_ROUTING, ...config },
    state: { ...STATE, ...state },
  };
}

const bigReview: Partial<RouteTask> = { kind: 'review', files: 12, lines: 150 };
const hugeFix: Partial<RouteTask> = { kind: 'fix', promptTokens: 20_000 };
const hugeReview: Partial<RouteTask> = {
  kind: 'review',
  files: 2,
  lines: 90,
  promptTokens: 20_000,
};

const CASES: Array<[string, RouteInput, Decision, string[]]> = [
  // What the user asked for with --local or --cloud; privacy and connectivity still decide.
  [
    '--local keeps a big review local',
    input({ ...bigReview, prefer: 'local' }),
    'local',
    ['as asked (--local)'],
  ],
  [
    '--local with a review beyond the local window runs chunked',
    input({ ...hugeReview, prefer: 'local' }),
    'local-fallback',
    ['--local', 'chunked'],
  ],
  [
    '--cloud sends a small review to the cloud',
    input({ kind: 'review', prefer: 'cloud' }),
    'cloud',
    ['a request for the cloud (--cloud)', 'sent now'],
  ],
  [
    '--cloud in local-only mode still runs locally',
    input({ kind: 'review', prefer: 'cloud' }, { localOnly: true }),
    'local-fallback',
    ['local-only'],
  ],
  [
    '--cloud offline waits for the network',
    input({ kind: 'review', prefer: 'cloud' }, {}, { online: false }),
    'wait-online',
    ['--cloud'],
  ],
  // Routine work runs locally.
  ['docstring', input({}), 'local', ['docstring', 'runs locally']],
  ['fix', input({ kind: 'fix' }), 'local', ['fix', 'runs locally']],
  ['short modification', input({ kind: 'modify' }), 'local', ['short modification', 'locally']],
  [
    'small review',
    input({ kind: 'review', files: 9, lines: 399 }),
    'local',
    ['small review', '9 files', '399 lines', 'locally'],
  ],
  [
    'docstring with security focus stays routine',
    input({ focus: 'security' }),
    'local',
    ['docstring', 'runs locally'],
  ],
  [
    'local work with the local model down',
    input({ kind: 'fix' }, {}, { localUp: false }),
    'wait-local',
    ['fix', 'no local model answers', 'waits'],
  ],
  // Heavy work goes to the cloud when allowed and online.
  [
    'review of many files',
    input(bigReview),
    'cloud',
    ['review of 12 files (≥ 10)', 'cloud', 'online'],
  ],
  [
    'review of many lines',
    input({ kind: 'review', files: 3, lines: 10_000 }),
    'cloud',
    ['10000 lines (≥ 10000)', 'cloud'],
  ],
  [
    'review of many files and lines',
    input({ kind: 'review', files: 10, lines: 12_000 }),
    'cloud',
    ['10 files (≥ 10) and 12000 lines (≥ 10000)'],
  ],
  // Size alone sends work to the cloud only when it does not fit locally (issue 15, item 8).
  [
    'review of 4 files and 600 lines that fits the local window',
    input({ kind: 'review', files: 4, lines: 600, promptTokens: 5000 }),
    'local',
    ['a small review (4 files, 600 lines) runs locally'],
  ],
  [
    'review of 9 files and 500 lines',
    input({ kind: 'review', files: 9, lines: 500, promptTokens: 6000 }),
    'local',
    ['runs locally'],
  ],
  [
    'review of 9,999 lines',
    input({ kind: 'review', files: 2, lines: 9_999, promptTokens: 7000 }),
    'local',
    ['runs locally'],
  ],
  [
    'prompt and answer room exactly filling the local window',
    input({ kind: 'review', files: 2, lines: 300, promptTokens: 7192, answerTokens: 1000 }),
    'local',
    ['runs locally'],
  ],
  [
    'prompt fitting, but not with room for its answer',
    input({ kind: 'review', files: 2, lines: 300, promptTokens: 7193, answerTokens: 1000 }),
    'cloud',
    ['a prompt of 7193 tokens and 1000 for the answer (beyond the local window of 8192)'],
  ],
  [
    'a docstring prompt fitting with its answer room stays local',
    input({ kind: 'docstring', promptTokens: 7000, answerTokens: 1000 }),
    'local',
    ['a docstring runs locally'],
  ],
  [
    'a fix whose answer room overflows the window, the cloud not allowed',
    input({ kind: 'fix', promptTokens: 8000, answerTokens: 1000 }, { localOnly: true }),
    'refused',
    ['does not fit the local window', 'never silently truncated'],
  ],
  [
    'architecture planning',
    input({ kind: 'modify', focus: 'architecture' }),
    'cloud',
    ['architecture planning', 'cloud'],
  ],
  [
    'refactor planning',
    input({ kind: 'review', focus: 'refactor' }),
    'cloud',
    ['refactor planning', 'cloud'],
  ],
  [
    'security threat modelling',
    input({ kind: 'review', focus: 'security' }),
    'cloud',
    ['security threat modelling', 'cloud'],
  ],
  [
    'prompt beyond the local window',
    input(hugeFix),
    'cloud',
    ['20000 tokens', 'local window of 8192', 'cloud'],
  ],
  [
    'thresholds are configurable',
    input({ kind: 'review', files: 4 }, { reviewFilesThreshold: 4 }),
    'cloud',
    ['4 files (≥ 4)'],
  ],
  // Offline, ask, and the budget.
  [
    'offline',
    input(bigReview, {}, { online: false }),
    'wait-online',
    ['review of 12 files (≥ 10) goes to the cloud', 'offline', 'waits for the network'],
  ],
  [
    'not checked yet: waits, and says so rather than "offline"',
    input(bigReview, {}, { online: false, onlineChecked: false }),
    'wait-online',
    ['goes to the cloud; the cloud has not been checked yet, so it waits for the first check'],
  ],
  [
    'ask without approval',
    input(bigReview, { cloudPolicy: 'ask' }),
    'wait-approval',
    ['"ask"', 'hearth approve'],
  ],
  [
    'ask without approval, offline',
    input(bigReview, { cloudPolicy: 'ask' }, { online: false }),
    'wait-approval',
    ['hearth approve'],
  ],
  [
    'ask with approval',
    input({ ...bigReview, approved: true }, { cloudPolicy: 'ask' }),
    'cloud',
    [],
  ],
  [
    'ask with approval, offline',
    input({ ...bigReview, approved: true }, { cloudPolicy: 'ask' }, { online: false }),
    'wait-online',
    ['offline'],
  ],
  [
    'budget spent, fall back to local',
    input(bigReview, { overBudget: 'local' }, { budgetLeft: { tokens: 0, dollars: 0 } }),
    'local-fallback',
    ['budget is spent', 'runs locally'],
  ],
  [
    'budget spent, wait',
    input(bigReview, { overBudget: 'wait' }, { budgetLeft: { tokens: 100_000, dollars: 0 } }),
    'wait-budget',
    ['budget is spent', 'waits for the budget to reset'],
  ],
  [
    'estimate over the dollars left',
    input(
      bigReview,
      { overBudget: 'wait' },
      { budgetLeft: { tokens: 100_000, dollars: 0.1 }, estimatedCostDollars: 0.42 },
    ),
    'wait-budget',
    ['$0.42', '$0.10 left'],
  ],
  [
    'prompt over the tokens left',
    input(hugeReview, { overBudget: 'local' }, { budgetLeft: { tokens: 5000, dollars: 1 } }),
    'local-fallback',
    ['20000 prompt tokens', '5000 left', 'chunked'],
  ],
  [
    'over budget, fix too big for the local window',
    input(hugeFix, { overBudget: 'local' }, { budgetLeft: { tokens: 0, dollars: 0 } }),
    'refused',
    ['cannot be chunked', 'never silently truncated'],
  ],
  [
    'over budget, local fallback with the local model down',
    input(
      bigReview,
      { overBudget: 'local' },
      { budgetLeft: { tokens: 0, dollars: 0 }, localUp: false },
    ),
    'wait-local',
    ['budget is spent', 'no local model answers'],
  ],
  // The cloud is not allowed.
  [
    'local-only, fallback local',
    input(bigReview, { localOnly: true }),
    'local-fallback',
    ['review of 12 files', 'local-only', 'runs locally instead'],
  ],
  [
    'local-only, fallback fail',
    input(bigReview, { localOnly: true, fallback: 'fail' }),
    'refused',
    ['local-only', 'fallback is "fail"', 'refused'],
  ],
  [
    'cloud mode off',
    input({ kind: 'review', focus: 'security' }, { cloudMode: 'off' }),
    'local-fallback',
    ['security threat modelling', 'cloud mode is "off"'],
  ],
  [
    'cloud policy never',
    input(bigReview, { cloudPolicy: 'never', fallback: 'fail' }),
    'refused',
    ['cloud policy is "never"'],
  ],
  [
    'no cloud configured',
    input(bigReview, {}, { cloudConfigured: false }),
    'local-fallback',
    ['no cloud model is configured'],
  ],
  [
    'blocked beats offline and ask',
    input(bigReview, { cloudPolicy: 'ask' }, { online: false, cloudConfigured: false }),
    'local-fallback',
    ['no cloud model is configured'],
  ],
  [
    'review beyond the window, local-only: chunked',
    input(hugeReview, { localOnly: true }),
    'local-fallback',
    ['20000 tokens', 'chunked'],
  ],
  [
    'fix beyond the window, local-only: refused',
    input(hugeFix, { localOnly: true }),
    'refused',
    ['a fix of 20000 tokens', 'cannot be chunked', 'never silently truncated'],
  ],
  [
    'modification beyond the window, cloud off: refused',
    input({ kind: 'modify', promptTokens: 9000 }, { cloudMode: 'off' }),
    'refused',
    ['a modification of 9000 tokens', 'never silently truncated'],
  ],
  [
    'local fallback with the local model down',
    input(bigReview, { localOnly: true }, { localUp: false }),
    'wait-local',
    ['local-only', 'no local model answers'],
  ],
  [
    'local-only leaves routine work alone',
    input({ kind: 'docstring' }, { localOnly: true }),
    'local',
    ['docstring'],
  ],
];

describe('decideRoute', () => {
  it.each(CASES)('%s', (_name, routeInput, decision, words) => {
    const result = decideRoute(routeInput);
    expect(result.decision).toBe(decision);
    for (const word of words) expect(result.reason).toContain(word);
  });

  it('names the rule and the state in one sentence', () => {
    const result = decideRoute(input(bigReview, {}, { online: false }));
    expect(result.reason).toBe(
      'review of 12 files (≥ 10) goes to the cloud; offline, so it waits for the network',
    );
  });

  it.each([
    ['local', input({}), 'local'],
    ['wait-local', input({}, {}, { localUp: false }), 'local'],
    ['local-fallback', input(bigReview, { localOnly: true }), 'local'],
    ['cloud', input(bigReview), 'cloud'],
    ['wait-online', input(bigReview, {}, { online: false }), 'cloud'],
    ['wait-approval', input(bigReview, { cloudPolicy: 'ask' }), 'cloud'],
    ['refused', input(hugeFix, { localOnly: true }), 'none'],
  ] as const)('%s has tier %s', (decision, routeInput, tier) => {
    const result = decideRoute(routeInput);
    expect(result.decision).toBe(decision);
    expect(result.tier).toBe(tier);
  });

  it('uses the documented default thresholds', () => {
    expect(DEFAULT_ROUTING.reviewFilesThreshold).toBe(10);
    expect(DEFAULT_ROUTING.reviewLinesThreshold).toBe(10_000);
  });
});
