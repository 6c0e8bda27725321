import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import { loadConfig, REPO_CONFIG_FILE, secretsFileFor } from '../config/load.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { type GatedConfig, trustFileFor } from '../config/trust.js';
import { ConfigError, errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';

export interface ConfigServiceOptions {
  /** The config resolved at start, before the logger existed. */
  initial: ResolvedConfig;
  userConfigFile: string;
  env: Readonly<Record<string, string | undefined>>;
  flagPairs: readonly string[];
  logger: Logger;
}

/**
 * A repo's config, or why it cannot be resolved; `inRepoFile` is false when the fault is not in
 * its `.hearth.json` (a broken user config fails every repo, and is not theirs to fix).
 */
type RepoConfig =
  | { config: GatedConfig; error?: undefined }
  | { config?: undefined; error: string; inRepoFile: boolean };

/**
 * Holds the resolved config, globally and per repo, and resolves it again when the user config
 * or a repo's `.hearth.json` changes. A file that turns invalid keeps the last good config and
 * reports the error, so a typo never stops the daemon.
 */
export class ConfigService {
  readonly #options: ConfigServiceOptions;
  #global: ResolvedConfig;
  #globalError: string | undefined;
  readonly #repos = new Map<string, RepoConfig>();
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #listeners: Array<(config: ResolvedConfig) => void> = [];
  readonly #repoListeners: Array<(root: string) => void> = [];

  constructor(options: ConfigServiceOptions) {
    this.#options = options;
    this.#global = options.initial;
    this.#logWarnings(this.#global);
    this.#watchFile(options.userConfigFile, () => this.#reloadAll());
    this.#watchFile(secretsFileFor(options.userConfigFile), () => this.#reloadAll());
    // `hearth trust` lets a repo's checks run: its config is resolved again.
    this.#watchFile(trustFileFor(options.userConfigFile), () => {
      for (const root of this.#repos.keys()) this.#reloadRepo(root, true);
    });
  }

  get global(): ResolvedConfig {
    return this.#global;
  }

  get globalError(): string | undefined {
    return this.#globalError;
  }

  /**
   * Calls `listener` with the new global config after each successful reload, when the repos'
   * configs (which include the user layer) have been resolved again too.
   */
  onChange(listener: (config: ResolvedConfig) => void): void {
    this.#listeners.push(listener);
  }

  /** Calls `listener` with the repo's root after its config alone was resolved again. */
  onRepoChange(listener: (root: string) => void): void {
    this.#repoListeners.push(listener);
  }

  forRepo(root: string): RepoConfig {
    let entry = this.#repos.get(root);
    if (!entry) {
      entry = this.#resolveRepo(root);
      this.#repos.set(root, entry);
      this.#watchFile(path.join(root, REPO_CONFIG_FILE), () => this.#reloadRepo(root, true));
    }
    return entry;
  }

  forgetRepo(root: string): void {
    this.#repos.delete(root);
    const file = path.join(root, REPO_CONFIG_FILE);
    this.#watchers.get(file)?.close();
    this.#watchers.delete(file);
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    for (const timer of this.#timers) clearTimeout(timer);
  }

  #load(repoRoot?: string): GatedConfig {
    return loadConfig({
      userConfigFile: this.#options.userConfigFile,
      repoRoot,
      env: this.#options.env,
      flagPairs: this.#options.flagPairs,
    });
  }

  #resolveRepo(root: string): RepoConfig {
    try {
      const config = this.#load(root);
      this.#logWarnings(config);
      return { config };
    } catch (error) {
      this.#options.logger.error('repository config is invalid; its repo keeps the global config', {
        repo: root,
        error: errorMessage(error),
      });
      const source = error instanceof ConfigError ? error.source : undefined;
      const inRepoFile = source === undefined || source === path.join(root, REPO_CONFIG_FILE);
      return { error: errorMessage(error), inRepoFile };
    }
  }

  #reloadAll(): void {
    let changed = false;
    try {
      this.#global = this.#load();
      this.#globalError = undefined;
      this.#logWarnings(this.#global);
      changed = true;
    } catch (error) {
      this.#globalError = errorMessage(error);
      this.#options.logger.error('config change refused; keeping the previous config', {
        error: this.#globalError,
      });
    }
    for (const root of this.#repos.keys()) this.#reloadRepo(root, false);
    if (!changed) return;
    this.#options.logger.info('config reloaded', { file: this.#options.userConfigFile });
    this.#notify(this.#listeners, this.#global);
  }

  #reloadRepo(root: string, notify: boolean): void {
    if (!this.#repos.has(root)) return;
    this.#repos.set(root, this.#resolveRepo(root));
    if (notify) this.#notify(this.#repoListeners, root);
  }

  /** A listener's failure is logged; the others still run and the daemon keeps the new config. */
  #notify<T>(listeners: ReadonlyArray<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        this.#options.logger.error('a config change could not be applied everywhere', {
          error: errorMessage(error),
        });
      }
    }
  }

  #logWarnings(config: ResolvedConfig): void {
    for (const warning of config.warnings) this.#options.logger.warn(warning);
  }

  /** Watches the file's folder (editors and `conf` replace files by renaming, which ends a file watch). */
  #watchFile(file: string, onChange: () => void): void {
    if (this.#watchers.has(file)) return;
    const name = path.basename(file);
    let timer: NodeJS.Timeout | undefined;
    try {
      const watcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== name) return;
        if (timer) {
          clearTimeout(timer);
          this.#timers.delete(timer);
        }
        // Settle: one save can arrive as several events.
        timer = setTimeout(() => {
          if (timer) this.#timers.delete(timer);
          onChange();
        }, 100);
        this.#timers.add(timer);
      });
      watcher.on('error', (error) => {
        this.#options.logger.warn('stopped watching a config file', {
          file,
          error: errorMessage(error),
        });
        watcher.close();
        this.#watchers.delete(file);
      });
      this.#watchers.set(file, watcher);
    } catch (error) {
      this.#options.logger.warn('cannot watch a config file for changes', {
        file,
        error: errorMessage(error),
      });
    }
  }
}
