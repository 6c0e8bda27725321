import { loadConfig } from '../config/load.js';
import { errorMessage } from '../errors.js';
import { startIpcServer } from '../ipc/server.js';
import { closeLogger, createLogger } from '../log/logger.js';
import { ensureDirs, hearthPaths } from '../paths.js';
import { Scheduler } from '../queue/scheduler.js';
import { QueueStore } from '../queue/store.js';
import { RepoRegistry } from '../repos/registry.js';
import { ConnectivityMonitor } from '../sources/connectivity.js';
import { ConfigService } from './config-service.js';
import { installCrashGuards } from './crash-guards.js';
import { createHandlers } from './handlers.js';
import { acquireInstanceLock } from './instance-lock.js';
import { ModelRuntime } from './model-runtime.js';
import { schedulePeriodicJobs } from './periodic-jobs.js';
import { RepoMonitors } from './repo-monitors.js';
import { TaskService } from './task-service.js';

export interface DaemonOptions {
  /** `key=value` pairs from `--config` flags: the top config layer. */
  flagPairs: readonly string[];
  /** Readable log lines on stderr too (the foreground `hearth daemon`). */
  console: boolean;
}

/** The whole of a shutdown must finish within this; past it the process exits anyway. */
const STOP_BUDGET_MS = 4500;
const REPO_CHECK_INTERVAL_MS = 30_000;

/**
 * Runs the daemon until SIGTERM, SIGINT or an IPC `stop`. Reads like the pipeline: paths, config,
 * the instance lock, logging, the repo registry, the IPC server; then waits; then closes each part.
 */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  const startedAt = Date.now();
  // Everything the daemon creates (logs, state, the socket) is the user's alone.
  process.umask(0o077);
  const paths = hearthPaths();
  ensureDirs(paths);
  // Fail before taking the lock when the config is invalid: the message goes to the terminal.
  const startConfig = loadConfig({
    userConfigFile: paths.userConfigFile,
    env: process.env,
    flagPairs: options.flagPairs,
  });

  const lock = await acquireInstanceLock(paths.lock, paths.socket);
  const logger = createLogger({
    file: paths.logFile,
    level: startConfig.values.log.level,
    maxBytes: startConfig.values.log.maxBytes,
    maxFiles: startConfig.values.log.maxFiles,
    console: options.console,
  });
  if (lock.recoveredStalePid !== undefined) {
    logger.warn('recovered the lock and socket of a daemon that did not stop cleanly', {
      stalePid: lock.recoveredStalePid,
    });
  }
  const removeCrashGuards = installCrashGuards(logger);

  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info(`received ${signal}, stopping`);
    stopRequested();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const parts: Array<{ name: string; close: () => unknown }> = [];
  try {
    const config = new ConfigService({
      initial: startConfig,
      userConfigFile: paths.userConfigFile,
      env: process.env,
      flagPairs: options.flagPairs,
      logger,
    });
    config.onChange((next) => {
      logger.level = next.values.log.level;
    });
    parts.push({ name: 'config', close: () => config.close() });
    const registry = new RepoRegistry(paths.reposFile, logger);
    registry.refreshStates();
    // A repo's own .hearth.json may change how it is watched (settle window, polling).
    const monitors = new RepoMonitors(
      (root) => config.forRepo(root).config?.values ?? config.global.values,
      logger,
    );
    parts.push({ name: 'monitors', close: () => monitors.closeAll() });
    monitors.reconcile(registry.list());
    const repoCheck = setInterval(() => {
      registry.refreshStates();
      monitors.reconcile(registry.list());
    }, REPO_CHECK_INTERVAL_MS).unref();
    parts.push({ name: 'repo-check', close: () => clearInterval(repoCheck) });

    const store = QueueStore.open(paths.queueFile);
    parts.push({ name: 'queue', close: () => store.close() });
    const abandoned = store.releaseLeases();
    if (abandoned > 0)
      logger.warn('tasks left running by a daemon that did not stop cleanly are queued again', {
        tasks: abandoned,
      });
    const monitor = new ConnectivityMonitor({
      minMs: config.global.values.network.probeMinMs,
      maxMs: config.global.values.network.probeMaxMs,
    });
    parts.push({ name: 'connectivity', close: () => monitor.close() });
    const runtime = new ModelRuntime(() => config.global.values);
    let scheduler: Scheduler | undefined;
    const tasks = new TaskService({
      store,
      scheduler: () => scheduler as Scheduler,
      runtime,
      monitor,
      // A repo whose .hearth.json is invalid gets the strictest reading: nothing leaves.
      config: (repo) => {
        if (!repo) return config.global.values;
        const forRepo = config.forRepo(repo);
        return forRepo.config?.values ?? { ...config.global.values, localOnly: true };
      },
      auditFile: paths.auditFile,
      logger,
    });
    scheduler = new Scheduler({
      store,
      run: (task, signal) => tasks.run(task, signal),
      lanes: { local: { concurrency: 1 }, cloud: { concurrency: 2 } },
      onError: (error, task) =>
        logger.warn('task runner problem', { task: task?.id, error: errorMessage(error) }),
    });
    monitor.on('online', () => tasks.wakeWaiting());
    monitor.on('local-up', () => tasks.wakeWaiting());
    monitor.on('offline', () => logger.info('cloud endpoint unreachable: cloud tasks wait'));
    const jobs = schedulePeriodicJobs({ tasks, store, logger });
    parts.push({ name: 'periodic-jobs', close: () => jobs.stop() });
    tasks.wakeWaiting();
    scheduler.start();
    parts.push({
      name: 'scheduler',
      close: () => (scheduler as Scheduler).close({ timeoutMs: 3000 }),
    });

    const handlers = createHandlers({
      paths,
      config,
      registry,
      monitors,
      tasks,
      store,
      connectivity: monitor,
      logger,
      startedAt,
      requestStop: () => stopRequested(),
    });
    const ipc = await startIpcServer(paths.socket, handlers, logger);
    parts.push({ name: 'ipc', close: () => ipc.close() });

    logger.info('daemon ready', {
      pid: process.pid,
      socket: paths.socket,
      repos: registry.list().length,
    });
    await stopped;
  } catch (error) {
    logger.error(`daemon failed to start: ${errorMessage(error)}`, { error });
    throw error;
  } finally {
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway');
      process.exit(0);
    }, STOP_BUDGET_MS);
    force.unref();
    // Last opened, first closed: no new requests, then running tasks settle, then what they use.
    for (const part of parts.reverse()) {
      try {
        await part.close();
      } catch (error) {
        logger.error(`closing ${part.name} failed`, { error: errorMessage(error) });
      }
    }
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    logger.info('daemon stopped');
    removeCrashGuards();
    await closeLogger(logger);
    lock.release();
    clearTimeout(force);
  }
}
