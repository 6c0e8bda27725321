import { setImmediate as nextTurn } from 'node:timers/promises';

/** The longest one of the daemon's long loops runs before it lets IPC, timers and signals in. */
export const SLICE_MS = 20;

/**
 * A clock for long loops: `pause()` lets the event loop run (an IPC request, SIGTERM, a timer)
 * once the current slice is used up, and returns at once before that, so that one large file
 * never holds the daemon for more than about a slice.
 */
export function createSlicer(sliceMs = SLICE_MS): { pause: () => Promise<void> } {
  let started = performance.now();
  return {
    async pause() {
      if (performance.now() - started < sliceMs) return;
      await nextTurn();
      started = performance.now();
    },
  };
}

/** Lets the event loop run once before going on. */
export function yieldToLoop(): Promise<void> {
  return nextTurn();
}
