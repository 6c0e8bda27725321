import type { ChatMessage } from '../../providers/types.js';
import type { Focus } from '../../router/policy.js';
import { fence } from '../../util/markdown.js';

/** What a touched file holds, in a few lines: its top-level declarations. */
export interface FileOutline {
  path: string;
  signatures: string[];
}

const FOCUS: Readonly<Record<Focus, string>> = {
  general: 'bugs, wrong edge cases, error handling, and clearly risky code',
  security:
    'security: injection, unsafe input handling, secrets in code, authentication and authorisation mistakes, unsafe deserialisation, path traversal',
  architecture:
    'architecture: module boundaries, coupling, responsibilities in the wrong place, and changes that will be hard to extend',
  refactor:
    'refactoring: duplication, long functions, unclear names, and simpler ways to write the same behaviour',
};

const ANSWER_SHAPE =
  '{"summary": "one paragraph", "findings": [{"file": "path", "line": 12, "severity": "error|warning|note", "category": "short-kebab-case", "message": "what is wrong and why", "suggestion": "replacement code (optional)"}]}';

/** Outlines per file are capped so that summaries stay short beside the diff. */
const MAX_SIGNATURES = 15;

/**
 * The prompt for reviewing one diff (or, for a change too large for the window, one file's part
 * of it): the change with its enclosing functions, short outlines of the touched files, the
 * focus, and the JSON shape of the answer.
 */
export function buildReviewPrompt(input: {
  label: string;
  focus: Focus;
  diff: string;
  outlines: readonly FileOutline[];
}): ChatMessage[] {
  const system = [
    `You review a code change for ${FOCUS[input.focus]}.`,
    'Report only problems in the changed lines (those starting with + in the diff), with the line number in the new version of the file.',
    'Do not report style nits a formatter would fix. If there is nothing worth reporting, return an empty findings list.',
    `Answer with JSON only, in this shape: ${ANSWER_SHAPE}`,
  ]
    .filter(Boolean)
    .join('\n');
  const outlines = input.outlines
    .filter((o) => o.signatures.length > 0)
    .map(
      (o) =>
        `${o.path}:\n${o.signatures
          .slice(0, MAX_SIGNATURES)
          .map((s) => `  ${s}`)
          .join('\n')}`,
    )
    .join('\n');
  const user = [
    `The change: ${input.label}`,
    outlines && `What the touched files declare:\n${outlines}`,
    `The diff:\n${fence(input.diff, 'diff')}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}
