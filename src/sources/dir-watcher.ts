import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';

/**
 * Watches a set of folders of one tree with one `fs.watch` each: one inotify watch per folder on
 * Linux, where a folder's watch also reports changes to the files in it. (chokidar adds a watch
 * per file too: 22,000 watches and over 150 MB for a 20,000-file repository; see BENCHMARKS.md.)
 * Reports each changed entry as a path relative to the root, with "/" separators.
 */
export class DirWatcher {
  readonly #root: string;
  readonly #onChange: (rel: string) => void;
  readonly #onError: (error: Error) => void;
  readonly #watchers = new Map<string, FSWatcher>();

  constructor(root: string, onChange: (rel: string) => void, onError: (error: Error) => void) {
    this.#root = root;
    this.#onChange = onChange;
    this.#onError = onError;
  }

  get size(): number {
    return this.#watchers.size;
  }

  /**
   * Watches exactly `dirs` (relative, "" for the root): new ones are added, others dropped.
   * Throws what fs.watch throws (ENOSPC when the system's watch limit is reached).
   */
  sync(dirs: Iterable<string>): void {
    const wanted = new Set(dirs);
    for (const dir of this.#watchers.keys()) if (!wanted.has(dir)) this.remove(dir);
    for (const dir of wanted) if (!this.#watchers.has(dir)) this.#add(dir);
  }

  remove(dir: string): void {
    this.#watchers.get(dir)?.close();
    this.#watchers.delete(dir);
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  #add(dir: string): void {
    let watcher: FSWatcher;
    try {
      watcher = watch(path.join(this.#root, dir), { persistent: false }, (_event, name) => {
        this.#onChange(name ? (dir ? `${dir}/${toPosix(name)}` : toPosix(name)) : dir);
      });
    } catch (error) {
      // A folder that vanished between the listing and now is no error: the next listing drops it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.#onChange(dir);
        return;
      }
      throw error;
    }
    watcher.on('error', (error: NodeJS.ErrnoException) => {
      this.remove(dir);
      if (error.code === 'ENOENT' || error.code === 'EPERM') this.#onChange(dir);
      else this.#onError(error);
    });
    this.#watchers.set(dir, watcher);
  }
}

function toPosix(name: string): string {
  return path.sep === '/' ? name : name.split(path.sep).join('/');
}
