import { git } from './git.js';

/**
 * The lines of each file that differ from HEAD (or, with `staged`, the staged lines that differ
 * from HEAD), as 1-based line numbers of the new side. A file git does not know yet (untracked,
 * or no commit yet) counts as wholly changed: `'all'`. A git command that fails (a path outside
 * the repository, a broken repository) throws: a failure never means "untracked".
 */
export async function listChangedLines(
  repo: string,
  files: readonly string[],
  options: { staged?: boolean } = {},
): Promise<Map<string, Set<number> | 'all'>> {
  const changed = new Map<string, Set<number> | 'all'>();
  if (files.length === 0) return changed;
  const known = new Set(
    (await runGit(repo, 'ls-files', ['ls-files', '-z', '--', ...files]))
      .split('\0')
      .filter(Boolean),
  );
  for (const file of files) if (!known.has(file)) changed.set(file, 'all');
  const tracked = files.filter((file) => known.has(file));
  if (tracked.length === 0) return changed;
  // Unquoted paths, so a name with non-ASCII letters reads back as it is.
  const args = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '-U0'];
  if (options.staged) args.push('--cached');
  const hasHead = await git(repo, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']).then(
    () => true,
    () => false,
  );
  if (!hasHead) {
    // No commit yet: everything is new.
    for (const file of tracked) changed.set(file, 'all');
    return changed;
  }
  const diff = await runGit(repo, 'diff', [...args, 'HEAD', '--', ...tracked]);
  return parseChangedLines(diff, changed);
}

/** `git ARGS` in `repo`; a failure throws with git's own words in the message. */
async function runGit(repo: string, name: string, args: string[]): Promise<string> {
  try {
    return await git(repo, args, { raw: true });
  } catch (error) {
    const said = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(`git ${name} failed in ${repo}: ${said}`);
  }
}

/** Reads `+++ b/path` and `@@ -a,b +c,d @@` headers of a `-U0` diff. Pure. */
export function parseChangedLines(
  diff: string,
  into = new Map<string, Set<number> | 'all'>(),
): Map<string, Set<number> | 'all'> {
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    const file = /^\+\+\+ b\/(.+)$/.exec(line)?.[1];
    if (file !== undefined) {
      current = new Set();
      into.set(file, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return into;
}

/** The new-side lines a reviewed change touches: between two commits, or HEAD and the index. */
export async function listChangedLinesOf(
  repo: string,
  change: { base: string; head: string },
): Promise<Map<string, Set<number> | 'all'>> {
  const sides = change.head === 'staged' ? ['--cached', change.base] : [change.base, change.head];
  const diff = await git(
    repo,
    ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '-U0', ...sides],
    { raw: true },
  );
  return parseChangedLines(diff);
}
