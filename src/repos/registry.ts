import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { errorMessage, HearthError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { setAsideDamaged } from '../util/damaged-files.js';
import { describeJsonError } from '../util/json-error.js';
import type { RepoInfo, RepoState } from './types.js';

interface StoredRepo {
  path: string;
  addedAt: string;
}

interface StoredFile {
  version: 1;
  repos: StoredRepo[];
}

/**
 * The repositories the user asked hearth to watch, kept in a JSON file under the data folder so
 * they survive restarts. Every change is written atomically before it is acknowledged.
 */
export class RepoRegistry {
  readonly #file: string;
  readonly #logger: Logger;
  #repos: StoredRepo[];
  readonly #lastState = new Map<string, RepoState>();

  constructor(file: string, logger: Logger) {
    this.#file = file;
    this.#logger = logger;
    this.#repos = this.#load();
  }

  list(): RepoInfo[] {
    return this.#repos.map((repo) => ({ ...repo, ...this.#stateOf(repo.path) }));
  }

  /** Adds a work tree root; returns false when it was already registered. */
  add(root: string): { repo: RepoInfo; added: boolean } {
    const existing = this.#repos.find((repo) => repo.path === root);
    if (!existing) {
      this.#repos = [...this.#repos, { path: root, addedAt: new Date().toISOString() }];
      this.#save();
    }
    const repo = this.list().find((r) => r.path === root) as RepoInfo;
    return { repo, added: !existing };
  }

  /** Removes the registered repo equal to `target` or holding it (so a vanished folder can go too). */
  remove(target: string): RepoInfo {
    const match = this.find(target);
    if (!match)
      throw new HearthError(
        'not-watched',
        `${target} is not a watched repository (see \`hearth repos\`)`,
      );
    this.#repos = this.#repos.filter((repo) => repo.path !== match.path);
    this.#lastState.delete(match.path);
    this.#save();
    return match;
  }

  find(target: string): RepoInfo | undefined {
    const candidates = this.list().filter(
      (repo) => target === repo.path || target.startsWith(repo.path + path.sep),
    );
    // The innermost registered repo wins (a repo nested in another's folder).
    return candidates.sort((a, b) => b.path.length - a.path.length)[0];
  }

  /** Re-checks each folder and logs the repos that went missing or came back. */
  refreshStates(): void {
    for (const repo of this.#repos) {
      const { state } = this.#stateOf(repo.path);
      const before = this.#lastState.get(repo.path);
      if (before !== undefined && before !== state) {
        if (state === 'missing')
          this.#logger.warn('repository folder is gone', { repo: repo.path });
        else this.#logger.info('repository folder is back', { repo: repo.path });
      }
      this.#lastState.set(repo.path, state);
    }
  }

  #stateOf(root: string): { state: RepoState; problem?: string } {
    if (!existsSync(root)) return { state: 'missing', problem: `${root} no longer exists` };
    if (!existsSync(path.join(root, '.git'))) {
      return { state: 'missing', problem: `${root} is no longer a git work tree (no .git)` };
    }
    return { state: 'watching' };
  }

  #load(): StoredRepo[] {
    let text: string;
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new HearthError(
        'repos-unreadable',
        `cannot read ${this.#file}: ${errorMessage(error)}`,
      );
    }
    const parsed = parseRepoList(text);
    if (Array.isArray(parsed)) return parsed;
    // Keep the damaged file for the user rather than overwrite it with an empty list.
    const record = setAsideDamaged(
      this.#file,
      parsed.problem,
      'the list starts empty: watch your repositories again with `hearth watch PATH`',
    );
    this.#logger.error(
      'the repository list was damaged; it was moved aside and the list starts empty',
      { ...record },
    );
    return [];
  }

  #save(): void {
    const data: StoredFile = { version: 1, repos: this.#repos };
    atomicWriteFile(this.#file, `${JSON.stringify(data, null, 2)}\n`);
  }
}

/** The stored repos, or what is wrong with the file. Pure. */
export function parseRepoList(text: string): StoredRepo[] | { problem: string } {
  let parsed: Partial<StoredFile> | null;
  try {
    parsed = JSON.parse(text) as Partial<StoredFile> | null;
  } catch {
    return { problem: describeJsonError(text) };
  }
  if (!Array.isArray(parsed?.repos)) return { problem: 'it holds no "repos" list' };
  return parsed.repos.filter(
    (repo): repo is StoredRepo =>
      typeof repo?.path === 'string' && typeof repo.addedAt === 'string',
  );
}
