import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CheckRunsCode, checkRunsCode } from '../../checks/runs-code.js';
import type { CheckConfig } from '../../checks/types.js';

/** A file as the copy will hold it: repo-relative path and text. */
type Patched = { path: string; text: string };

/** The opt-in, said plainly wherever a fix stays unverified for want of it. */
export const VERIFY_OPT_IN = 'hearth trust --verify-with-checks';

/** mypy's config files; a `plugins =` line in one makes mypy import code from the repository. */
const MYPY_CONFIGS = ['mypy.ini', '.mypy.ini', 'setup.cfg', 'pyproject.toml'];

/**
 * Whether a check may be re-run on a copy holding a model's patch: a check that only reads code
 * may; one that runs code may only where the user opted in for the repository, since it would
 * run what the model wrote, as the user. The note says why not, and how to opt in.
 */
export function decideVerifyRun(
  check: CheckConfig,
  repo: string,
  options: { verifyWithChecks: boolean; patched?: readonly Patched[] },
): { run: true; reason: string } | { run: false; note: string } {
  const runs = readCheckRunsCode(check, repo, options.patched);
  if (!runs.runsCode) return { run: true, reason: runs.reason };
  if (options.verifyWithChecks)
    return { run: true, reason: `${runs.reason}; run on the patch as you opted in` };
  return {
    run: false,
    note: `not run on the model's patch: ${runs.reason} (to let checks that run code verify fixes here, which runs the model's code as you: ${VERIFY_OPT_IN})`,
  };
}

/**
 * `checkRunsCode`, and mypy whose config loads plugins runs code (the config as the copy will
 * hold it: `patched` may be one of them).
 */
export function readCheckRunsCode(
  check: CheckConfig,
  repo: string,
  patched: readonly Patched[] = [],
): CheckRunsCode {
  const runs = checkRunsCode(check, repo);
  if (runs.runsCode || check.runsCode === false || !/\bmypy\b/.test(check.command)) return runs;
  for (const name of MYPY_CONFIGS) {
    const text = patched.find((p) => p.path === name)?.text ?? readText(path.join(repo, name));
    if (/^\s*plugins\s*=/m.test(text))
      return { runsCode: true, reason: `mypy loads the plugins ${name} names, which are code` };
  }
  return runs;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
