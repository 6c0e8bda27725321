import { diagnosticFingerprint } from '../../checks/parsers/index.js';
import { runCheck } from '../../checks/run-check.js';
import { createScratchCopy } from '../../checks/scratch-copy.js';
import type { CheckConfig } from '../../checks/types.js';
import { errorMessage } from '../../errors.js';
import { normaliseRepoPath } from '../../repos/safe-path.js';
import { decideVerifyRun } from './verify-policy.js';

/** What re-running the checker on a patched copy said. */
export interface FixVerdict {
  verified: boolean;
  /** Why it is not verified, or what confirmed it. */
  note: string;
}

/**
 * A fix is verified only when the checker, re-run on a scratch copy of the work tree with the
 * patched file, no longer reports the diagnostic and reports nothing it did not report before.
 * A check that runs code is not re-run on the model's patch unless the user opted in for the
 * repository (`verifyWithChecks`): the fix stays unverified, and the note says why.
 */
export async function verifyFix(input: {
  repo: string;
  path: string;
  /** The whole patched file, as it would be written (BOM included). */
  patched: string;
  check: CheckConfig;
  fingerprint: string;
  baseline: readonly string[];
  /** The user let checks that run code verify fixes in this repository. */
  verifyWithChecks: boolean;
}): Promise<FixVerdict> {
  // The copy's own check again, as a verdict: a path that may not be written is not verified.
  const where = normaliseRepoPath(input.path);
  if (!where.ok) return { verified: false, note: `not checked: ${where.reason}` };
  const decision = decideVerifyRun(input.check, input.repo, {
    verifyWithChecks: input.verifyWithChecks,
    patched: [{ path: where.rel, text: input.patched }],
  });
  if (!decision.run) return { verified: false, note: decision.note };
  let scratch: Awaited<ReturnType<typeof createScratchCopy>>;
  try {
    // Nothing in the copy leads into the work tree: ignored folders are copied (or left out).
    scratch = await createScratchCopy(input.repo, {
      from: 'worktree',
      ignored: 'copy',
      overrides: { [input.path]: input.patched },
    });
  } catch (error) {
    // A file the copy only links (an ignored folder) is not written through the link.
    return { verified: false, note: `not checked: ${errorMessage(error)}` };
  }
  try {
    const run = await runCheck(input.check, scratch.dir);
    if (run.timedOut)
      return { verified: false, note: `${input.check.name} timed out on the patched copy` };
    // A check that fails and reports nothing did not check: not finding the problem is no proof.
    if (run.exitCode !== 0 && run.diagnostics.length === 0)
      return {
        verified: false,
        note: `${input.check.name} failed on the patched copy without reporting a problem (exit ${run.exitCode}${leftOut(scratch.left)})`,
      };
    const after = run.diagnostics.map(diagnosticFingerprint);
    if (after.includes(input.fingerprint))
      return { verified: false, note: `${input.check.name} still reports the problem` };
    const known = new Set(input.baseline);
    const added = run.diagnostics.filter((d) => !known.has(diagnosticFingerprint(d)));
    if (added.length > 0) {
      const first = added[0];
      return {
        verified: false,
        note: `the fix adds ${added.length} new problem${added.length === 1 ? '' : 's'} (${first?.file}:${first?.line} ${first?.message}${leftOut(scratch.left)})`,
      };
    }
    return { verified: true, note: `${input.check.name} no longer reports it` };
  } finally {
    await scratch.remove();
  }
}

/** The ignored entries the copy went without, when that may be why a check saw more. */
export function leftOut(left: readonly string[]): string {
  if (left.length === 0) return '';
  const names = left.slice(0, 3).join(', ') + (left.length > 3 ? ', ...' : '');
  return `; the copy lacks ignored ${names}, too large to copy: hearth does not link them in, so a run can write nothing through them`;
}
