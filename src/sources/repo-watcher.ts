import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { listWorkTreeFiles } from '../repos/git.js';
import { HOOK_STATE_ROOT, hookHomeId } from '../service/hook-state.js';
import { DirWatcher } from './dir-watcher.js';
import {
  classifyHeadMove,
  type GitDirs,
  type GitEvent,
  gitOperationInProgress,
  type HeadState,
  readHead,
  resolveGitDirs,
} from './git-dir.js';
import { GitFileSet } from './git-file-set.js';
import { diffPollSnapshots, type PollSnapshot, pollGitStatus } from './git-status-poll.js';
import { hookEventsFile } from './hook-events.js';

export type WatchState = 'starting' | 'watching' | 'paused' | 'polling' | 'stopped';

/** Files that changed, relative to the work tree root, after the settle window or a held pass. */
export interface ChangeBatch {
  paths: string[];
  /** `start`: the uncommitted files a look at start queued (see queueChanges). */
  reason: 'settle' | 'catch-up' | 'poll' | 'start';
}

export interface RepoWatcherEvents {
  changes: [ChangeBatch];
  git: [GitEvent];
  /** A hook appended to `<git-dir>/hearth/events`: read them with takeHookEvents. */
  hooks: [];
  /**
   * Something changed in the git folder (refs, HEAD, the index): a hook may have run with it, so
   * its events are worth a look even when the events file's own notice was missed.
   */
  activity: [];
  state: [WatchState, string | undefined];
}

export interface RepoWatcherOptions {
  root: string;
  settleMs: number;
  mode: 'auto' | 'poll';
  pollIntervalMs: number;
  logger: Logger;
}

/** While a git operation holds the tree, re-check this often. */
const HOLD_RECHECK_MS = 200;

/**
 * Watches one work tree: only what git would track (never ignored folders or `.git` internals),
 * saves coalesced over a settle window, and file events held while a git operation runs, then
 * replayed as one catch-up pass. Watches the git folder for commits, branch switches and
 * rewrites. Falls back to polling `git status` when the file watcher fails.
 */
export class RepoWatcher extends EventEmitter<RepoWatcherEvents> {
  readonly #options: RepoWatcherOptions;
  #state: WatchState = 'starting';
  #fileSet = new GitFileSet({ files: [], submodules: [], ignored: [] });
  #dirs: GitDirs | undefined;
  #head: HeadState = { branch: undefined, sha: undefined };
  #tree: DirWatcher | undefined;
  #gitWatcher: FSWatcher | undefined;
  readonly #pending = new Set<string>();
  #needsRefresh = false;
  #held = false;
  /** The next pass carries files queued by queueChanges (a look at start), not saves alone. */
  #queuedLook = false;
  #settleTimer: NodeJS.Timeout | undefined;
  #gitTimer: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #pollSnapshot: PollSnapshot | undefined;
  #work: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: RepoWatcherOptions) {
    super();
    this.#options = options;
  }

  get state(): WatchState {
    return this.#state;
  }

  /** How many files git would track here: what the watcher reports changes for. */
  get fileCount(): number {
    return this.#fileSet.files.size;
  }

  async start(): Promise<void> {
    this.#dirs = await resolveGitDirs(this.#options.root);
    this.#head = await readHead(this.#options.root);
    await this.#refreshFileSet();
    await this.#watchGitDir();
    if (this.#options.mode === 'poll') await this.#startPolling('watch.mode is "poll"');
    else await this.#watchTree();
  }

  /**
   * Files to analyse as if they had just been saved (the uncommitted work found at start): one
   * pass soon, held like saves while a git operation runs.
   */
  queueChanges(paths: readonly string[]): void {
    if (this.#closed || paths.length === 0) return;
    for (const rel of paths) this.#pending.add(rel);
    this.#queuedLook = true;
    this.#schedule(() => this.#flush());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of [this.#settleTimer, this.#gitTimer]) clearTimeout(timer);
    clearInterval(this.#pollTimer);
    this.#tree?.close();
    await Promise.allSettled([this.#gitWatcher?.close(), this.#work]);
    this.#setState('stopped', undefined);
  }

  async #watchTree(): Promise<void> {
    const tree = new DirWatcher(
      this.#options.root,
      (rel) => this.#onTreeEvent(rel),
      (error) => void this.#startPolling(`the file watcher failed: ${errorMessage(error)}`),
    );
    this.#tree = tree;
    try {
      tree.sync(['', ...this.#fileSet.dirs]);
    } catch (error) {
      // ENOSPC: the system's inotify watch limit is reached (fs.inotify.max_user_watches).
      await this.#startPolling(`the file watcher failed: ${errorMessage(error)}`);
      return;
    }
    if (this.#state === 'starting') this.#setState('watching', undefined);
  }

  /**
   * An entry of a watched folder changed. Ignored entries (node_modules, .git) are dropped here;
   * a path git has not listed yet (a new file or folder) makes the listing stale: a new folder is
   * watched once the refreshed listing has it, a new file is kept if the listing has it.
   */
  #onTreeEvent(rel: string): void {
    const kind = this.#fileSet.classify(rel);
    if (kind === 'ignored') return;
    if (
      kind === 'unknown' ||
      path.posix.basename(rel) === '.gitignore' ||
      this.#fileSet.dirs.has(rel)
    ) {
      this.#needsRefresh = true;
    }
    if (!this.#fileSet.dirs.has(rel)) this.#pending.add(rel);
    this.#armSettle();
  }

  #armSettle(): void {
    clearTimeout(this.#settleTimer);
    this.#settleTimer = setTimeout(
      () => this.#schedule(() => this.#flush()),
      this.#options.settleMs,
    );
  }

  /** Runs one step at a time, so a flush never overlaps a refresh or another flush. */
  #schedule(step: () => Promise<void>): void {
    this.#work = this.#work.then(step).catch((error: unknown) => {
      this.#options.logger.error('repository watcher step failed', {
        repo: this.#options.root,
        error: errorMessage(error),
      });
    });
  }

  async #flush(): Promise<void> {
    if (this.#closed) return;
    const operation = gitOperationInProgress(this.#gitDirs().gitDir);
    if (operation) {
      if (!this.#held) {
        this.#held = true;
        if (this.#state === 'watching') this.#setState('paused', operation);
      }
      clearTimeout(this.#settleTimer);
      this.#settleTimer = setTimeout(() => this.#schedule(() => this.#flush()), HOLD_RECHECK_MS);
      return;
    }
    const reason: ChangeBatch['reason'] = this.#held
      ? 'catch-up'
      : this.#queuedLook
        ? 'start'
        : this.#state === 'polling'
          ? 'poll'
          : 'settle';
    this.#queuedLook = false;
    if (this.#held) {
      this.#held = false;
      if (this.#state === 'paused') this.#setState('watching', undefined);
    }
    const before = this.#fileSet;
    if (this.#needsRefresh || reason === 'catch-up') await this.#refreshFileSet();
    const root = this.#options.root;
    const paths = [...this.#pending].filter(
      (rel) =>
        this.#fileSet.files.has(rel) ||
        (before.files.has(rel) && !existsSync(path.join(root, rel))),
    );
    this.#pending.clear();
    if (paths.length > 0) this.emit('changes', { paths: paths.sort(), reason });
  }

  async #refreshFileSet(): Promise<void> {
    const before = this.#fileSet;
    try {
      this.#fileSet = new GitFileSet(
        await listWorkTreeFiles(this.#options.root, { withIgnored: true }),
      );
    } catch (error) {
      this.#options.logger.warn('could not list the repository files', {
        repo: this.#options.root,
        error: errorMessage(error),
      });
      return;
    }
    this.#needsRefresh = false;
    if (!this.#tree) return;
    // Folders that git now tracks (new, or un-ignored by a .gitignore edit) start being watched,
    // and files that appeared are analysed once; folders now ignored or gone stop being watched.
    try {
      this.#tree.sync(['', ...this.#fileSet.dirs]);
    } catch (error) {
      await this.#startPolling(`the file watcher failed: ${errorMessage(error)}`);
    }
    for (const file of this.#fileSet.files) if (!before.files.has(file)) this.#pending.add(file);
    // Files gone with a deleted folder had no event of their own.
    for (const file of before.files) if (!this.#fileSet.files.has(file)) this.#pending.add(file);
  }

  async #watchGitDir(): Promise<void> {
    const { gitDir, commonDir, globalExcludes } = this.#gitDirs();
    const { watch } = await import('chokidar');
    const targets = [...new Set([gitDir, commonDir])];
    if (globalExcludes) targets.push(globalExcludes);
    const watcher = watch(targets, {
      ignoreInitial: true,
      ignored: (file) => isGitNoise(file, gitDir, commonDir),
    });
    this.#gitWatcher = watcher;
    watcher.on('all', (_event, file) => {
      if (file === hookEventsFile(gitDir)) {
        this.emit('hooks');
        return;
      }
      if (file === globalExcludes || file.endsWith(`${path.sep}info${path.sep}exclude`)) {
        this.#needsRefresh = true;
        this.#armSettle();
      }
      clearTimeout(this.#gitTimer);
      this.#gitTimer = setTimeout(() => this.#schedule(() => this.#onGitActivity()), 50);
    });
    watcher.on('error', (error) => {
      this.#options.logger.warn('git folder watcher error', {
        repo: this.#options.root,
        error: errorMessage(error),
      });
    });
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
  }

  async #onGitActivity(): Promise<void> {
    if (this.#closed) return;
    if (this.#held) await this.#flush();
    const after = await readHead(this.#options.root);
    const event = await classifyHeadMove(this.#options.root, this.#head, after);
    this.#head = after;
    if (event) this.emit('git', event);
    this.emit('activity');
  }

  async #startPolling(reason: string): Promise<void> {
    if (this.#state === 'polling' || this.#closed) return;
    this.#options.logger.warn('watching by polling git status', {
      repo: this.#options.root,
      reason,
    });
    this.#tree?.close();
    this.#tree = undefined;
    this.#setState('polling', reason);
    this.#pollSnapshot = await pollGitStatus(this.#options.root);
    this.#pollTimer = setInterval(
      () => this.#schedule(() => this.#poll()),
      this.#options.pollIntervalMs,
    );
  }

  async #poll(): Promise<void> {
    if (this.#closed || gitOperationInProgress(this.#gitDirs().gitDir)) return;
    const snapshot = await pollGitStatus(this.#options.root);
    const changed = diffPollSnapshots(this.#pollSnapshot ?? new Map(), snapshot);
    this.#pollSnapshot = snapshot;
    if (changed.length === 0) return;
    for (const rel of changed) this.#pending.add(rel);
    this.#needsRefresh = true;
    await this.#flush();
  }

  #setState(state: WatchState, reason: string | undefined): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state, reason);
  }

  /** The work tree's git folder, once started. */
  get gitDir(): string | undefined {
    return this.#dirs?.gitDir;
  }

  #gitDirs(): GitDirs {
    if (!this.#dirs) throw new Error('RepoWatcher used before start()');
    return this.#dirs;
  }
}

/** Folders of .git that say nothing about HEAD, refs or operations in progress. */
const GIT_BULK = new Set(['objects', 'hooks', 'modules', 'worktrees', 'lfs']);

/** True for what the git-folder watcher need not see: objects, hooks, reflogs of other refs... */
export function isGitNoise(
  file: string,
  gitDir: string,
  commonDir: string,
  homeId = hookHomeId(),
): boolean {
  for (const base of [gitDir, commonDir]) {
    const rel = path.relative(base, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (rel === '') return false;
    const [top, second] = rel.split(path.sep);
    if (second === undefined) return GIT_BULK.has(top as string);
    if (top === 'refs') return false;
    if (top === 'logs') return !(second === 'HEAD' || second === undefined);
    if (top === 'info') return second !== 'exclude';
    // What this home's hooks append (hearth/<id>/events): the rest is hearth's or another home's.
    if (top === HOOK_STATE_ROOT) {
      const [, , third, fourth] = rel.split(path.sep);
      if (second !== homeId || fourth !== undefined) return true;
      return third !== undefined && third !== 'events';
    }
    return true;
  }
  return false;
}
