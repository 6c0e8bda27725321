import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isLocalOnly } from '../config/privacy.js';
import { forgetTrust, trustFileFor } from '../config/trust.js';
import { HearthError } from '../errors.js';
import { PROTOCOL_VERSION, type StatusResponse } from '../ipc/protocol.js';
import type { Handlers } from '../ipc/server.js';
import type { Logger } from '../log/logger.js';
import type { HearthPaths } from '../paths.js';
import type { QueueStore } from '../queue/store.js';
import { findWorkTreeRoot, resolveGitDirSync } from '../repos/git.js';
import type { RepoRegistry } from '../repos/registry.js';
import type { RepoInfo } from '../repos/types.js';
import { toView } from '../runner/task-record.js';
import type { TaskService } from '../runner/task-service.js';
import { removeHookState } from '../service/hook-state.js';
import type { ConnectivityMonitor } from '../sources/connectivity.js';
import type { PowerMonitor } from '../sources/power.js';
import { countReviewsArrived } from '../suggestions/hook-export.js';
import type { SuggestionStore } from '../suggestions/store.js';
import type { ScheduledReviews } from '../tasks/review/schedule.js';
import type { ReviewService } from '../tasks/review/stage.js';
import { describeDamage, listDamage } from '../util/damaged-files.js';
import { VERSION } from '../version.js';
import type { ConfigService } from './config-service.js';
import type { RepoMonitors } from './repo-monitors.js';

export interface HandlerDeps {
  paths: HearthPaths;
  config: ConfigService;
  registry: RepoRegistry;
  monitors: RepoMonitors;
  tasks: TaskService;
  store: QueueStore;
  suggestions: SuggestionStore;
  reviews: ReviewService;
  connectivity: ConnectivityMonitor;
  power: PowerMonitor;
  scheduledReviews: ScheduledReviews;
  logger: Logger;
  startedAt: number;
  /** Begins the shutdown after the answer to `stop` has gone out. */
  requestStop(): void;
}

/** The daemon's answers to each IPC call. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { paths, config, registry, monitors, logger } = deps;

  const readTask = (id: string) => {
    const task = deps.store.get(id);
    if (!task) throw new HearthError('unknown-task', `no task ${id} (see \`hearth queue\`)`);
    return { task: toView(task), result: deps.store.result(id) ?? null };
  };

  const describe = (repo: RepoInfo): RepoInfo => {
    if (repo.state === 'missing') return repo;
    const resolved = config.forRepo(repo.path);
    const described = {
      ...monitors.describe(repo),
      suggestions: deps.suggestions.countOpen(repo.path),
      reviewsArrived: countReviewsArrived(repo.path),
    };
    if (resolved.error !== undefined) {
      // Name the file that is broken: a broken user config is not this repository's fault.
      const problem = resolved.inRepoFile
        ? `invalid ${path.join(repo.path, '.hearth.json')}: ${resolved.error}`
        : `config refused: ${resolved.error}`;
      return { ...described, problem };
    }
    const repoConfig = resolved.config;
    return repoConfig?.untrusted
      ? {
          ...described,
          problem: `its .hearth.json ${describeWaiting(Object.keys(repoConfig.untrusted))} until you trust them: hearth trust ${repo.path}`,
        }
      : described;
  };
  const listRepos = () => {
    registry.refreshStates();
    const repos = registry.list();
    monitors.reconcile(repos);
    return repos.map(describe);
  };

  return {
    status: () => ({
      pid: process.pid,
      version: VERSION,
      protocol: PROTOCOL_VERSION,
      uptimeMs: Math.round(Date.now() - deps.startedAt),
      startedAt: new Date(deps.startedAt).toISOString(),
      home: paths.home ?? paths.data,
      paths: {
        config: paths.config,
        data: paths.data,
        state: paths.state,
        logs: paths.logs,
        socket: paths.socket,
      },
      localOnly: isLocalOnly(config.global.values),
      network: { up: 'online', down: 'offline', unknown: 'unknown' }[
        deps.connectivity.state('cloud')
      ] as StatusResponse['network'],
      local: deps.connectivity.state('local'),
      waitingForLocal: deps.tasks.countWaitingForLocal(),
      queue: deps.store.counts(),
      power: powerStatus(deps.power, deps.store),
      scheduledReviews: deps.scheduledReviews.describe(),
      config: { warnings: config.global.warnings, error: config.globalError },
      damaged: listDamage([paths.data, paths.config]).map(describeDamage),
      repos: listRepos(),
    }),

    repos: () => ({ repos: listRepos() }),

    watch: async ({ path: target }) => {
      const root = await findWorkTreeRoot(target);
      const result = registry.add(root);
      if (result.added) logger.info('watching repository', { repo: root });
      // Answer once the watcher is ready, so `hearth watch` returning means changes are seen.
      await monitors.ensure(root);
      return { repo: describe(result.repo), added: result.added };
    },

    unwatch: async ({ path: target }) => {
      const repo = registry.remove(realOrResolved(target));
      await monitors.stop(repo.path);
      config.forgetRepo(repo.path);
      forgetTrust(trustFileFor(paths.userConfigFile), repo.path);
      // Hooks stop recording for this home; its state (and older versions' files) goes.
      const gitDir = resolveGitDirSync(repo.path);
      if (gitDir) removeHookState(gitDir);
      logger.info('stopped watching repository', { repo: repo.path });
      return { repo };
    },

    stop: () => {
      setImmediate(deps.requestStop);
      return { stopping: true, pid: process.pid };
    },

    submit: (request) => deps.tasks.submit(request),
    submitMany: ({ requests }) => ({ results: deps.tasks.submitAll(requests) }),

    queue: ({ status }) => {
      const statuses = status ? status.split(',') : undefined;
      const tasks = deps.store.list({ status: statuses as never, limit: 200 }).map(toView);
      return { tasks, counts: deps.store.counts(), power: powerStatus(deps.power, deps.store) };
    },

    task: ({ id }) => readTask(id),
    tasks: ({ ids }) => ({ tasks: ids.map(readTask) }),

    retryTask: ({ id }) => {
      const retried = deps.store.retry(id);
      // Through the router again, as if new: a retried task that wanted the cloud still needs
      // its approval, the network and the privacy it was submitted under.
      deps.store.setWaiting(id, 'retry', 'queued again by hearth queue retry');
      deps.tasks.wakeWaiting();
      return { task: toView(deps.store.get(id) ?? retried) };
    },

    cancelTask: ({ id }) => ({ task: deps.tasks.cancel(id) }),
    cancelTasks: (filter) => ({ tasks: deps.tasks.cancelMatching(filter) }),
    approveTask: ({ id }) => ({ task: deps.tasks.approve(id) }),
    rejectTask: ({ id }) => ({ task: deps.tasks.reject(id) }),

    route: (request) => deps.tasks.explain(request),
    review: async (request) => {
      const { review, task } = await deps.reviews.request(request);
      return { review, task };
    },
  };
}

/** The power state, with the number of background local tasks it holds back. */
function powerStatus(power: PowerMonitor, store: QueueStore): StatusResponse['power'] {
  const state = power.state();
  const held = state.saving
    ? store
        .list({ status: 'queued', limit: 1000 })
        .filter((task) => task.priority === 'background' && task.endpoint !== 'cloud').length
    : 0;
  return { ...state, held };
}

/** A vanished folder can still be unwatched by the path it was registered under. */
function realOrResolved(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return path.resolve(target);
  }
}

/** `checks do not run`, or `settings (checks, docstrings.mode) do not take effect`. */
function describeWaiting(keys: readonly string[]): string {
  if (keys.length === 1 && keys[0] === 'checks') return 'checks do not run';
  return `settings (${keys.join(', ')}) do not take effect`;
}
