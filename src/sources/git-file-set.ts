import type { WorkTreeListing } from '../repos/git.js';

export type PathClass = 'tracked' | 'ignored' | 'unknown';

/**
 * What git would track in a work tree, for answering "watch this path?" in constant time:
 * tracked and untracked-not-ignored files, the folders holding them, submodules, and the ignored
 * entries git reported. Paths are relative to the work tree root, with "/" separators. Pure.
 */
export class GitFileSet {
  readonly files: ReadonlySet<string>;
  readonly dirs: ReadonlySet<string>;
  readonly #submodules: ReadonlySet<string>;
  readonly #ignoredFiles = new Set<string>();
  readonly #ignoredDirs = new Set<string>();

  constructor(listing: WorkTreeListing) {
    this.files = new Set(listing.files);
    const dirs = new Set<string>();
    for (const file of listing.files) {
      for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
        const dir = file.slice(0, slash);
        if (dirs.has(dir)) break;
        dirs.add(dir);
      }
    }
    this.dirs = dirs;
    this.#submodules = new Set(listing.submodules);
    for (const entry of listing.ignored) {
      if (entry.endsWith('/')) this.#ignoredDirs.add(entry.slice(0, -1));
      else this.#ignoredFiles.add(entry);
    }
  }

  classify(rel: string): PathClass {
    if (rel === '' || this.files.has(rel) || this.dirs.has(rel)) return 'tracked';
    if (rel === '.git' || rel.startsWith('.git/') || this.#submodules.has(rel)) return 'ignored';
    if (this.#ignoredFiles.has(rel)) return 'ignored';
    for (let p = rel; p; p = p.slice(0, Math.max(0, p.lastIndexOf('/')))) {
      if (this.#ignoredDirs.has(p) || this.#submodules.has(p)) return 'ignored';
    }
    return 'unknown';
  }
}
