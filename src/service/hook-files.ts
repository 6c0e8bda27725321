import { lstat, mkdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from '../util/atomic-write.js';
import { BACKUP_SUFFIX, type HookName, isHearthHook } from './hook-script.js';

/** installed: ours; chained: ours, the previous hook kept and run first; foreign: not ours. */
export type HookState = 'installed' | 'chained' | 'foreign' | 'missing';

export interface HookEntry {
  name: HookName;
  state: HookState;
  file: string;
  /** The manager that runs this hook, when hearth left it to that manager. */
  managedBy?: string;
  /** Why install did not touch this hook, when it refused to. */
  refused?: string;
  /** Ours, from an older hearth that ran its install folder's script: install again. */
  outdated?: boolean;
}

/** Writes our hook to `file`, keeping a hook that is not ours as `<name>.pre-hearth`. */
export async function installHookFile(
  name: HookName,
  file: string,
  script: (chained: boolean) => string,
  messages: string[],
): Promise<HookEntry> {
  const backup = `${file}${BACKUP_SUFFIX}`;
  const text = await readText(file);
  const present = text !== undefined || (await pathExists(file));
  const kept = await pathExists(backup);
  if (text !== undefined && isHearthHook(text)) {
    const wanted = script(kept);
    if (text !== wanted) writeHook(file, wanted);
    return { name, state: kept ? 'chained' : 'installed', file };
  }
  if (kept) {
    const refused = `${name}${BACKUP_SUFFIX} already exists; move it away (or back to ${name}) and install again`;
    messages.push(`${name}: not installed: ${refused}`);
    return { name, state: present ? 'foreign' : 'missing', file, refused };
  }
  await mkdir(path.dirname(file), { recursive: true });
  if (present) {
    await rename(file, backup);
    messages.push(`${name}: your hook is kept as ${name}${BACKUP_SUFFIX} and runs first`);
  }
  writeHook(file, script(present));
  return { name, state: present ? 'chained' : 'installed', file };
}

/** Removes our hook from `file` and puts back the hook it replaced, if one was kept. */
export async function removeHookFile(
  name: HookName,
  file: string,
  messages: string[],
): Promise<void> {
  const backup = `${file}${BACKUP_SUFFIX}`;
  if (isHearthHook((await readText(file)) ?? '')) {
    await unlink(file);
    if (await pathExists(backup)) {
      await rename(backup, file);
      messages.push(`${name}: removed hearth's hook; your previous hook is back in its place`);
    } else messages.push(`${name}: removed hearth's hook`);
  } else if (await pathExists(backup)) {
    messages.push(
      `${name}: left ${name}${BACKUP_SUFFIX} alone: the hook in its place is not hearth's`,
    );
  }
}

export async function readHookState(file: string): Promise<HookState> {
  const text = await readText(file);
  if (text !== undefined && isHearthHook(text)) {
    return (await pathExists(`${file}${BACKUP_SUFFIX}`)) ? 'chained' : 'installed';
  }
  return text !== undefined || (await pathExists(file)) ? 'foreign' : 'missing';
}

/** A file's text, or undefined when it cannot be read (missing, a folder, a dangling link). */
export async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

// lstat: a dangling symlink is still someone's hook.
export async function pathExists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}

function writeHook(file: string, text: string): void {
  atomicWriteFile(file, text, 0o755);
}
