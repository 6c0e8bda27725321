/**
 * The routing policy: (task, config, state) -> decision + a reason a person can read. Pure: the
 * caller gathers state (connectivity, budget) and re-asks whenever it changes, so a waiting task
 * is simply routed again later.
 */
import {
  describeTask,
  findBudgetShortfall,
  findCloudBlock,
  findCloudNeeds,
  fitsLocalWindow,
} from './policy-rules.js';

/** The kinds of model task the router places. */
export const TASK_KINDS = ['docstring', 'fix', 'modify', 'review'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** What a review looks for; the router sends some focuses to the cloud sooner. */
export const FOCUSES = ['general', 'security', 'architecture', 'refactor'] as const;
export type Focus = (typeof FOCUSES)[number];

/**
 * - `local`: run on the local model now.
 * - `cloud`: send to the cloud model now.
 * - `wait-online`: wants the cloud and may use it, but the machine is offline.
 * - `wait-approval`: wants the cloud, `cloudPolicy` is `ask` and `hearth approve` was not given.
 * - `wait-local`: must run locally (by kind or by fallback) and the local endpoint is down.
 * - `local-fallback`: wanted the cloud, cannot have it (not allowed, or over budget with
 *   `overBudget: 'local'`), so it runs locally, chunked when it does not fit the local window.
 * - `wait-budget`: wants the cloud and may use it, but the daily budget is spent and
 *   `overBudget` is `wait`: it waits for the budget to reset.
 * - `refused`: cannot run anywhere under the current config: the cloud is not allowed and
 *   `fallback` is `fail`; or the prompt exceeds the local window and cannot be chunked (never
 *   silently truncated).
 */
export type Decision =
  | 'local'
  | 'cloud'
  | 'wait-online'
  | 'wait-approval'
  | 'wait-local'
  | 'local-fallback'
  | 'wait-budget'
  | 'refused';

export type Tier = 'local' | 'cloud' | 'none';

export interface RoutingConfig {
  localOnly: boolean;
  cloudMode: 'auto' | 'off';
  cloudPolicy: 'allow' | 'ask' | 'never';
  /** When the cloud is not allowed: run locally (chunked) or fail with the reason. */
  fallback: 'local' | 'fail';
  /** When the daily cloud budget is spent: wait until it resets, or run locally. */
  overBudget: 'wait' | 'local';
  localContextTokens: number;
  reviewFilesThreshold: number;
  reviewLinesThreshold: number;
}

export const DEFAULT_ROUTING: Readonly<RoutingConfig> = Object.freeze({
  localOnly: false,
  cloudMode: 'auto',
  cloudPolicy: 'allow',
  fallback: 'local',
  overBudget: 'wait',
  localContextTokens: 8192,
  reviewFilesThreshold: 10,
  reviewLinesThreshold: 10_000,
});

export interface RouteTask {
  kind: TaskKind;
  promptTokens: number;
  /** Room the answer needs in the window beside the prompt (the request's max tokens). */
  answerTokens?: number;
  lines: number;
  files: number;
  focus?: Focus;
  /** `hearth approve` was given for this task. */
  approved?: boolean;
  /** Asked for by the user (`hearth review --local | --cloud`); privacy rules still win. */
  prefer?: 'local' | 'cloud';
}

export interface RouteState {
  online: boolean;
  /** False before the first connectivity check: not online yet, but not known to be offline. */
  onlineChecked?: boolean;
  localUp: boolean;
  cloudConfigured: boolean;
  budgetLeft: { tokens: number; dollars: number };
  estimatedCostDollars?: number;
}

export interface RouteInput {
  task: RouteTask;
  config: RoutingConfig;
  state: RouteState;
}

export interface RouteResult {
  decision: Decision;
  reason: string;
  tier: Tier;
}

const TIER: Readonly<Record<Decision, Tier>> = {
  local: 'local',
  'local-fallback': 'local',
  'wait-local': 'local',
  cloud: 'cloud',
  'wait-online': 'cloud',
  'wait-approval': 'cloud',
  'wait-budget': 'cloud',
  refused: 'none',
};

function route(decision: Decision, reason: string): RouteResult {
  return { decision, reason, tier: TIER[decision] };
}

export function decideRoute(input: RouteInput): RouteResult {
  const { task, config, state } = input;
  if (task.prefer === 'local') return preferLocal(input);
  const needs = [
    ...(task.prefer === 'cloud' ? ['a request for the cloud (--cloud)'] : []),
    ...findCloudNeeds(task, config),
  ];
  if (needs.length === 0) {
    const why = `${describeTask(task)} runs locally`;
    return runLocally(why, 'local', state);
  }
  const why = `${needs.join(' and ')} goes to the cloud`;
  // Checked first so that no later rule can reach a cloud decision when the cloud is off.
  const block = findCloudBlock(config, state);
  if (block !== undefined) {
    if (config.fallback === 'fail') {
      return route('refused', `${why}, but ${block} and fallback is "fail", so it is refused`);
    }
    return fallBackLocally(`${why}, but ${block}`, input);
  }
  if (config.cloudPolicy === 'ask' && task.approved !== true) {
    return route('wait-approval', `${why}; cloud policy is "ask", so it waits for hearth approve`);
  }
  const overBudget = findBudgetShortfall(task, state);
  if (overBudget !== undefined) {
    if (config.overBudget === 'local') {
      return fallBackLocally(`${why}, but ${overBudget}`, input);
    }
    return route('wait-budget', `${why}, but ${overBudget}, so it waits for the budget to reset`);
  }
  if (!state.online) {
    const offline =
      state.onlineChecked === false
        ? 'the cloud has not been checked yet, so it waits for the first check'
        : 'offline, so it waits for the network';
    return route('wait-online', `${why}; ${offline}`);
  }
  return route('cloud', `${why}; online, so it is sent now`);
}

/** `--local`: the local model, chunked for a review too large for its window. */
function preferLocal(input: RouteInput): RouteResult {
  const { task, config, state } = input;
  const why = `${describeTask(task)} runs locally, as asked (--local)`;
  if (!fitsLocalWindow(task, config)) return fallBackLocally(why, input);
  return runLocally(why, 'local', state);
}

/** The task wanted the cloud and runs locally instead: chunked if it must, refused if it cannot. */
function fallBackLocally(why: string, input: RouteInput): RouteResult {
  const { task, config, state } = input;
  if (!fitsLocalWindow(task, config)) {
    if (task.kind !== 'review') {
      const noun = task.kind === 'modify' ? 'modification' : task.kind;
      return route(
        'refused',
        `${why}; a ${noun} of ${task.promptTokens} tokens does not fit the local window ` +
          `(${config.localContextTokens}) and cannot be chunked; it is never silently truncated, ` +
          'so it is refused',
      );
    }
    return runLocally(`${why}, so it runs locally, chunked`, 'local-fallback', state);
  }
  return runLocally(`${why}, so it runs locally instead`, 'local-fallback', state);
}

function runLocally(
  why: string,
  decision: 'local' | 'local-fallback',
  state: RouteState,
): RouteResult {
  return state.localUp
    ? route(decision, why)
    : route('wait-local', `${why}; no local model answers, so it waits for one`);
}
