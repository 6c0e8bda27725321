import { readSource } from '../../analysis/read-source.js';
import type { CheckConfig } from '../../checks/types.js';
import { verifyInsideWorkTree } from '../../repos/safe-path.js';
import type { FixEdit, NewFixSuggestion } from '../../suggestions/types.js';
import type { Checked } from '../../util/checked.js';
import { buildUnifiedDiff } from '../../util/unified-diff.js';
import { applyEdits } from './apply-edits.js';
import { parseFixAnswer } from './parse-answer.js';
import type { FixTarget } from './types.js';
import { verifyFix } from './verify-fix.js';

export type FixEdits = FixEdit[];

/**
 * A model's answer to a fix task made into a suggestion: its edits applied to the file as it is
 * now, then checked by re-running the checker on a scratch copy. An answer that does not apply
 * is dropped; one that applies but is not confirmed is kept, marked unverified.
 */
export async function makeFixSuggestion(input: {
  repo: string;
  target: FixTarget;
  check: CheckConfig;
  answer: string;
  taskId: string | null;
  maxFileBytes: number;
  /** The user let checks that run code verify fixes in this repository. */
  verifyWithChecks: boolean;
}): Promise<Checked<{ suggestion: NewFixSuggestion; note: string }>> {
  const { target } = input;
  const parsed = parseFixAnswer(input.answer);
  if (!parsed.ok) return { ok: false, reason: `the model's answer was refused: ${parsed.reason}` };
  const elsewhere = parsed.edits.find((e) => e.path && !sameFile(e.path, target.path));
  if (elsewhere)
    return { ok: false, reason: `the answer edits ${elsewhere.path}, not ${target.path}` };
  const edits: FixEdits = parsed.edits.map(({ search, replace }) => ({ search, replace }));
  const patch = await patchFile({ ...input, edits });
  if (!patch.ok) return patch;
  return {
    ok: true,
    note: patch.note,
    suggestion: {
      kind: 'fix',
      repo: input.repo,
      path: target.path,
      fingerprint: target.fingerprint,
      check: input.check.name,
      message: target.message,
      location: `${target.path}:${target.line}`,
      baseHash: patch.baseHash,
      diff: patch.diff,
      after: patch.after,
      taskId: input.taskId,
      verified: patch.verified,
      edits,
    },
  };
}

/**
 * Applies a fix's edits to the file as it is now and verifies the result; also what carries an
 * open fix over to a file that changed since.
 */
export async function patchFile(input: {
  repo: string;
  target: Pick<FixTarget, 'path' | 'fingerprint' | 'baseline'>;
  check: CheckConfig;
  edits: FixEdits;
  maxFileBytes: number;
  verifyWithChecks: boolean;
}): Promise<
  Checked<{ baseHash: string; after: string; diff: string; verified: boolean; note: string }>
> {
  const { repo, target } = input;
  // A checker's path is no more trusted than a model's: never .git, never out through a symlink.
  const inside = verifyInsideWorkTree(repo, target.path);
  if (!inside.ok) return { ok: false, reason: `not a file hearth may change: ${inside.reason}` };
  const source = await readSource(`${repo}/${target.path}`, input.maxFileBytes);
  if (!source.ok) return { ok: false, reason: source.message };
  const applied = applyEdits(source.text, input.edits);
  if (!applied.ok) return { ok: false, reason: `the fix does not apply: ${applied.reason}` };
  const bom = source.hasBom ? '\uFEFF' : '';
  const after = bom + applied.text;
  const verdict = await verifyFix({
    repo,
    path: target.path,
    patched: after,
    check: input.check,
    fingerprint: target.fingerprint,
    baseline: target.baseline,
    verifyWithChecks: input.verifyWithChecks,
  });
  return {
    ok: true,
    baseHash: source.contentHash,
    after,
    diff: buildUnifiedDiff(target.path, bom + source.text, after),
    ...verdict,
  };
}

function sameFile(a: string, b: string): boolean {
  const clean = (p: string) => p.replace(/^\.\//, '').replace(/^[ab]\//, '');
  return clean(a) === clean(b);
}
