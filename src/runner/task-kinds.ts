import type { TaskRecord } from '../queue/types.js';
import type { Checked } from '../util/checked.js';
import type { ModelTaskInputs, ModelTaskResult } from './task-record.js';

/**
 * The kind table: for each kind of model task, the inputs its stage reads (its target checked
 * present), the outcome its stage stores in the task's result, and the stage hook's type. One
 * typed accessor reads a stored task's inputs; nothing casts `task.inputs`.
 */

type Request = ModelTaskInputs['request'];
export type TaskKind = Request['kind'];

export type DocstringInputs = ModelTaskInputs & {
  request: Request & { target: NonNullable<Request['target']> };
};
export type FixInputs = ModelTaskInputs & {
  request: Request & { fix: NonNullable<Request['fix']> };
};
export type ReviewInputs = ModelTaskInputs & {
  request: Request & { review: NonNullable<Request['review']> };
};

/** What a docstring or fix task made of its answer: a stored suggestion, or why there is none. */
export type SuggestionOutcome =
  | {
      suggestionId: string;
      /** A docstring written to the file at once (`auto` mode). */
      applied?: boolean;
      /** A fix confirmed by re-running its check on a scratch copy. */
      verified?: boolean;
      /** Why it was kept rather than applied, or how it was verified. */
      note?: string;
    }
  | { dropped: string };

/** What a review task made of its answer. */
export type ReviewOutcome =
  | { reviewId: string; findings: number }
  | { reviewId: string; part: { index: number; count: number } }
  | { reviewId: string; retrying: string }
  | { reviewId: string; already: string }
  | { dropped: string };

export interface TaskKindTable {
  docstring: { inputs: DocstringInputs; outcome: SuggestionOutcome };
  fix: { inputs: FixInputs; outcome: SuggestionOutcome };
  review: { inputs: ReviewInputs; outcome: ReviewOutcome };
  modify: { inputs: ModelTaskInputs; outcome: { dropped: string } };
}

export type KindInputs<K extends TaskKind> = TaskKindTable[K]['inputs'];
export type KindOutcome<K extends TaskKind> = TaskKindTable[K]['outcome'];

/** A result row written before outcomes were typed: its outcome was one line of text. */
export type LegacyOutcome = { legacy: string };
export type TaskOutcome = SuggestionOutcome | ReviewOutcome | LegacyOutcome;

/** A kind's stage hook: turns a finished task's answer into its product; returns the outcome. */
export type CompletionHandler<K extends TaskKind> = (
  task: TaskRecord,
  result: ModelTaskResult,
) => Promise<KindOutcome<K>>;

/** Per kind: the stored inputs narrowed to what its stage needs, or why they cannot be. */
const KIND_INPUTS: {
  readonly [K in TaskKind]: (inputs: ModelTaskInputs) => Checked<{ inputs: KindInputs<K> }>;
} = {
  docstring: ({ request, ...rest }) => {
    const { target } = request;
    if (!target) return { ok: false, reason: 'the task names no symbol' };
    return { ok: true, inputs: { ...rest, request: { ...request, target } } };
  },
  fix: ({ request, ...rest }) => {
    const { fix } = request;
    if (!fix) return { ok: false, reason: 'the task names no diagnostic' };
    return { ok: true, inputs: { ...rest, request: { ...request, fix } } };
  },
  review: ({ request, ...rest }) => {
    const { review } = request;
    if (!review) return { ok: false, reason: 'the task names no change' };
    return { ok: true, inputs: { ...rest, request: { ...request, review } } };
  },
  modify: (inputs) => ({ ok: true, inputs }),
};

/** A task's checked inputs narrowed to its kind's: the target its stage needs is there. */
export function narrowKindInputs<K extends TaskKind>(
  kind: K,
  inputs: ModelTaskInputs,
): Checked<{ inputs: KindInputs<K> }> {
  if (inputs.request.kind !== kind)
    return { ok: false, reason: `the task holds a ${inputs.request.kind} request, not a ${kind}` };
  return KIND_INPUTS[kind](inputs);
}

const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * The outcome stored in a task's result, or undefined when it has none (no stage made one).
 * A result written by an earlier version holds a line of text (`suggestion ID ...`,
 * `dropped: why`): it is read into the same shapes, anything else kept as `legacy` text.
 */
export function readTaskOutcome(result: unknown): TaskOutcome | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const outcome = (result as { outcome?: unknown }).outcome;
  if (isText(outcome)) return readLegacyOutcome(outcome);
  if (outcome === null || typeof outcome !== 'object') return undefined;
  const fields = outcome as Record<string, unknown>;
  if (isText(fields.dropped)) return { dropped: fields.dropped };
  if (isText(fields.suggestionId)) return readSuggestionOutcome(fields.suggestionId, fields);
  if (isText(fields.reviewId)) return readReviewOutcome(fields.reviewId, fields);
  return undefined;
}

function readSuggestionOutcome(
  suggestionId: string,
  fields: Record<string, unknown>,
): SuggestionOutcome {
  return {
    suggestionId,
    ...(typeof fields.applied === 'boolean' ? { applied: fields.applied } : {}),
    ...(typeof fields.verified === 'boolean' ? { verified: fields.verified } : {}),
    ...(isText(fields.note) ? { note: fields.note } : {}),
  };
}

function readReviewOutcome(reviewId: string, fields: Record<string, unknown>): TaskOutcome {
  const { findings, part, retrying, already } = fields;
  if (typeof findings === 'number') return { reviewId, findings };
  if (isText(retrying)) return { reviewId, retrying };
  if (isText(already)) return { reviewId, already };
  const { index, count } = (part ?? {}) as { index?: unknown; count?: unknown };
  if (typeof index === 'number' && typeof count === 'number')
    return { reviewId, part: { index, count } };
  return { legacy: `review ${reviewId}` };
}

/** The text outcome of an earlier version, in today's shapes where it has one. */
export function readLegacyOutcome(text: string): TaskOutcome {
  const suggestion = /^suggestion (\S+)/.exec(text);
  if (suggestion) return { suggestionId: suggestion[1] as string, note: text };
  if (text.startsWith('dropped: ')) return { dropped: text.slice('dropped: '.length) };
  return { legacy: text };
}

/** One line for a log or a list: what the task made. */
export function describeOutcome(outcome: TaskOutcome): string {
  if ('legacy' in outcome) return outcome.legacy;
  if ('dropped' in outcome) return `dropped: ${outcome.dropped}`;
  if ('suggestionId' in outcome) {
    const state = outcome.applied ? ' applied' : '';
    return `suggestion ${outcome.suggestionId}${state}${outcome.note ? ` (${outcome.note})` : ''}`;
  }
  if ('findings' in outcome)
    return `review ${outcome.reviewId}: ${outcome.findings} finding${outcome.findings === 1 ? '' : 's'}`;
  if ('part' in outcome)
    return `review ${outcome.reviewId}: part ${outcome.part.index + 1} of ${outcome.part.count}`;
  if ('retrying' in outcome) return `review ${outcome.reviewId}: ${outcome.retrying}`;
  return `review ${outcome.reviewId} was ${outcome.already} already`;
}

/** The model's answer in a finished task's result, or undefined when the result holds none. */
export function readResultText(result: unknown): string | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const { text } = result as { text?: unknown };
  return isText(text) ? text : undefined;
}
