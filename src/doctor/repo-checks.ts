import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { git } from '../repos/git.js';
import { readHookStatus } from '../service/hooks.js';
import type { Check, DoctorContext } from './types.js';

/** The watched repos, read without the registry (which moves a damaged file aside). */
export async function readWatchedRepos(reposFile: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(reposFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: { repos?: { path?: unknown }[] } | null;
  try {
    parsed = JSON.parse(text) as { repos?: { path?: unknown }[] } | null;
  } catch {
    return []; // Damaged: the state-files check says so.
  }
  return (Array.isArray(parsed?.repos) ? parsed.repos : []).flatMap((r) =>
    typeof r?.path === 'string' ? [r.path] : [],
  );
}

/** The folders holding tracked files (one inotify watch each), counted from `git ls-files`. */
export function countTrackedFolders(files: readonly string[]): number {
  const folders = new Set<string>(['.']);
  for (const file of files) {
    let dir = path.posix.dirname(file);
    while (dir !== '.' && !folders.has(dir)) {
      folders.add(dir);
      dir = path.posix.dirname(dir);
    }
  }
  return folders.size;
}

export interface InotifyVerdict {
  status: 'pass' | 'warn';
  message: string;
  fix?: string;
}

/** Warns when the watched folders use more than 80 % of the inotify watch limit. Pure. */
export function compareInotify(folders: number, limit: number): InotifyVerdict {
  const message = `${folders} watched folders, inotify limit ${limit}`;
  if (folders <= limit * 0.8) return { status: 'pass', message };
  const wanted = Math.max(524_288, 2 ** Math.ceil(Math.log2(folders * 2)));
  return {
    status: 'warn',
    message: `${message}: over 80 % of the limit (other programs need watches too)`,
    fix: `sudo sysctl fs.inotify.max_user_watches=${wanted} (and add it to /etc/sysctl.d/90-inotify.conf to keep it)`,
  };
}

export async function checkInotify(ctx: DoctorContext): Promise<Check> {
  if (ctx.platform !== 'linux') {
    return { id: 'inotify', status: 'pass', message: `not needed on ${ctx.platform}` };
  }
  const limit = Number((await readFile('/proc/sys/fs/inotify/max_user_watches', 'utf8')).trim());
  let folders = 0;
  for (const repo of await readWatchedRepos(ctx.paths.reposFile)) {
    try {
      const listed = await git(repo, ['ls-files', '-z']);
      folders += countTrackedFolders(listed.split('\0').filter(Boolean));
    } catch {
      // A vanished repo holds no watches; `hearth repos` reports it.
    }
  }
  return { id: 'inotify', ...compareInotify(folders, limit) };
}

export async function checkHooks(ctx: DoctorContext): Promise<Check> {
  const repos = await readWatchedRepos(ctx.paths.reposFile);
  if (repos.length === 0) {
    return { id: 'hooks', status: 'pass', message: 'no watched repositories' };
  }
  const missing: string[] = [];
  const fixes: string[] = [];
  for (const repo of repos) {
    // A repo that is gone or no longer a work tree has no hooks to fix; `hearth repos` says so.
    const fix = await findHookFix(repo);
    if (fix === undefined) continue;
    missing.push(repo);
    fixes.push(fix);
  }
  if (missing.length === 0) {
    return { id: 'hooks', status: 'pass', message: `hooks in place in ${repos.length} repo(s)` };
  }
  return {
    id: 'hooks',
    status: 'warn',
    message: `hearth's git hooks are missing or outdated in ${missing.join(', ')}`,
    fix: fixes.join('\n'),
  };
}

/** Watched repositories whose `.hearth.json` checks (or self-writes) wait for `hearth trust`. */
export async function checkTrust(ctx: DoctorContext): Promise<Check> {
  const waiting: string[] = [];
  for (const repo of await readWatchedRepos(ctx.paths.reposFile)) {
    try {
      const config = loadConfig({
        userConfigFile: ctx.paths.userConfigFile,
        repoRoot: repo,
        env: ctx.env,
      });
      if (config.untrusted) waiting.push(repo);
    } catch {
      // An invalid .hearth.json is the daemon's to report (`hearth repos`), not a trust question.
    }
  }
  if (waiting.length === 0)
    return { id: 'trust', status: 'pass', message: 'no repository settings wait for trust' };
  return {
    id: 'trust',
    status: 'warn',
    message: `settings in .hearth.json (checks, auto docstrings, git notes) wait for trust in ${waiting.join(', ')}`,
    fix: waiting.map((repo) => `hearth trust ${repo}`).join('\n'),
  };
}

/**
 * What clears the repo's hooks warning, or undefined when its hooks are in place (or it cannot be
 * read). A hook a manager runs counts when the manager's config runs hearth, or it is not
 * pre-commit; when that config lacks hearth's line, only adding the line clears it. One of ours
 * from an older hearth (it needs that install's folder) does not count.
 */
async function findHookFix(repo: string): Promise<string | undefined> {
  let report: Awaited<ReturnType<typeof readHookStatus>>;
  try {
    report = await readHookStatus(repo);
  } catch {
    return undefined;
  }
  const ours = (hook: (typeof report.hooks)[number]) =>
    (hook.state === 'installed' || hook.state === 'chained') && !hook.outdated;
  const install = `hearth hooks install ${repo}`;
  if (report.hooks.some((hook) => hook.managedBy === undefined && !ours(hook))) return install;
  const manager = report.manager;
  const needsLine = report.hooks.some(
    (hook) => hook.managedBy !== undefined && hook.name === 'pre-commit' && !manager?.present,
  );
  if (!needsLine) return undefined;
  const lines = manager?.lines.length ? `: ${manager.lines.join(' / ')}` : '';
  return `${install}, then add to ${manager?.config ?? "the hook manager's config"}${lines}`;
}
