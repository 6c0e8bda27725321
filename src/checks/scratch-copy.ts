import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git, listWorkTreeFiles } from '../repos/git.js';
import { verifyWriteTarget } from '../repos/safe-path.js';
import { copyIgnoredEntries } from './copy-ignored.js';

export interface ScratchCopy {
  dir: string;
  /** Ignored entries of the work tree the copy does not hold (`ignored: 'copy'`, too large). */
  left: string[];
  remove(): Promise<void>;
}

/**
 * A throwaway copy of a repository to run a checker in, so that neither a patch under test nor
 * the staged content ever touches the work tree. `index` takes the staged content (as
 * lint-staged and pre-commit do), `worktree` the files as they are; `overrides` replaces some
 * files' text. Ignored entries (node_modules, .venv, target...) are either linked (`link`: the
 * checker finds its dependencies, and whatever it writes there lands in the real work tree, so
 * only for the user's own code) or copied while they fit a budget, the rest left out (`copy`:
 * nothing in the copy leads into the work tree, what a model's patch must be checked in).
 */
export async function createScratchCopy(
  repo: string,
  options: {
    from: 'index' | 'worktree';
    ignored: 'link' | 'copy';
    overrides?: Readonly<Record<string, string>>;
  },
): Promise<ScratchCopy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-scratch-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const listing = await listWorkTreeFiles(repo, { withIgnored: true });
    if (options.from === 'index') {
      await git(repo, ['checkout-index', '--all', '--force', `--prefix=${dir}/`]);
    } else {
      for (const file of listing.files) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await copyFile(path.join(repo, file), path.join(dir, file)).catch(ignoreMissing);
      }
    }
    const left =
      options.ignored === 'copy'
        ? await copyIgnoredEntries(repo, dir, listing.ignored.map(stripSlash))
        : [];
    for (const entry of options.ignored === 'link' ? listing.ignored : []) {
      const rel = stripSlash(entry);
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await symlink(path.join(repo, rel), path.join(dir, rel)).catch(ignoreExisting);
    }
    for (const [rel, text] of Object.entries(options.overrides ?? {})) {
      // Never write outside the copy, nor through a link into the real repository.
      const checked = verifyWriteTarget(dir, rel);
      if (!checked.ok) throw new Error(`not written to the scratch copy: ${checked.reason}`);
      await mkdir(path.dirname(checked.target), { recursive: true });
      await writeFile(checked.target, text);
    }
    return { dir, left, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

function stripSlash(entry: string): string {
  return entry.replace(/\/$/, '');
}

// A file deleted between the listing and the copy is simply not in the copy.
function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}
