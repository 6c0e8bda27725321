/**
 * A watched repository as the daemon knows it: its state, what it last saw, what waits in it.
 * The registry keeps the path and the time it was added; the repo monitors fill in the rest.
 */

/**
 * `starting` until the first file listing is done; `watching` on file system events; `paused`
 * while a git operation holds the tree; `polling` when watching falls back to `git status`;
 * `missing` when the folder vanished.
 */
export type RepoState = 'starting' | 'watching' | 'paused' | 'polling' | 'missing';

export interface GitEventInfo {
  type: 'commit' | 'branch-switch' | 'rewrite';
  at: string;
  branch?: string;
  from?: string;
  to?: string;
  oldSha?: string;
  newSha?: string;
}

export interface RepoInfo {
  path: string;
  state: RepoState;
  addedAt: string;
  /** Why the repo is not working normally: its folder is gone, its `.hearth.json` is invalid. */
  problem?: string;
  /** How many files are watched: what git would track. */
  files?: number;
  /** The last file whose symbols were extracted after it changed. */
  lastAnalyzed?: { path: string; at: string } | null;
  /** The last batch of changes analysed: after the settle window, a held git operation, or a poll. */
  lastPass?: {
    reason: 'settle' | 'catch-up' | 'poll' | 'start';
    files: number;
    at: string;
  } | null;
  passes?: number;
  lastGitEvent?: GitEventInfo | null;
  /** Open suggestions (fixes and docstrings) for this repository. */
  suggestions?: number;
  /** Reviews finished that no post-commit or pre-push hook has mentioned yet. */
  reviewsArrived?: number;
  /** The last git hook that told the daemon something (post-commit, post-checkout...). */
  lastHook?: { hook: string; at: string } | null;
}
