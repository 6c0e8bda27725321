import { execFile } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { HearthError } from '../errors.js';

const execFileAsync = promisify(execFile);

/**
 * The environment for every git command hearth runs: no optional locks (a background command
 * must never take index.lock from the user), stable messages, and never a prompt.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
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
