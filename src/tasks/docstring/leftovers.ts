import type { CodeSymbol } from '../../analysis/types.js';
import type { CurrentFile } from './make-suggestion.js';

/** A file's symbols that still need a doc but did not fit a pass's caps. */
export interface Leftover {
  rel: string;
  /** The file as it was analysed, to build the prompts from on a later pass. */
  file: CurrentFile;
  symbols: readonly CodeSymbol[];
}

/**
 * What the docstring caps left over, per repository and file, until a later pass of the
 * repository queues it. Kept in memory only: after a restart they wait for the file's next change
 * or `hearth docstrings PATH`, which asks for the whole file.
 */
export class Leftovers {
  readonly #byRepo = new Map<string, Map<string, Leftover>>();

  /** The file's leftover symbols, which are forgotten here: the caller queues or keeps them. */
  take(repo: string, rel: string): readonly CodeSymbol[] {
    const files = this.#byRepo.get(repo);
    const left = files?.get(rel);
    files?.delete(rel);
    if (files?.size === 0) this.#byRepo.delete(repo);
    return left?.symbols ?? [];
  }

  keep(repo: string, rel: string, file: CurrentFile, symbols: readonly CodeSymbol[]): void {
    let files = this.#byRepo.get(repo);
    if (!files) {
      files = new Map();
      this.#byRepo.set(repo, files);
    }
    files.set(rel, { rel, file, symbols });
  }

  /** The repository's leftovers, oldest file first (a copy: taking them while iterating is fine). */
  inRepo(repo: string): Leftover[] {
    return [...(this.#byRepo.get(repo)?.values() ?? [])];
  }
}
