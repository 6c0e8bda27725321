import type { HearthConfig } from '../config/schema.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { RepoInfo } from '../repos/types.js';
import { type MonitorListeners, type MonitorOptions, RepoMonitor } from './repo-monitor.js';

/**
 * The running monitor of each registered repository: started when a repo is watched or found
 * again, stopped when it is unwatched or its folder vanishes.
 */
export class RepoMonitors {
  readonly #monitors = new Map<
    string,
    { monitor: RepoMonitor; started: Promise<void>; error?: string }
  >();
  readonly #configFor: (root: string) => HearthConfig;
  readonly #logger: Logger;
  readonly #listeners: MonitorListeners;
  readonly #options: MonitorOptions;

  constructor(
    configFor: (root: string) => HearthConfig,
    logger: Logger,
    listeners: MonitorListeners = {},
    options: MonitorOptions = {},
  ) {
    this.#configFor = configFor;
    this.#logger = logger;
    this.#listeners = listeners;
    this.#options = options;
  }

  /** Starts the repo's monitor if it is not running; resolves once it watches (or failed to). */
  ensure(root: string): Promise<void> {
    let entry = this.#monitors.get(root);
    if (!entry) {
      const monitor = new RepoMonitor(
        root,
        this.#configFor(root),
        this.#logger,
        this.#listeners,
        this.#options,
      );
      const created: { monitor: RepoMonitor; started: Promise<void>; error?: string } = {
        monitor,
        started: Promise.resolve(),
      };
      created.started = monitor.start().catch((error: unknown) => {
        created.error = errorMessage(error);
        this.#logger.error('could not start watching the repository', {
          repo: root,
          error: created.error,
        });
      });
      entry = created;
      this.#monitors.set(root, entry);
    }
    return entry.started;
  }

  async stop(root: string): Promise<void> {
    const entry = this.#monitors.get(root);
    this.#monitors.delete(root);
    await entry?.monitor.close();
  }

  /** Starts monitors for present repos and stops those whose folder is gone. */
  reconcile(repos: readonly RepoInfo[]): void {
    for (const repo of repos) {
      if (repo.state === 'missing') void this.stop(repo.path);
      else void this.ensure(repo.path);
    }
  }

  /** The repo as the registry knows it, with its monitor's state and figures. */
  describe(repo: RepoInfo): RepoInfo {
    const entry = this.#monitors.get(repo.path);
    if (!entry || repo.state === 'missing') return repo;
    const { state, ...figures } = entry.monitor.status();
    const problem = entry.error ? { problem: `could not start watching: ${entry.error}` } : {};
    return { ...repo, ...figures, ...problem, state: state === 'stopped' ? 'missing' : state };
  }

  async closeAll(): Promise<void> {
    const roots = [...this.#monitors.keys()];
    await Promise.allSettled(roots.map((root) => this.stop(root)));
  }
}
