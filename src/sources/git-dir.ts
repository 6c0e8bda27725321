import { existsSync } from 'node:fs';
import path from 'node:path';
import { git } from '../repos/git.js';

/** Where a work tree's git data lives; in a linked worktree, refs live in the common folder. */
export interface GitDirs {
  gitDir: string;
  commonDir: string;
  /** The global excludes file (core.excludesFile, else ~/.config/git/ignore), if there is one. */
  globalExcludes: string | undefined;
}

export async function resolveGitDirs(root: string): Promise<GitDirs> {
  const [gitDir, commonDir] = (
    await git(root, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir'])
  ).split('\n');
  const excludes = await git(root, ['config', '--path', 'core.excludesFile']).catch(() => '');
  const xdg = process.env.XDG_CONFIG_HOME || path.join(process.env.HOME ?? '', '.config');
  const globalExcludes = excludes || path.join(xdg, 'git', 'ignore');
  return {
    gitDir: gitDir as string,
    commonDir: commonDir as string,
    globalExcludes: existsSync(globalExcludes) ? globalExcludes : undefined,
  };
}

/** The git operation that makes file events unreliable right now, if any. */
export function gitOperationInProgress(gitDir: string): string | undefined {
  const markers: Array<[string, string]> = [
    ['index.lock', 'index.lock held'],
    ['rebase-merge', 'rebase'],
    ['rebase-apply', 'rebase'],
    ['MERGE_HEAD', 'merge'],
    ['CHERRY_PICK_HEAD', 'cherry-pick'],
    ['REVERT_HEAD', 'revert'],
  ];
  return markers.find(([file]) => existsSync(path.join(gitDir, file)))?.[1];
}

export interface HeadState {
  /** The branch name, or undefined on a detached HEAD. */
  branch: string | undefined;
  /** The commit HEAD points at, or undefined before the first commit. */
  sha: string | undefined;
}

export async function readHead(root: string): Promise<HeadState> {
  const [branch, sha] = await Promise.all([
    git(root, ['symbolic-ref', '-q', '--short', 'HEAD']).catch(() => undefined),
    git(root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']).catch(() => undefined),
  ]);
  return { branch: branch || undefined, sha: sha || undefined };
}

export type GitEvent =
  | { type: 'commit'; branch: string | undefined; oldSha: string | undefined; newSha: string }
  | {
      type: 'branch-switch';
      from: string | undefined;
      to: string | undefined;
      oldSha: string | undefined;
      newSha: string | undefined;
    }
  | { type: 'rewrite'; branch: string | undefined; oldSha: string; newSha: string | undefined };

/**
 * Names a move of HEAD: another branch is a switch; on the same branch, a new commit on top of
 * the old one is a commit, anything else (amend, rebase, reset) a rewrite.
 */
export async function classifyHeadMove(
  root: string,
  before: HeadState,
  after: HeadState,
): Promise<GitEvent | undefined> {
  if (before.branch === after.branch && before.sha === after.sha) return undefined;
  if (before.branch !== after.branch) {
    return {
      type: 'branch-switch',
      from: before.branch,
      to: after.branch,
      oldSha: before.sha,
      newSha: after.sha,
    };
  }
  if (after.sha && (!before.sha || (await isAncestor(root, before.sha, after.sha)))) {
    return { type: 'commit', branch: after.branch, oldSha: before.sha, newSha: after.sha };
  }
  return { type: 'rewrite', branch: after.branch, oldSha: before.sha as string, newSha: after.sha };
}

async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
  try {
    await git(root, ['merge-base', '--is-ancestor', ancestor, descendant]);
    return true;
  } catch {
    return false;
  }
}
