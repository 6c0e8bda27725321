import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Ignored entries (node_modules, .venv, build output) copied into a scratch copy, so a check
 * finds its dependencies without a link into the work tree: whatever a run writes there stays
 * in the copy. Large ones are left out (a check that needs them cannot verify, and says so).
 */

export interface CopyBudget {
  bytes: number;
  files: number;
}

/** Enough for a small project's dependencies; a copy per verification must stay cheap. */
export const IGNORED_COPY_BUDGET: CopyBudget = { bytes: 128 * 1024 * 1024, files: 20_000 };

/**
 * Copies each ignored entry (repo-relative, no trailing slash) from `repo` into `dir` whole, if
 * it fits in what is left of the budget; returns those left out.
 */
export async function copyIgnoredEntries(
  repo: string,
  dir: string,
  entries: readonly string[],
  budget: CopyBudget = IGNORED_COPY_BUDGET,
): Promise<string[]> {
  const left: string[] = [];
  const remaining = { ...budget };
  for (const rel of entries) {
    const size = await measureTree(path.join(repo, rel), remaining);
    if (!size) {
      left.push(rel);
      continue;
    }
    remaining.bytes -= size.bytes;
    remaining.files -= size.files;
    await copyTree(repo, dir, rel);
  }
  return left;
}

/** Files and bytes under `file` (symlinks not followed), or undefined once past `limit`. */
async function measureTree(file: string, limit: CopyBudget): Promise<CopyBudget | undefined> {
  const total = { bytes: 0, files: 0 };
  const walk = async (current: string): Promise<boolean> => {
    const stat = await lstat(current);
    total.files += 1;
    if (stat.isFile()) total.bytes += stat.size;
    if (total.bytes > limit.bytes || total.files > limit.files) return false;
    if (!stat.isDirectory()) return true;
    for (const name of await readdir(current)) {
      if (!(await walk(path.join(current, name)))) return false;
    }
    return true;
  };
  return (await walk(file).catch(() => false)) ? total : undefined;
}

/**
 * Copies `rel` from `repo` to `dir`: files cloned where the disk can (copy-on-write), folders
 * made, a symlink kept only when it is relative and stays inside the repository's layout (so in
 * the copy it leads to the copy), anything else (absolute or outward links, sockets) left out.
 */
async function copyTree(repo: string, dir: string, rel: string): Promise<void> {
  const from = path.join(repo, rel);
  const to = path.join(dir, rel);
  const stat = await lstat(from).catch(() => undefined);
  if (!stat) return;
  if (stat.isDirectory()) {
    await mkdir(to, { recursive: true });
    for (const name of await readdir(from)) await copyTree(repo, dir, path.join(rel, name));
  } else if (stat.isFile()) {
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to, constants.COPYFILE_FICLONE);
  } else if (stat.isSymbolicLink()) {
    const target = await readlink(from);
    if (!staysInside(rel, target)) return;
    await mkdir(path.dirname(to), { recursive: true });
    await symlink(target, to);
  }
}

/** A link's target, read from where the link sits, stays under the root: relative, no way out. */
export function staysInside(rel: string, target: string): boolean {
  if (path.isAbsolute(target)) return false;
  const resolved = path.normalize(path.join(path.dirname(rel), target));
  return resolved !== '..' && !resolved.startsWith(`..${path.sep}`) && !path.isAbsolute(resolved);
}
