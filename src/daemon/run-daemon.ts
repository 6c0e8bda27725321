import { useExtractor } from '../analysis/analyze-file.js';
import { useTokenLister } from '../analysis/code-tokens.js';
import { OffThreadParser } from '../analysis/parse-off-thread.js';
import { loadConfig } from '../config/load.js';
import { readVerifyWithChecks, trustFileFor } from '../config/trust.js';
import { errorMessage } from '../errors.js';
import { startIpcServer } from '../ipc/server.js';
import { closeLogger, createLogger } from '../log/logger.js';
import { ensureDirs, hearthPaths } from '../paths.js';
import { RepoRegistry } from '../repos/registry.js';
import { startModelTasks } from '../runner/model-tasks.js';
import { openStoreFeedingHooks } from '../suggestions/hook-export.js';
import { DocstringService } from '../tasks/docstring/stage.js';
import { FixService } from '../tasks/fix/stage.js';
import { ScheduledReviews } from '../tasks/review/schedule.js';
import { ReviewService } from '../tasks/review/stage.js';
import { ReviewStore } from '../tasks/review/store.js';
import type { DamageRecord } from '../util/damaged-files.js';
import { ConfigService } from './config-service.js';
import { installCrashGuards } from './crash-guards.js';
import { createHandlers } from './handlers.js';
import { acquireInstanceLock } from './instance-lock.js';
import { RepoMonitors } from './repo-monitors.js';

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
 * the instance lock, logging, the repo registry, the model tasks and their queue, the suggestions,
 * the docstring, fix and review stages (and the scheduled reviews), the repo monitors feeding
 * them, the IPC server; then waits; then closes each part, last opened first.
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
  const logDamaged = (record: DamageRecord) =>
    logger.error('a damaged state file was moved aside', { ...record });
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
    const {
      store,
      monitor,
      power,
      tasks,
      parts: modelParts,
    } = await startModelTasks({ paths, config, logger, onDamaged: logDamaged });
    parts.push(...modelParts);
    // A repo's own .hearth.json may change how it is watched, documented and checked.
    const configFor = (root: string) => config.forRepo(root).config?.values ?? config.global.values;
    const suggestions = openStoreFeedingHooks(
      paths.suggestionsFile,
      (repo) => configFor(repo).fixes.unverified === 'show',
      { onDamaged: logDamaged },
    );
    parts.push({ name: 'suggestions', close: () => suggestions.close() });
    // Parsing (seconds for a file of thousands of functions) runs on a worker thread.
    const extractor = new OffThreadParser({ onFallback: (reason) => logger.warn(reason) });
    // Docstring verification and apply parse the whole file again for each answer: there too.
    useExtractor(extractor.extract);
    useTokenLister(extractor.listTokens);
    parts.push({
      name: 'extractor',
      close: () => {
        useExtractor(undefined);
        useTokenLister(undefined);
        return extractor.close();
      },
    });
    const docstrings = new DocstringService({
      tasks,
      suggestions,
      config: configFor,
      logger,
      extract: extractor.extract,
    });
    const fixes = new FixService({
      tasks,
      suggestions,
      config: configFor,
      logger,
      holdChecks: () => power.state().saving,
      verifyWithChecks: (repo) => readVerifyWithChecks(trustFileFor(paths.userConfigFile), repo),
    });
    power.on('change', (state) => {
      if (!state.saving) fixes.resume();
    });
    parts.push({ name: 'fixes', close: () => fixes.close() });
    const reviewStore = ReviewStore.open(paths.reviewsFile, { onDamaged: logDamaged });
    parts.push({ name: 'reviews', close: () => reviewStore.close() });
    const reviews = new ReviewService({ tasks, reviews: reviewStore, config: configFor, logger });
    const scheduled = new ScheduledReviews({
      reviews,
      repos: () => registry.list().flatMap((r) => (r.state === 'missing' ? [] : [r.path])),
      stateFile: paths.scheduledReviewsFile,
      logger,
    });
    await scheduled.configure(config.global.values.reviews.schedule);
    config.onChange((next) => void scheduled.configure(next.values.reviews.schedule));
    parts.push({ name: 'scheduled-reviews', close: () => scheduled.close() });

    // Monitors open after the stages they feed, so they close before them.
    const monitors = new RepoMonitors(
      configFor,
      logger,
      {
        analysed: async (repo, files) => {
          await docstrings.passAnalysed(repo, files);
          fixes.fileChanged(repo);
        },
        committed: (repo, sha) => void reviews.reviewCommit(repo, sha),
        pushing: (repo, ranges) => void reviews.reviewRanges(repo, ranges),
      },
      {
        extract: extractor.extract,
        // The tests' stand-in for a watcher that misses the hook events file's notices.
        missHookNotices: process.env.HEARTH_TEST_MISS_HOOK_NOTICES === '1',
      },
    );
    parts.push({
      name: 'monitors',
      close: () => {
        // A pass under way stops now rather than when its files are done.
        docstrings.close();
        void extractor.close();
        return monitors.closeAll();
      },
    });
    monitors.reconcile(registry.list());
    const repoCheck = setInterval(() => {
      registry.refreshStates();
      monitors.reconcile(registry.list());
    }, REPO_CHECK_INTERVAL_MS).unref();
    parts.push({ name: 'repo-check', close: () => clearInterval(repoCheck) });

    const handlers = createHandlers({
      paths,
      config,
      registry,
      monitors,
      tasks,
      store,
      suggestions,
      reviews,
      connectivity: monitor,
      power,
      scheduledReviews: scheduled,
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
