/**
 * Where hooks and hearth share state under a git folder: `<git-dir>/hearth/<home-id>/` (events,
 * suggestions.tsv, reviews-arrived), one folder per hearth home so two homes never read each
 * other's. The one place that knows this layout: the hooks (the id recorded at install), the
 * daemon, the CLI and the installer all ask here.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hearthPaths } from '../paths.js';
import { resolveGitDirSync } from '../repos/git.js';

/** The folder under a git dir that holds every home's state folder. */
export const HOOK_STATE_ROOT = 'hearth';

/** Files older hearth versions wrote straight into `<git-dir>/hearth/`, shared by every home. */
export const LEGACY_STATE_FILES = ['events', 'suggestions.tsv', 'reviews-arrived'] as const;

/**
 * The program `hooks install` writes for husky, lefthook and the pre-commit framework, relative
 * to the common git dir: their snippet runs it when it exists, so it names no personal path.
 */
export const MANAGER_PROGRAM = path.join(HOOK_STATE_ROOT, 'pre-commit');

/** A home's id: the first 12 hex of sha256 of its data folder. Pure. */
export function buildHomeId(dataDir: string): string {
  return createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
}

/** This process's home id (from HEARTH_HOME or the platform's data folder). */
export function hookHomeId(): string {
  return buildHomeId(hearthPaths().data);
}

/** This home's state folder under a git dir. */
export function hookStateDirIn(gitDir: string, id = hookHomeId()): string {
  return path.join(gitDir, HOOK_STATE_ROOT, id);
}

/** This home's state folder for the work tree at `repo`, or undefined without a git dir. */
export function hookStateDir(repo: string, id = hookHomeId()): string | undefined {
  const gitDir = resolveGitDirSync(repo);
  return gitDir && hookStateDirIn(gitDir, id);
}

/**
 * Creates this home's state folder: from then on the hooks append events there. Only watching
 * and `hooks install` call it, so a repo nobody watches grows no events file. Fails quietly.
 */
export function ensureHookStateDir(gitDir: string, id = hookHomeId()): void {
  try {
    mkdirSync(hookStateDirIn(gitDir, id), { recursive: true });
  } catch {
    // A read-only git dir: the hooks find no folder and append nothing.
  }
}

/**
 * Removes this home's state folder and the flat files older versions left in `<git-dir>/hearth/`,
 * then that folder when nothing else (another home's state, the manager program) is left in it.
 * Returns what it removed.
 */
export function removeHookState(gitDir: string, id = hookHomeId(), extra: string[] = []): string[] {
  const root = path.join(gitDir, HOOK_STATE_ROOT);
  const removed: string[] = [];
  for (const name of [id, ...LEGACY_STATE_FILES, ...extra]) {
    const target = path.join(root, name);
    if (!exists(target)) continue;
    try {
      rmSync(target, { recursive: true, force: true });
      removed.push(target);
    } catch {
      // Left for the user; nothing of theirs depends on it.
    }
  }
  try {
    if (readdirSync(root).length === 0) rmdirSync(root);
  } catch {
    // Gone already, or not empty.
  }
  return removed;
}

function exists(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
}
