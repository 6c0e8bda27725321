import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DaemonNotRunningError, errorMessage, UnsafeRuntimeDirError } from '../errors.js';
import { callDaemon } from '../ipc/client.js';
import { batteryReader, evaluatePower } from '../sources/power.js';
import { runProcess } from '../util/run-process.js';
import { isAtLeast, parseVersion } from './guard.js';
import type { Check, DoctorContext } from './types.js';

export function checkNode(ctx: DoctorContext): Promise<Check> {
  const version = parseVersion(ctx.nodeVersion);
  const ok = version !== undefined && isAtLeast(version, [20, 19]);
  return Promise.resolve(
    ok
      ? { id: 'node', status: 'pass', message: `Node ${ctx.nodeVersion}` }
      : {
          id: 'node',
          status: 'fail',
          message: `Node ${ctx.nodeVersion} is older than the 20.19 hearth needs`,
          fix: 'install Node 20.19 or later (e.g. `nvm install 22`)',
        },
  );
}

export async function checkGit(): Promise<Check> {
  const run = await runProcess('git', ['--version'], { cwd: process.cwd(), timeoutMs: 5_000 });
  const output = run.stdout.trim();
  if (run.exitCode !== 0) {
    return {
      id: 'git',
      status: 'fail',
      message: 'git does not run (not installed, or not on PATH)',
      fix: 'install git 2.25 or later and make sure `git --version` works',
    };
  }
  const version = parseVersion(output);
  if (version && isAtLeast(version, [2, 25])) return { id: 'git', status: 'pass', message: output };
  return {
    id: 'git',
    status: 'fail',
    message: `${output} is older than the 2.25 hearth needs`,
    fix: 'upgrade git to 2.25 or later',
  };
}

export async function checkDaemon(ctx: DoctorContext): Promise<Check> {
  const { socket, runtime } = ctx.paths;
  let answer: { pid: number; version: string };
  try {
    answer = await callDaemon(socket, 'status', {}, { timeoutMs: 3_000 });
  } catch (error) {
    if (error instanceof UnsafeRuntimeDirError)
      return {
        id: 'daemon',
        status: 'fail',
        message: error.message,
        fix: `remove ${runtime} if it is yours, or set XDG_RUNTIME_DIR or HEARTH_HOME to a folder only you can reach`,
      };
    if (!(error instanceof DaemonNotRunningError)) throw error;
    return {
      id: 'daemon',
      status: 'warn',
      message: 'the daemon is not running',
      fix: 'run `hearth start` (or `hearth service install` to start it at login)',
    };
  }
  const problems = [
    readModeProblem(runtime, 0o700, 'folder'),
    readModeProblem(socket, 0o600, 'socket'),
  ].filter((p): p is string => p !== undefined);
  const running = `the daemon ${answer.version} is running (pid ${answer.pid})`;
  if (problems.length === 0) return { id: 'daemon', status: 'pass', message: running };
  return {
    id: 'daemon',
    status: 'warn',
    message: `${running}, but ${problems.join('; ')}`,
    fix: `chmod 700 ${runtime} && chmod 600 ${socket}, then \`hearth stop && hearth start\``,
  };
}

// Other users must not reach the socket: the folder alone keeps them out, the socket mode is a second lock.
function readModeProblem(file: string, wanted: number, what: string): string | undefined {
  const mode = statSync(file).mode & 0o777;
  if ((mode & ~wanted) === 0) return undefined;
  return `the ${what} ${file} has mode ${mode.toString(8)} (wanted ${wanted.toString(8)})`;
}

/** The per-user service file for this platform: launchd on macOS, systemd elsewhere. */
export function resolveServiceFile(ctx: Pick<DoctorContext, 'platform' | 'homedir' | 'env'>) {
  if (ctx.platform === 'darwin') {
    return path.join(ctx.homedir, 'Library', 'LaunchAgents', 'dev.hearth.daemon.plist');
  }
  const xdg = ctx.env.XDG_CONFIG_HOME;
  const config = xdg && path.isAbsolute(xdg) ? xdg : path.join(ctx.homedir, '.config');
  return path.join(config, 'systemd', 'user', 'hearth.service');
}

export async function checkService(ctx: DoctorContext): Promise<Check> {
  const file = resolveServiceFile(ctx);
  if (existsSync(file)) {
    return { id: 'service', status: 'pass', message: `the service is installed (${file})` };
  }
  return {
    id: 'service',
    status: 'warn',
    message: 'no login service: the daemon runs only while started by hand',
    fix: 'run `hearth service install`',
  };
}

/** The battery as the daemon reads it: on a low one, background local work waits. */
export async function checkPower(ctx: DoctorContext): Promise<Check> {
  const threshold = ctx.config.power.batteryThreshold;
  if (threshold === 0)
    return { id: 'power', status: 'pass', message: 'the battery is not watched (threshold 0)' };
  let state: ReturnType<typeof evaluatePower>;
  try {
    state = evaluatePower(await batteryReader(ctx.env)(), threshold);
  } catch (error) {
    return {
      id: 'power',
      status: 'warn',
      message: `the battery could not be read (${errorMessage(error)}); nothing is held back`,
      fix: 'to stop reading it, `hearth config set power.batteryThreshold 0`',
    };
  }
  if (state.source === 'none') return { id: 'power', status: 'pass', message: 'no battery' };
  const level = state.percent === null ? 'unknown' : `${state.percent}%`;
  if (!state.saving)
    return {
      id: 'power',
      status: 'pass',
      message: `${state.source === 'ac' ? `on AC, battery ${level}` : `on battery at ${level}`}; background local work waits on battery below ${threshold}%`,
    };
  return {
    id: 'power',
    status: 'warn',
    message: `on battery at ${level}, below ${threshold}%: background local work waits`,
    fix: 'plug in, or lower the threshold (`hearth config set power.batteryThreshold 10`)',
  };
}
