import { execFile } from 'node:child_process';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { HearthError } from '../errors.js';

// execFile, not util/run-process: git's failures reject with its stderr for callers to read, and
// its commands run to their end (one killed mid-way can leave index.lock behind).
const execFileAsync = promisify(execFile);

/**
 * The environment for every git command hearth runs: no optional locks (a background command
 * must never take index.lock from the user), stable messages, and never a prompt.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
  };
  // Diffs hearth parses need git's own a/ and b/ prefixes, whatever the user's config says
  // (diff.mnemonicPrefix writes i/ and w/, diff.noprefix none); added after any pairs set already.
  const count = Number(process.env.GIT_CONFIG_COUNT) || 0;
  for (const [index, [key, value]] of [
    ['diff.noprefix', 'false'],
    ['diff.mnemonicPrefix', 'false'],
  ].entries()) {
    env[`GIT_CONFIG_KEY_${count + index}`] = key;
    env[`GIT_CONFIG_VALUE_${count + index}`] = value;
  }
  env.GIT_CONFIG_COUNT = String(count + 2);
  return env;
}

/** Finds the root of the git work tree holding `target`; fails with a message naming why not. */
export async function findWorkTreeRoot(target: string): Promise<string> {
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    throw new HearthError('no-such-path', `${target} does not exist`);
  }
  const dir = statSync(real).isDirectory() ? real : path.dirname(real);
  let root = '';
  let reason = '';
  try {
    const { stdout } = await execFileAsync('git', ['rev-parse', '--show-toplevel'], {
      cwd: dir,
      env: gitEnv(),
    });
    root = stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    reason =
      stderr
        .trim()
        .split('\n')[0]
        ?.replace(/^fatal:\s*/, '') ?? '';
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new HearthError('git-missing', 'git is not installed or not on PATH');
    }
  }
  if (!root) {
    throw new HearthError(
      'not-a-work-tree',
      `${target} is not inside a git work tree${reason ? ` (git: ${reason})` : ''}; run \`git init\` there or pass a repository's folder`,
    );
  }
  return realpathSync(root);
}

/** What git says about the files under a folder, as paths relative to it. */
export interface WorkTreeListing {
  /** Tracked files present in the work tree, plus untracked files that are not ignored. */
  files: string[];
  /** Gitlinks: never descended into. */
  submodules: string[];
  /** Untracked ignored entries, folders collapsed and ending in "/" (only when asked for). */
  ignored: string[];
}

/** Lists what git would track under `dir` (and, if asked, what it ignores there). */
export async function listWorkTreeFiles(
  dir: string,
  options: { withIgnored?: boolean } = {},
): Promise<WorkTreeListing> {
  const run = async (args: string[]) =>
    (
      await execFileAsync('git', args, { cwd: dir, env: gitEnv(), maxBuffer: 256 * 1024 * 1024 })
    ).stdout
      .split('\0')
      .filter(Boolean);
  const [staged, deleted, untracked, ignored] = await Promise.all([
    run(['ls-files', '-z', '--stage']),
    run(['ls-files', '-z', '--deleted']),
    run(['ls-files', '-z', '--others', '--exclude-standard']),
    options.withIgnored
      ? run(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'])
      : Promise.resolve([]),
  ]);
  const files = new Set<string>();
  const submodules: string[] = [];
  // --stage lines are "<mode> <sha> <stage>\t<path>"; a conflicted file appears once per stage.
  for (const line of staged) {
    const file = line.slice(line.indexOf('\t') + 1);
    if (line.startsWith('160000 ')) submodules.push(file);
    else files.add(file);
  }
  // A tracked file deleted from the work tree stays in the index until the deletion is staged.
  for (const file of deleted) files.delete(file);
  for (const file of untracked) files.add(file);
  return { files: [...files], submodules, ignored };
}

/**
 * Runs git in `cwd` with hearth's environment; resolves its stdout, trimmed unless `raw` (output
 * whose first column matters, like `git status --porcelain`, must keep its leading space).
 */
export async function git(
  cwd: string,
  args: string[],
  options: { raw?: boolean } = {},
): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: gitEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  return options.raw ? stdout : stdout.trim();
}

/**
 * A file as the last commit has it, or undefined when HEAD does not hold it (a new file, or no
 * commit yet): what "changed" is measured against, staged or not.
 */
export async function readHeadFile(root: string, rel: string): Promise<string | undefined> {
  try {
    return await git(root, ['cat-file', 'blob', `HEAD:${rel}`], { raw: true });
  } catch {
    return undefined;
  }
}

/**
 * The work tree's git folder without running git: `.git` itself, or where a linked worktree's
 * `.git` file points. For paths hooks and the daemon share, where a git process costs too much.
 */
export function resolveGitDirSync(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    return pointer ? path.resolve(root, pointer) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether any branch or remote branch contains the commit (false too when it no longer exists). */
export async function isOnABranch(repo: string, sha: string): Promise<boolean> {
  const refs = await git(repo, [
    'for-each-ref',
    '--count=1',
    `--contains=${sha}`,
    '--format=%(refname)',
    'refs/heads',
    'refs/remotes',
  ]).catch(() => '');
  return refs !== '';
}
