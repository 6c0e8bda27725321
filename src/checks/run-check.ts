import { type DroppedPath, keepPathsInside } from '../repos/safe-path.js';
import { runProcess } from '../util/run-process.js';
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

/**
 * Runs one configured check (`sh -c COMMAND` in `cwd`, its own process group so a time-out kills
 * everything it started) and reads its output into diagnostics with the check's parser.
 */
export async function runCheck(check: CheckConfig, cwd: string): Promise<CheckRun> {
  const run = await runProcess('sh', ['-c', check.command], {
    cwd,
    timeoutMs: check.timeoutMs,
    // npx never fetches a package to run: a copy without node_modules must not download `tsc`.
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', npm_config_yes: 'false' },
  });
  const { stdout, stderr } = run;
  const parsed = run.timedOut ? [] : parseDiagnostics(check.parser, { stdout, stderr }, cwd);
  const { kept, dropped } = keepPathsInside(cwd, parsed);
  return {
    check: check.name,
    diagnostics: kept,
    dropped,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    output: `${stdout}${stderr}`.slice(-4000),
    ms: run.ms,
  };
}
