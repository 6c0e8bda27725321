import { spawn } from 'node:child_process';
import { type DroppedPath, keepPathsInside } from '../repos/safe-path.js';
import { parseDiagnostics } from './parsers/index.js';
import type { CheckConfig, Diagnostic } from './types.js';

export interface CheckRun {
  check: string;
  /** Only those whose file is inside `cwd` (after symlinks) and not under `.git`. */
  diagnostics: Diagnostic[];
  /** Paths it reported outside `cwd` or under `.git`: dropped, for the caller to log. */
  dropped: DroppedPath[];
  exitCode: number | null;
  /** Killed at its time-out: its diagnostics are not to be trusted. */
  timedOut: boolean;
  /** The end of its combined output, for messages. */
  output: string;
  ms: number;
}

/** Output kept per stream: enough for any diagnostic list, bounded against a runaway tool. */
const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * Runs one configured check (`sh -c COMMAND` in `cwd`, its own process group so a time-out kills
 * everything it started) and reads its output into diagnostics with the check's parser.
 */
export function runCheck(check: CheckConfig, cwd: string): Promise<CheckRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', check.command], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // npx never fetches a package to run: a copy without node_modules must not download `tsc`.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', npm_config_yes: 'false' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, check.timeoutMs);
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      const parsed = timedOut ? [] : parseDiagnostics(check.parser, { stdout, stderr }, cwd);
      const { kept, dropped } = keepPathsInside(cwd, parsed);
      resolve({
        check: check.name,
        diagnostics: kept,
        dropped,
        exitCode,
        timedOut,
        output: `${stdout}${stderr}`.slice(-4000),
        ms: Date.now() - started,
      });
    };
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
