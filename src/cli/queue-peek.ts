import { existsSync } from 'node:fs';
import { hearthPaths } from '../paths.js';
import { QueueStore } from '../queue/store.js';
import { cliStoreOptions } from './store-options.js';

/**
 * Reads the durable queue from a command that does not need the daemon; `fallback` when there
 * is no queue yet or it cannot be read (`hearth queue` and `doctor` report that).
 */
export function peekQueue<T>(read: (store: QueueStore) => T, fallback: T): T {
  const file = hearthPaths().queueFile;
  if (!existsSync(file)) return fallback;
  try {
    const store = QueueStore.open(file, cliStoreOptions());
    try {
      return read(store);
    } finally {
      store.close();
    }
  } catch {
    return fallback;
  }
}
