import { statSync } from 'node:fs';
import path from 'node:path';
import { git } from '../repos/git.js';

/** For each path git status mentions: its size and mtime, or "gone". */
export type PollSnapshot = Map<string, string>;

/**
 * One look at the work tree through `git status` (run with GIT_OPTIONAL_LOCKS=0, so it never
 * takes index.lock from the user): every modified, added, deleted or untracked-not-ignored file
 * with a signature of its size and mtime.
 */
export async function pollGitStatus(root: string): Promise<PollSnapshot> {
  const out = await git(
    root,
    ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignore-submodules=all'],
    {
      raw: true,
    },
  );
  const snapshot: PollSnapshot = new Map();
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as string;
    if (entry.length < 4) continue;
    const status = entry.slice(0, 2);
    const rel = entry.slice(3);
    // A rename or copy is followed by its source path as the next entry.
    if (status.startsWith('R') || status.startsWith('C')) i++;
    snapshot.set(rel, signature(path.join(root, rel)));
  }
  return snapshot;
}

function signature(file: string): string {
  try {
    const info = statSync(file);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return 'gone';
  }
}

/**
 * The paths whose state differs between two looks: new to the status, changed size or time, or
 * gone from it (reverted or committed: their content may still have changed). Pure.
 */
export function diffPollSnapshots(before: PollSnapshot, after: PollSnapshot): string[] {
  const changed: string[] = [];
  for (const [rel, sig] of after) if (before.get(rel) !== sig) changed.push(rel);
  for (const rel of before.keys()) if (!after.has(rel)) changed.push(rel);
  return changed.sort();
}
