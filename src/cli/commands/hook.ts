import type { Diagnostic } from '../../checks/types.js';
import { loadConfig } from '../../config/load.js';
import { EXIT, errorMessage } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot, git } from '../../repos/git.js';
import { printError, quoteName } from '../output.js';

/**
 * `hearth hook pre-commit`: the part of the pre-commit hook that needs Node, run by
 * `hooks/hearth-hook` only when the repo configures checks. With `hooks.preCommit.block:
 * "errors"`, the staged content (checked out from the index into a scratch folder) is checked
 * and a commit with errors in its staged files is refused. Anything going wrong lets the commit
 * through with one line on stderr: hooks fail open.
 */
export async function runHook(name: string, flagPairs: string[]): Promise<void> {
  if (name !== 'pre-commit') return;
  try {
    process.exitCode = await checkStagedContent(flagPairs);
  } catch (error) {
    printError(`hearth: pre-commit check skipped: ${oneLine(errorMessage(error))}`);
    process.exitCode = EXIT.ok;
  }
}

async function checkStagedContent(flagPairs: string[]): Promise<number> {
  const repo = await findWorkTreeRoot(process.cwd());
  const resolved = loadConfig({
    userConfigFile: hearthPaths().userConfigFile,
    repoRoot: repo,
    env: process.env,
    flagPairs,
  });
  if (resolved.untrusted?.checks && resolved.values.hooks.preCommit.block === 'errors')
    printError(
      `hearth: not checking the staged content: the checks in .hearth.json are not trusted (hearth trust ${repo})`,
    );
  const config = resolved.values;
  if (config.hooks.preCommit.block !== 'errors' || config.checks.length === 0) return EXIT.ok;
  const staged = new Set(
    (
      await git(repo, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], {
        raw: true,
      })
    )
      .split('\0')
      .filter(Boolean),
  );
  if (staged.size === 0) return EXIT.ok;
  // Loaded only when a commit is to be checked: every other commit should not pay for them.
  const [{ createScratchCopy }, { runCheck }] = await Promise.all([
    import('../../checks/scratch-copy.js'),
    import('../../checks/run-check.js'),
  ]);
  // The user's own staged code, checked as it would be in the work tree: dependencies linked.
  const scratch = await createScratchCopy(repo, { from: 'index', ignored: 'link' });
  const errors: Diagnostic[] = [];
  try {
    for (const check of config.checks) {
      const run = await runCheck(check, scratch.dir);
      if (run.timedOut) {
        printError(`hearth: ${check.name} timed out on the staged content; not blocking`);
        continue;
      }
      const [first] = run.dropped;
      if (first)
        printError(
          `hearth: ${check.name} named ${run.dropped.length} path(s) outside the repository or under .git; ignored (${first.reason})`,
        );
      errors.push(...run.diagnostics.filter((d) => d.severity === 'error' && staged.has(d.file)));
    }
  } finally {
    await scratch.remove();
  }
  if (errors.length === 0) return EXIT.ok;
  const lines = errors.slice(0, 20).map((d) => {
    const where = `${quoteName(d.file)}:${d.line}${d.column ? `:${d.column}` : ''}`;
    return `  ${where}  ${d.code ? `${d.code} ` : ''}${oneLine(d.message)}`;
  });
  const more = errors.length > 20 ? [`  ... and ${errors.length - 20} more`] : [];
  printError(
    [
      `hearth: commit refused: ${errors.length} error${errors.length === 1 ? '' : 's'} in the staged files (hooks.preCommit.block is "errors")`,
      ...lines,
      ...more,
      'hearth: fix them, see `hearth suggestions`, or commit with HEARTH_SKIP=1',
    ].join('\n'),
  );
  return EXIT.error;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
