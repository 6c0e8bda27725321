import type { ChatMessage } from '../../providers/types.js';
import type { Focus } from '../../router/policy.js';
import { buildReviewPrompt, type FileOutline } from './prompt.js';

export interface ReviewPart {
  files: string[];
  messages: ChatMessage[];
}

/**
 * A review too large for the local window, as prompts of whole files that each fit `budget`
 * tokens, files kept in diff order. A single file larger than the budget is a part of its own:
 * its request then fails saying by how much, rather than being cut. Pure.
 */
export function splitReviewByFile(
  input: { label: string; focus: Focus; files: Array<{ path: string; diff: string }> },
  outlines: readonly FileOutline[],
  budget: number,
  count: (messages: ChatMessage[]) => number,
): ReviewPart[] {
  const build = (group: Array<{ path: string; diff: string }>): ReviewPart => {
    const paths = new Set(group.map((f) => f.path));
    return {
      files: group.map((f) => f.path),
      messages: buildReviewPrompt({
        label: `${input.label} (${group.map((f) => f.path).join(', ')})`,
        focus: input.focus,
        diff: group.map((f) => f.diff).join(''),
        outlines: outlines.filter((o) => paths.has(o.path)),
      }),
    };
  };
  const parts: ReviewPart[] = [];
  let group: Array<{ path: string; diff: string }> = [];
  for (const file of input.files) {
    const grown = [...group, file];
    if (group.length > 0 && count(build(grown).messages) > budget) {
      parts.push(build(group));
      group = [file];
    } else group = grown;
  }
  if (group.length > 0) parts.push(build(group));
  return parts;
}
