import { readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { hookStateDirIn } from '../service/hook-state.js';

/** One line a git hook appended to `<git-dir>/hearth/<home-id>/events`. */
export interface HookEvent {
  hook: string;
  /**
   * When the hook ran, ms since epoch: the time the hook wrote, or (hooks write 0 since they
   * stopped starting `date`) the events file's last change, which is the last event's time.
   */
  at: number;
  args: string[];
  /**
   * What the hook read on stdin: pre-push, `<local-ref> <local-sha> <remote-ref> <remote-sha>`
   * per ref; post-rewrite, `<old-sha> <new-sha>` per commit.
   */
  refs?: string[];
}

/** Where this home's hooks append events: its own state folder, never another home's. */
export function hookEventsFile(gitDir: string, id?: string): string {
  return path.join(hookStateDirIn(gitDir, id), 'events');
}

/** A hook that opened the events file just before it was taken writes within this long. */
const TAKE_SETTLE_MS = 50;
let takes = 0;

/**
 * Takes the events the hooks wrote since the last call: the file is moved aside first, so a hook
 * appending meanwhile starts a new one and nothing is read twice; it is read after a short wait,
 * so a hook that opened it just before the move has written its line into it.
 */
export async function takeHookEvents(
  gitDir: string,
  options: { settleMs?: number } = {},
): Promise<HookEvent[]> {
  const file = hookEventsFile(gitDir);
  // A name of its own per take: two takes never move onto each other's file.
  const taken = `${file}.${process.pid}.${++takes}.taken`;
  try {
    renameSync(file, taken);
  } catch {
    return [];
  }
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? TAKE_SETTLE_MS));
  try {
    const written = statSync(taken).mtimeMs;
    return parseHookEvents(readFileSync(taken, 'utf8'), written);
  } finally {
    try {
      unlinkSync(taken);
    } catch {
      // Already gone.
    }
  }
}

/**
 * `post-commit 0` lines (`post-commit 1764140000` from older hooks); `pre-push-ref ...` lines
 * belong to the pre-push before. A time of 0 is the file's `writtenAt`. Pure.
 */
export function parseHookEvents(text: string, writtenAt = 0): HookEvent[] {
  const events: HookEvent[] = [];
  for (const line of text.split('\n')) {
    const [hook, seconds, ...args] = line.trim().split(/\s+/);
    if (!hook) continue;
    // `pre-push-ref` and `post-rewrite-ref` lines carry the stdin of the hook line before them.
    if (hook.endsWith('-ref')) {
      const last = events[events.length - 1];
      if (last && `${last.hook}-ref` === hook) {
        last.refs = [...(last.refs ?? []), [seconds, ...args].join(' ')];
      }
      continue;
    }
    const at = Number(seconds) * 1000;
    if (!/^[a-z-]+$/.test(hook) || !Number.isFinite(at)) continue;
    events.push({ hook, at: at > 0 ? at : writtenAt, args });
  }
  return events;
}
