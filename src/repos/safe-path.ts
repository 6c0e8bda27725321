import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Checked } from '../util/checked.js';

/**
 * Where a fix may write: a path from a command's output or a model's answer must name a file of
 * the work tree, never one under `.git/`, never one outside (by `..`, an absolute path, or a
 * symlink that leads out).
 */

/**
 * The path as `a/b/c.ts` relative to the work tree, or why it may not be written. Pure: the
 * symlink check is `verifyInsideWorkTree`.
 */
export function normaliseRepoPath(raw: string): Checked<{ rel: string }> {
  const slashed = raw.trim().replace(/\\/g, '/');
  if (slashed === '') return refuse('the path is empty');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed) || slashed.startsWith('~'))
    return refuse(`${raw} is not a path inside the repository`);
  const rel = path.posix.normalize(slashed).replace(/^(\.\/)+/, '');
  if (rel === '.' || rel === '' || rel.endsWith('/')) return refuse(`${raw} names no file`);
  if (rel === '..' || rel.startsWith('../')) return refuse(`${raw} is outside the repository`);
  if (hasGitSegment(rel)) return refuse(`${raw} is inside .git`);
  return { ok: true, rel };
}

/** True for `.git`, `a/.git/b` (any case: `.GIT` is the same folder on a case-insensitive disk). */
export function hasGitSegment(rel: string): boolean {
  return rel.split('/').some((part) => part.toLowerCase() === '.git');
}

/**
 * The normalised path when the file it names, after symlinks, is still inside the work tree and
 * not under `.git`; otherwise why not. A file that does not exist is judged by its folder.
 */
export function verifyInsideWorkTree(repo: string, raw: string): Checked<{ rel: string }> {
  const normal = normaliseRepoPath(raw);
  if (!normal.ok) return normal;
  const root = realpathSync(repo);
  let target = path.join(root, normal.rel);
  while (!existsSync(target) && target !== root) target = path.dirname(target);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return refuse(`${raw} cannot be resolved`);
  }
  const inside = path.relative(root, real).split(path.sep).join('/');
  if (inside === '..' || inside.startsWith('../') || path.isAbsolute(inside))
    return refuse(`${raw} leads outside the repository through a symlink`);
  if (hasGitSegment(inside)) return refuse(`${raw} leads into .git through a symlink`);
  return normal;
}

/**
 * Where a write under `root` may go: the path normalised (not outside, not under `.git`) and no
 * existing step of the way, folder or file, a symlink, so the write lands under `root` and
 * nowhere else. Folders still missing are judged by what exists above them.
 */
export function verifyWriteTarget(
  root: string,
  raw: string,
): Checked<{ rel: string; target: string }> {
  const normal = normaliseRepoPath(raw);
  if (!normal.ok) return normal;
  const parts = normal.rel.split('/');
  let at = root;
  for (const [index, part] of parts.entries()) {
    at = path.join(at, part);
    let link: boolean;
    try {
      link = lstatSync(at).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
      return refuse(`${raw} cannot be checked: ${(error as Error).message}`);
    }
    if (link && index === parts.length - 1) return refuse(`${raw} is a symlink`);
    if (link) return refuse(`${raw} is under the symlink ${parts.slice(0, index + 1).join('/')}`);
  }
  return { ok: true, rel: normal.rel, target: path.join(root, normal.rel) };
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** A path a checker reported that names no file of the work tree, and why. */
export interface DroppedPath {
  file: string;
  reason: string;
}

/**
 * The diagnostics whose file is inside the work tree `root` (after symlinks, not under `.git`),
 * each with its path normalised; the others are dropped with the reason, so that nothing ever
 * reads, sends or writes a file a checker named outside.
 */
export function keepPathsInside<T extends { file: string }>(
  root: string,
  items: readonly T[],
): { kept: T[]; dropped: DroppedPath[] } {
  const kept: T[] = [];
  const dropped: DroppedPath[] = [];
  const verdicts = new Map<string, Checked<{ rel: string }>>();
  for (const item of items) {
    let verdict = verdicts.get(item.file);
    if (!verdict) {
      verdict = verifyInsideWorkTree(root, item.file);
      verdicts.set(item.file, verdict);
    }
    if (verdict.ok) kept.push(verdict.rel === item.file ? item : { ...item, file: verdict.rel });
    else if (!dropped.some((d) => d.file === item.file))
      dropped.push({ file: item.file, reason: verdict.reason });
  }
  return { kept, dropped };
}
