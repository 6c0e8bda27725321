/**
 * The individual rules behind `decideRoute`, each returning the words of its reason (or nothing
 * when it does not apply), so the reason always names the rule that fired.
 */
import type { RouteState, RouteTask, RoutingConfig } from './policy.js';

/** Why a task wants the cloud; empty when it is routine local work. */
export function findCloudNeeds(task: RouteTask, config: RoutingConfig): string[] {
  const needs: string[] = [];
  if (task.kind === 'review') {
    const big: string[] = [];
    if (task.files >= config.reviewFilesThreshold) {
      big.push(`${plural(task.files, 'file')} (≥ ${config.reviewFilesThreshold})`);
    }
    if (task.lines >= config.reviewLinesThreshold) {
      big.push(`${plural(task.lines, 'line')} (≥ ${config.reviewLinesThreshold})`);
    }
    if (big.length > 0) needs.push(`review of ${big.join(' and ')}`);
  }
  // Focus means planning or threat modelling only for work that reasons across code; a
  // docstring or a fix from an error message stays routine whatever focus it was tagged with.
  if (task.kind === 'review' || task.kind === 'modify') {
    if (task.focus === 'architecture' || task.focus === 'refactor') {
      needs.push(`${task.focus} planning`);
    } else if (task.focus === 'security') {
      needs.push('security threat modelling');
    }
  }
  if (!fitsLocalWindow(task, config)) {
    const answer = task.answerTokens ? ` and ${task.answerTokens} for the answer` : '';
    needs.push(
      `a prompt of ${task.promptTokens} tokens${answer} (beyond the local window of ${config.localContextTokens})`,
    );
  }
  return needs;
}

/** Whether the prompt and the room its answer needs fit the local model's window. */
export function fitsLocalWindow(task: RouteTask, config: RoutingConfig): boolean {
  return task.promptTokens + (task.answerTokens ?? 0) <= config.localContextTokens;
}

/** Why the cloud may not be used at all; the local-only switches come first, as they win. */
export function findCloudBlock(config: RoutingConfig, state: RouteState): string | undefined {
  if (config.localOnly) return 'local-only mode is on (localOnly)';
  if (config.cloudMode === 'off') return 'cloud mode is "off"';
  if (config.cloudPolicy === 'never') return 'cloud policy is "never"';
  if (!state.cloudConfigured) return 'no cloud model is configured';
  return undefined;
}

/** Why today's cloud budget cannot pay for the task; undefined when it can. */
export function findBudgetShortfall(task: RouteTask, state: RouteState): string | undefined {
  const { tokens, dollars } = state.budgetLeft;
  if (tokens <= 0 || dollars <= 0) return "today's cloud budget is spent";
  if (task.promptTokens > tokens) {
    return `its ${task.promptTokens} prompt tokens exceed the ${tokens} left in today's cloud budget`;
  }
  const cost = state.estimatedCostDollars;
  if (cost !== undefined && cost > dollars) {
    return `its estimated $${cost.toFixed(2)} exceeds the $${dollars.toFixed(2)} left in today's cloud budget`;
  }
  return undefined;
}

/** A routine task in words, with the thresholds it stayed under when it is a review. */
export function describeTask(task: RouteTask): string {
  switch (task.kind) {
    case 'docstring':
      return 'a docstring';
    case 'fix':
      return 'a fix';
    case 'modify':
      return 'a short modification';
    case 'review':
      return `a small review (${plural(task.files, 'file')}, ${plural(task.lines, 'line')})`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
