import { spawn } from 'node:child_process';

export interface ProcessRun {
  /** Null when it was killed or never started. */
  exitCode: number | null;
  /** The start of its stdout, up to `maxStreamChars`. */
  stdout: string;
  /** The start of its stderr, up to `maxStreamChars`; ends with the reason when it could not run. */
  stderr: string;
  /** Both streams as they came, interleaved: the last `tailChars` of them (empty unless asked). */
  output: string;
  /** Killed, with everything it started, at its time-out. */
  timedOut: boolean;
  ms: number;
}

export interface RunProcessOptions {
  cwd: string;
  timeoutMs: number;
  /** The whole environment it gets; hearth's own when not given. */
  env?: NodeJS.ProcessEnv;
  /** Characters kept of each stream from its start: a runaway tool cannot fill the memory. */
  maxStreamChars?: number;
  /** Characters kept from the end of the interleaved output (what a person reads last). */
  tailChars?: number;
}

const MAX_STREAM_CHARS = 16 * 1024 * 1024;

/**
 * Runs a program (no shell, no stdin) in its own process group, so that a time-out kills
 * everything it started (SIGKILL to the group). Never rejects: a program that cannot start
 * resolves with exit code null and the reason at the end of stderr and output.
 */
export function runProcess(
  file: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessRun> {
  const started = Date.now();
  const maxStream = options.maxStreamChars ?? MAX_STREAM_CHARS;
  const tail = options.tailChars ?? 0;
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    const keepTail = (text: string) => {
      if (tail > 0) output = (output + text).slice(-tail);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (stdout.length < maxStream) stdout += text;
      keepTail(text);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (stderr.length < maxStream) stderr += text;
      keepTail(text);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    let settled = false;
    const finish = (exitCode: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, output, timedOut, ms: Date.now() - started });
    };
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      if (tail > 0) output += `\n${error.message}`;
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
