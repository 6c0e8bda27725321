import path from 'node:path';
import type { extractSymbols } from '../analysis/analyze-file.js';
import { findGeneratedReason } from '../analysis/generated.js';
import { languageOf } from '../analysis/languages/index.js';
import { type AnalysedFile, type AnalysedListener, SymbolCache } from '../analysis/symbol-cache.js';
import type { HearthConfig } from '../config/schema.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { readHeadFile, resolveGitDirSync } from '../repos/git.js';
import type { GitEventInfo, RepoInfo } from '../repos/types.js';
import { ensureHookStateDir } from '../service/hook-state.js';
import { takeHookEvents } from '../sources/hook-events.js';
import { type ChangeBatch, RepoWatcher } from '../sources/repo-watcher.js';
import { yieldToLoop } from '../util/yield.js';
import { findFilesToLookAt, UNCOMMITTED_LOOK_LIMIT } from './uncommitted-look.js';

/** Hook events are read this often too, whatever the watcher reported (it may miss some). */
export const HOOK_EVENTS_RECHECK_MS = 10_000;

export interface MonitorOptions {
  extract?: typeof extractSymbols;
  /**
   * Drops the watcher's notices of the hook events file, standing for a watcher that misses
   * them under load (HEARTH_TEST_MISS_HOOK_NOTICES=1, for the tests): events must still be read.
   */
  missHookNotices?: boolean;
  /** How often hook events are read regardless of notices (default HOOK_EVENTS_RECHECK_MS). */
  hookRecheckMs?: number;
  /** At most this many uncommitted files looked at on start (default UNCOMMITTED_LOOK_LIMIT). */
  uncommittedLimit?: number;
}

type MonitorStatus = Pick<
  RepoInfo,
  'files' | 'lastAnalyzed' | 'lastPass' | 'passes' | 'lastGitEvent' | 'lastHook'
> & {
  state: RepoWatcher['state'];
};

/** What the later stages hear from a repository: analysed files, head moves, hook events. */
export interface MonitorListeners {
  analysed?: AnalysedListener;
  /** A commit, seen in the git folder (the post-commit hook only records its event). */
  committed?: (repo: string, sha: string) => void;
  /** pre-push: the ranges about to be pushed, `<remote-sha>..<local-sha>`. */
  pushing?: (repo: string, ranges: string[]) => void;
}

/**
 * One watched repository: its watcher feeds changed files to the symbol cache, which parses only
 * files whose content changed and reports the symbols that changed; those go on to the listener,
 * which makes the docstring tasks.
 */
export class RepoMonitor {
  readonly root: string;
  readonly #watcher: RepoWatcher;
  readonly #cache: SymbolCache;
  readonly #logger: Logger;
  readonly #listeners: MonitorListeners;
  #status: Omit<MonitorStatus, 'state' | 'files'> = {
    lastAnalyzed: null,
    lastPass: null,
    passes: 0,
    lastGitEvent: null,
    lastHook: null,
  };
  #analysis: Promise<void> = Promise.resolve();
  #hookRecheck: NodeJS.Timeout | undefined;
  /** Hook event reads, one at a time: events are handled in the order the hooks wrote them. */
  #hookReads: Promise<void> = Promise.resolve();
  readonly #hookRecheckMs: number;
  readonly #uncommittedLimit: number;
  #closed = false;
  readonly #skipsLogged = new Set<string>();

  constructor(
    root: string,
    config: HearthConfig,
    logger: Logger,
    listeners: MonitorListeners = {},
    options: MonitorOptions = {},
  ) {
    this.root = root;
    this.#hookRecheckMs = options.hookRecheckMs ?? HOOK_EVENTS_RECHECK_MS;
    this.#uncommittedLimit = options.uncommittedLimit ?? UNCOMMITTED_LOOK_LIMIT;
    this.#logger = logger;
    this.#listeners = listeners;
    this.#cache = new SymbolCache({
      maxFileBytes: config.analysis.maxFileBytes,
      // A file's first analysis compares with HEAD: a new file staged at once is all new.
      baseline: (file) => readHeadFile(root, toRel(root, file)),
      generated: (file, text) => findGeneratedReason(toRel(root, file), text),
      extract: options.extract,
    });
    this.#watcher = new RepoWatcher({
      root,
      settleMs: config.watch.settleMs,
      mode: config.watch.mode,
      pollIntervalMs: config.watch.pollIntervalMs,
      logger,
    });
    this.#watcher.on('changes', (batch) => {
      this.#analysis = this.#analysis.then(() => this.#analyze(batch));
    });
    this.#watcher.on('git', (event) => {
      const info = { ...event, at: new Date().toISOString() } as GitEventInfo;
      this.#status.lastGitEvent = info;
      this.#logger.info(`git ${event.type}`, { repo: root, ...event });
      if (event.type === 'commit') this.#listeners.committed?.(root, event.newSha);
    });
    // Hook events are read on their file's notice, on any git activity and on a slow timer: a
    // notice missed under load never loses an event (reading takes the file, so twice is harmless).
    if (!options.missHookNotices) this.#watcher.on('hooks', () => this.#readHookEvents());
    this.#watcher.on('activity', () => this.#readHookEvents());
    this.#watcher.on('state', (state, reason) => {
      this.#logger.info(`repository ${state}`, { repo: root, ...(reason ? { reason } : {}) });
    });
  }

  async start(): Promise<void> {
    // From now on this home's hooks append events here (and find the suggestions).
    const gitDir = resolveGitDirSync(this.root);
    if (gitDir) ensureHookStateDir(gitDir);
    await this.#watcher.start();
    if (this.#closed) return;
    // Events the hooks wrote while no daemon ran.
    this.#readHookEvents();
    this.#hookRecheck = setInterval(() => this.#readHookEvents(), this.#hookRecheckMs);
    this.#hookRecheck.unref();
    // Work changed while no daemon watched: looked at once, in the background.
    void this.#lookAtUncommitted();
  }

  /** Work changed while no daemon watched, queued as one pass (its tasks under the pass's caps). */
  async #lookAtUncommitted(): Promise<void> {
    const paths = await findFilesToLookAt(this.root, this.#logger, this.#uncommittedLimit);
    if (!this.#closed) this.#watcher.queueChanges(paths);
  }

  status(): MonitorStatus {
    return { state: this.#watcher.state, files: this.#watcher.fileCount, ...this.#status };
  }

  #readHookEvents(): void {
    if (this.#closed) return;
    this.#hookReads = this.#hookReads
      .then(() => this.#takeHookEvents())
      .catch((error: unknown) => {
        this.#logger.error('handling hook events failed', {
          repo: this.root,
          error: errorMessage(error),
        });
      });
  }

  async #takeHookEvents(): Promise<void> {
    const gitDir = this.#watcher.gitDir;
    if (!gitDir) return;
    let events: Awaited<ReturnType<typeof takeHookEvents>>;
    try {
      events = await takeHookEvents(gitDir);
    } catch (error) {
      this.#logger.warn('could not read the hook events', {
        repo: this.root,
        error: errorMessage(error),
      });
      return;
    }
    for (const event of events) {
      this.#status.lastHook = { hook: event.hook, at: new Date(event.at).toISOString() };
      this.#logger.info(`hook ${event.hook}`, {
        repo: this.root,
        args: event.args,
        ...(event.refs ? { refs: event.refs } : {}),
      });
      if (event.hook === 'pre-push' && event.refs)
        this.#listeners.pushing?.(this.root, event.refs.flatMap(pushedRange));
    }
  }

  /** Stops watching; a pass under way ends after the file it is reading (SIGTERM is prompt). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#hookRecheck);
    await this.#watcher.close();
    // Events already taken are handled: the stages they feed close after the monitors.
    await this.#hookReads;
    await this.#analysis;
  }

  async #analyze(batch: ChangeBatch): Promise<void> {
    let analysed = 0;
    const analysedFiles: AnalysedFile[] = [];
    for (const rel of batch.paths) {
      if (this.#closed) return;
      // Between files the event loop runs: a pass of many files never holds IPC or signals.
      await yieldToLoop();
      const file = path.join(this.root, rel);
      if (!languageOf(file)) continue;
      try {
        const update = await this.#cache.update(file);
        // Comparing thousands of symbols took a slice: IPC and signals go first.
        await yieldToLoop();
        if (update.status === 'analyzed') {
          analysed++;
          this.#status.lastAnalyzed = { path: rel, at: new Date().toISOString() };
          this.#logger.debug('analysed', {
            repo: this.root,
            path: rel,
            changes: summarize(update.changes),
          });
          analysedFiles.push({ rel, update });
        } else if (update.status === 'removed') {
          this.#logger.debug('file removed', {
            repo: this.root,
            path: rel,
            changes: summarize(update.changes),
          });
        } else if (update.status === 'skipped') {
          // Log a file's skip once per reason, not on every save.
          const key = `${rel}\0${update.skip.reason}`;
          if (!this.#skipsLogged.has(key)) {
            this.#skipsLogged.add(key);
            this.#logger.info('skipped a file', {
              repo: this.root,
              path: rel,
              reason: update.skip.reason,
              message: update.skip.message,
            });
          }
        }
      } catch (error) {
        this.#logger.error('analysis failed', {
          repo: this.root,
          path: rel,
          error: errorMessage(error),
        });
      }
    }
    this.#status.passes = (this.#status.passes ?? 0) + 1;
    this.#status.lastPass = {
      reason: batch.reason,
      files: batch.paths.length,
      at: new Date().toISOString(),
    };
    this.#logger.debug('analysis pass', {
      repo: this.root,
      reason: batch.reason,
      files: batch.paths.length,
      analysed,
    });
    // The pass is complete (and shown in status) before the next stage builds on it.
    await yieldToLoop();
    if (analysedFiles.length > 0 && !this.#closed)
      await this.#listeners.analysed?.(this.root, analysedFiles);
  }
}

function toRel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The first changes of a file for the log, and how many more (a file may hold thousands). */
const CHANGES_LOGGED = 20;

function summarize(
  changes: ReadonlyArray<{ type: string; symbol: { qualifiedName: string } }>,
): string[] {
  const listed = changes
    .slice(0, CHANGES_LOGGED)
    .map((change) => `${change.type} ${change.symbol.qualifiedName}`);
  const more = changes.length - listed.length;
  return more > 0 ? [...listed, `and ${more} more`] : listed;
}

const NO_COMMIT = /^0+$/;

/**
 * `<local-ref> <local-sha> <remote-ref> <remote-sha>` -> the commits pushed: `remote..local`, or
 * the local commit alone for a new branch; nothing for a deleted one.
 */
function pushedRange(ref: string): string[] {
  const [, localSha, , remoteSha] = ref.split(' ');
  if (!localSha || NO_COMMIT.test(localSha)) return [];
  return [remoteSha && !NO_COMMIT.test(remoteSha) ? `${remoteSha}..${localSha}` : localSha];
}
