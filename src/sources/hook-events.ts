import { readFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { hookStateDirIn } from '../service/hook-state.js';

/** One line a git hook appended to `<git-dir>/hearth/<home-id>/events`. */
export interface HookEvent {
  hook: string;
  /** When the hook ran, ms since epoch. */
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

/**
 * Takes the events the hooks wrote since the last call: the file is renamed first, so a hook
 * appending meanwhile starts a new one and nothing is read twice or lost.
 */
export function takeHookEvents(gitDir: string): HookEvent[] {
  const file = hookEventsFile(gitDir);
  const taken = `${file}.${process.pid}.taken`;
  try {
    renameSync(file, taken);
  } catch {
    return [];
  }
  try {
    return parseHookEvents(readFileSync(taken, 'utf8'));
  } finally {
    try {
      unlinkSync(taken);
    } catch {
      // Already gone.
    }
  }
}

/** `post-commit 1764140000` lines; `pre-push-ref ...` lines belong to the pre-push before. Pure. */
export function parseHookEvents(text: string): HookEvent[] {
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
    events.push({ hook, at, args });
  }
  return events;
}
