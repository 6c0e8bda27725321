import { git } from './git.js';

/**
 * The files that differ from HEAD, staged or not, plus untracked files that are not ignored:
 * what a look at a repository's uncommitted work reads. Deleted files are left out (there is
 * nothing to read); submodules are never listed. Runs without optional locks, so it never takes
 * index.lock from the user.
 */
export async function listUncommittedFiles(root: string): Promise<string[]> {
  const out = await git(
    root,
    [
      '-c',
      'core.quotePath=false',
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--ignore-submodules=all',
      '--no-renames',
    ],
    { raw: true },
  );
  return parseUncommittedPaths(out);
}

/**
 * `git status --porcelain=v1 -z` output -> the paths that still exist in the work tree, sorted:
 * `XY path` entries, where a rename or copy is followed by its source path as the next entry,
 * and a `D` on either side means the file is gone from the side that counts. Pure.
 */
export function parseUncommittedPaths(out: string): string[] {
  const paths = new Set<string>();
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    if (entry.length < 4) continue;
    const [index, tree] = [entry[0], entry[1]];
    // A rename or copy (when renames are detected) names its source next: skip that one.
    if (index === 'R' || index === 'C') i++;
    if (tree === 'D' || (index === 'D' && tree === ' ')) continue;
    paths.add(entry.slice(3));
  }
  return [...paths].sort();
}

/**
 * At most `limit` of the paths `accept` keeps, in order, and how many it kept past the limit. Pure.
 */
export function pickBounded(
  paths: readonly string[],
  accept: (rel: string) => boolean,
  limit: number,
): { paths: string[]; left: number } {
  const accepted = paths.filter(accept);
  return { paths: accepted.slice(0, limit), left: Math.max(0, accepted.length - limit) };
}
