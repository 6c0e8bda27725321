import { pruneAudit } from '../audit/audit-retention.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { HearthConfig } from '../config/schema.js';
import type { GatedConfig } from '../config/trust.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { HearthPaths } from '../paths.js';
import { Scheduler } from '../queue/scheduler.js';
import { QueueStore } from '../queue/store.js';
import { LOCAL_WAIT_HINT } from '../router/local-wait.js';
import { ConnectivityMonitor, type ConnectivityOptions } from '../sources/connectivity.js';
import { PowerMonitor } from '../sources/power.js';
import type { OpenStoreOptions } from '../util/sqlite.js';
import { ModelRuntime } from './model-runtime.js';
import { schedulePeriodicJobs } from './periodic-jobs.js';
import { TaskService } from './task-service.js';

/**
 * The config the runner reads, kept current by the process that builds it (the daemon's
 * `ConfigService` reloads it when a file changes).
 */
export interface RunnerConfig {
  readonly global: ResolvedConfig;
  /** A repo's config, or none when it cannot be resolved (then the runner keeps it local-only). */
  forRepo(root: string): { config?: GatedConfig };
  onChange(listener: (config: ResolvedConfig) => void): void;
  onRepoChange(listener: (root: string) => void): void;
}

export interface Part {
  name: string;
  close: () => unknown;
}

/** How long the daemon's start waits for the first battery reading. */
const FIRST_BATTERY_READING_MS = 2000;

/**
 * The hybrid core's wiring: the durable queue, the connectivity and power monitors, the
 * providers, the task service and its scheduler, and the periodic jobs. Returns its parts in the
 * order they were opened, for the daemon to close in reverse.
 */
export async function startModelTasks(deps: {
  paths: HearthPaths;
  config: RunnerConfig;
  logger: Logger;
  onDamaged?: OpenStoreOptions['onDamaged'];
}): Promise<{
  store: QueueStore;
  monitor: ConnectivityMonitor;
  power: PowerMonitor;
  tasks: TaskService;
  parts: Part[];
}> {
  const { paths, config, logger } = deps;
  const parts: Part[] = [];
  const store = QueueStore.open(paths.queueFile, { onDamaged: deps.onDamaged });
  parts.push({ name: 'queue', close: () => store.close() });
  const abandoned = store.releaseLeases();
  if (abandoned > 0)
    logger.warn('tasks left running by a daemon that did not stop cleanly are queued again', {
      tasks: abandoned,
    });
  const dropAuditPastRetention = () =>
    pruneAudit(paths.auditFile, config.global.values.audit.retentionDays);
  try {
    const dropped = dropAuditPastRetention();
    if (dropped > 0) logger.info('dropped audit lines past retention', { lines: dropped });
  } catch (error) {
    logger.warn('could not drop old audit lines', { error: errorMessage(error) });
  }
  const { monitor, tasks, scheduler } = buildTaskCore({
    store,
    global: () => config.global.values,
    // A repo whose .hearth.json is invalid gets the strictest reading: nothing leaves.
    forRepo: (repo) =>
      config.forRepo(repo).config?.values ?? { ...config.global.values, localOnly: true },
    auditFile: paths.auditFile,
    logger,
  });
  parts.push({ name: 'connectivity', close: () => monitor.close() });
  parts.push({ name: 'deferred-tasks', close: () => tasks.close() });
  monitor.on('offline', () => logger.info('cloud endpoint unreachable: cloud tasks wait'));
  // On a low battery the local lane starts only interactive tasks (a commit, a command).
  const power = new PowerMonitor(config.global.values.power);
  parts.push({ name: 'power', close: () => power.close() });
  power.on('change', (state) => {
    scheduler.holdBackground('local', state.saving);
    if (state.saving)
      logger.info('on battery below the threshold: background local tasks wait', {
        percent: state.percent,
        threshold: state.threshold,
      });
    else if (state.error) logger.warn('the battery could not be read', { error: state.error });
    else logger.info('power is fine: background local tasks run', { source: state.source });
  });
  config.onChange((next) => power.configure(next.values.power));
  // A config that turned local-only (or a repo's that turned `never`) stops the cloud probes and
  // re-routes waiting tasks now, not at the next periodic pass.
  config.onChange(() => tasks.wakeWaiting());
  config.onRepoChange(() => tasks.wakeWaiting());
  await Promise.race([
    power.start(),
    new Promise((resolve) => setTimeout(resolve, FIRST_BATTERY_READING_MS).unref()),
  ]);
  scheduler.holdBackground('local', power.state().saving);
  const jobs = schedulePeriodicJobs({
    tasks,
    store,
    logger,
    pruneAudit: dropAuditPastRetention,
  });
  parts.push({ name: 'periodic-jobs', close: () => jobs.stop() });
  tasks.wakeWaiting();
  scheduler.start();
  parts.push({
    name: 'scheduler',
    close: () => scheduler.close({ timeoutMs: 3000 }),
  });

  return { store, monitor, power, tasks, parts };
}

/**
 * The parts every runner of model tasks needs, the daemon or a one-shot command: the
 * connectivity monitor, the providers, the task service and its scheduler (not started), with
 * waiting tasks re-routed when an endpoint comes up.
 */
export function buildTaskCore(deps: {
  store: QueueStore;
  global: () => HearthConfig;
  forRepo: (repo: string) => HearthConfig;
  auditFile: string;
  logger: Logger;
  /** Overrides for the connectivity monitor (a one-shot command decides after one probe). */
  connectivity?: Partial<ConnectivityOptions>;
}): { monitor: ConnectivityMonitor; tasks: TaskService; scheduler: Scheduler } {
  const { store, global, logger } = deps;
  const runtime = new ModelRuntime(global);
  const monitor = new ConnectivityMonitor({
    minMs: global().network.probeMinMs,
    maxMs: global().network.probeMaxMs,
    probe: (url, timeoutMs) => runtime.answers(url, timeoutMs),
    ...deps.connectivity,
  });
  let scheduler: Scheduler | undefined;
  const tasks = new TaskService({
    store,
    scheduler: () => scheduler as Scheduler,
    runtime,
    monitor,
    config: (repo) => (repo ? deps.forRepo(repo) : global()),
    auditFile: deps.auditFile,
    logger,
  });
  scheduler = new Scheduler({
    store,
    run: (task, signal) => tasks.run(task, signal),
    lanes: { local: { concurrency: 1 }, cloud: { concurrency: 2 } },
    onFailed: (task) => tasks.failed(task),
    onError: (error, task) =>
      logger.warn('task runner problem', { task: task?.id, error: errorMessage(error) }),
  });
  monitor.on('online', () => tasks.wakeWaiting());
  monitor.on('local-up', () => {
    logger.info('a local model answers: tasks waiting for it run now');
    tasks.wakeWaiting();
  });
  monitor.on('local-down', () =>
    logger.warn('no local model answers: local tasks wait until one does', {
      hint: LOCAL_WAIT_HINT,
    }),
  );
  return { monitor, tasks, scheduler };
}
