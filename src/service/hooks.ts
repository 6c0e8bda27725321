/**
 * `hearth hooks install|uninstall|status`: our hooks go to `git rev-parse --git-path hooks`
 * (so core.hooksPath and linked worktrees are honoured). A hook that is not ours is kept as
 * `<name>.pre-hearth` and run first; uninstall puts it back byte for byte. Hooks run by husky,
 * lefthook or the pre-commit framework are left alone: the report says what line to add.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { HearthError } from '../errors.js';
import { findWorkTreeRoot, git } from '../repos/git.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { CLI_PATH, PACKAGE_ROOT } from '../util/package-root.js';
import {
  type HookEntry,
  installHookFile,
  readHookState,
  readText,
  removeHookFile,
} from './hook-files.js';
import {
  adviseHookManager,
  detectHookManager,
  type HookManager,
  type ManagerAdvice,
} from './hook-managers.js';
import { buildHookScript, buildManagerProgram, HOOK_NAMES, isOutdatedHook } from './hook-script.js';
import { ensureHookStateDir, hookHomeId, MANAGER_PROGRAM, removeHookState } from './hook-state.js';

export type { HookEntry, HookState } from './hook-files.js';
export type { ManagerAdvice } from './hook-managers.js';
export type { HookName } from './hook-script.js';

export interface HookReport {
  repo: string;
  hooksDir: string;
  hooks: HookEntry[];
  manager?: ManagerAdvice;
  messages: string[];
}

export interface InstallOptions {
  /** hearth's `hooks/` folder; default: the one in this package. */
  hooksDir?: string;
  /** The Node binary the hooks run the CLI with; default: the one running now. */
  node?: string;
  /** hearth's CLI entry; default: `dist/cli/main.js` in this package. */
  cli?: string;
  /** This home's state folder id; default: the one of this process's home. */
  id?: string;
}

// src/service/hooks.ts and dist/service/hooks.js are both two folders below the package root.

interface HookPlace {
  root: string;
  hooksDir: string;
  /** This work tree's git dir (its state folder) and the one all work trees share. */
  gitDir: string;
  commonDir: string;
  manager: HookManager | undefined;
}

/** Installs hearth's hooks into the repository holding `repo`. Installing twice changes nothing. */
export async function installHooks(
  repo: string,
  options: InstallOptions = {},
): Promise<HookReport> {
  const ours = resolveOurHooks(options);
  const hearthHook = path.join(ours, 'hearth-hook');
  if (!existsSync(hearthHook)) {
    throw new HearthError('hooks-missing', `hearth's hook script is missing: ${hearthHook}`);
  }
  const recorded = {
    node: options.node ?? process.execPath,
    cli: options.cli ?? CLI_PATH,
    id: options.id ?? hookHomeId(),
    program: readFileSync(hearthHook, 'utf8'),
  };
  const place = await resolveHookPlace(repo);
  const messages: string[] = [];
  const hooks: HookEntry[] = [];
  for (const name of HOOK_NAMES) {
    const file = path.join(place.hooksDir, name);
    if (place.manager?.manages.includes(name)) {
      hooks.push({ name, state: await readHookState(file), file, managedBy: place.manager.name });
      continue;
    }
    const script = (chained: boolean) => buildHookScript({ name, ...recorded, chained });
    hooks.push(await installHookFile(name, file, script, messages));
  }
  ensureHookStateDir(place.gitDir, recorded.id);
  if (place.manager?.manages.includes('pre-commit')) {
    const program = path.join(place.commonDir, MANAGER_PROGRAM);
    mkdirSync(path.dirname(program), { recursive: true });
    atomicWriteFile(program, buildManagerProgram(recorded), 0o755);
  }
  return finishReport(place, hooks, messages, 'install');
}

/** Removes hearth's hooks and puts back the ones they replaced; other files are left alone. */
export async function uninstallHooks(
  repo: string,
  options: Pick<InstallOptions, 'id'> = {},
): Promise<HookReport> {
  const place = await resolveHookPlace(repo);
  const messages: string[] = [];
  for (const name of HOOK_NAMES) {
    await removeHookFile(name, path.join(place.hooksDir, name), messages);
  }
  // What hearth left under the git folder: this home's state in each work tree's git dir, the
  // flat files of older versions, the program for hook managers. Another home's state stays.
  const id = options.id ?? hookHomeId();
  const removed = [
    ...removeHookState(place.commonDir, id, [path.basename(MANAGER_PROGRAM)]),
    ...(await listWorktreeGitDirs(place.commonDir)).flatMap((dir) => removeHookState(dir, id)),
  ];
  if (removed.length > 0) messages.push(`removed hearth's state under ${place.commonDir}`);
  const hooks = await readHookEntries(place);
  return finishReport(place, hooks, messages, 'uninstall');
}

/** What each hook is now, and whether a hook manager's config runs hearth's hook. */
export async function readHookStatus(repo: string): Promise<HookReport> {
  const place = await resolveHookPlace(repo);
  const hooks = await readHookEntries(place);
  const messages = hooks.some((hook) => hook.outdated)
    ? [
        'hooks from an older hearth (they need its install folder): run `hearth hooks install` again',
      ]
    : [];
  return finishReport(place, hooks, messages, 'status');
}

async function readHookEntries(place: HookPlace): Promise<HookEntry[]> {
  const hooks: HookEntry[] = [];
  for (const name of HOOK_NAMES) {
    const file = path.join(place.hooksDir, name);
    const managedBy = place.manager?.manages.includes(name) ? place.manager.name : undefined;
    const outdated = isOutdatedHook((await readText(file)) ?? '');
    hooks.push({
      name,
      state: await readHookState(file),
      file,
      ...(managedBy && { managedBy }),
      ...(outdated && { outdated }),
    });
  }
  return hooks;
}

/** Adds the manager's advice, and what it means for this action, to the report. */
async function finishReport(
  place: HookPlace,
  hooks: HookEntry[],
  messages: string[],
  action: 'install' | 'uninstall' | 'status',
): Promise<HookReport> {
  const report: HookReport = { repo: place.root, hooksDir: place.hooksDir, hooks, messages };
  if (!place.manager) return report;
  const manager = await adviseHookManager(place.manager);
  const { name, config } = manager;
  if (action === 'uninstall') {
    if (manager.present || manager.outdated)
      messages.push(
        `remove the hearth lines from ${config} yourself; hearth never edits ${name}'s files`,
      );
    return { ...report, manager };
  }
  const managed = place.manager.manages.join(', ');
  if (!place.manager.manages.includes('pre-commit')) {
    // hearth's own pre-commit hook is installed: nothing to add to their config.
    messages.push(`${name} runs ${managed} here; hearth left those hooks alone`);
    return { ...report, manager };
  }
  const program = path.join(place.commonDir, MANAGER_PROGRAM);
  if (manager.present && !existsSync(program)) {
    messages.push(
      `${name} runs hearth's pre-commit step (from ${config}), but ${program} is missing: run \`hearth hooks install\``,
    );
  } else if (manager.present) {
    messages.push(`${name} runs hearth's pre-commit step (from ${config})`);
  } else if (manager.outdated) {
    messages.push(
      `${config} has the line an older hearth printed (it names hearth's install folder); replace it with:`,
    );
  } else {
    messages.push(
      `${name} runs ${managed} here, so hearth wrote nothing there; to get hearth's pre-commit suggestions, add to ${config}:`,
    );
  }
  return { ...report, manager };
}

function resolveOurHooks(options: Pick<InstallOptions, 'hooksDir'>): string {
  return path.resolve(options.hooksDir ?? path.join(PACKAGE_ROOT, 'hooks'));
}

async function resolveHookPlace(repo: string): Promise<HookPlace> {
  const root = await findWorkTreeRoot(repo);
  // Relative when core.hooksPath is: git runs hooks from the work tree root.
  const hooksDir = path.resolve(root, await git(root, ['rev-parse', '--git-path', 'hooks']));
  const gitDir = path.resolve(root, await git(root, ['rev-parse', '--git-dir']));
  const commonDir = path.resolve(root, await git(root, ['rev-parse', '--git-common-dir']));
  return { root, hooksDir, gitDir, commonDir, manager: await detectHookManager(root, hooksDir) };
}

/** The git dirs of linked work trees (`<common>/worktrees/*`), each with its own state. */
async function listWorktreeGitDirs(commonDir: string): Promise<string[]> {
  const base = path.join(commonDir, 'worktrees');
  const names = await readdir(base).catch(() => [] as string[]);
  return names.map((name) => path.join(base, name));
}
