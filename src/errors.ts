/** Exit codes shared by every CLI command. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  daemonNotRunning: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The base of hearth's errors: a stable `code` a program can match on, a message a person can
 * read, and the exit code the CLI uses when the error reaches it.
 */
export class HearthError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options?: { cause?: unknown; exitCode?: ExitCode }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HearthError';
    this.code = code;
    this.exitCode = options?.exitCode ?? EXIT.error;
  }
}

/** A config file, variable or flag holds an unknown key or a value outside its allowed set. */
export class ConfigError extends HearthError {
  readonly key: string | undefined;
  readonly source: string;

  constructor(message: string, fields: { key?: string; source: string }) {
    super('config-invalid', message);
    this.name = 'ConfigError';
    this.key = fields.key;
    this.source = fields.source;
  }
}

/** The CLI needed the daemon and found no daemon answering on the socket. */
export class DaemonNotRunningError extends HearthError {
  constructor(socketPath: string) {
    super(
      'daemon-not-running',
      `the daemon is not running (no answer on ${socketPath}); start it with \`hearth start\``,
      { exitCode: EXIT.daemonNotRunning },
    );
    this.name = 'DaemonNotRunningError';
  }
}

/** Another daemon already holds this HEARTH_HOME. */
export class AlreadyRunningError extends HearthError {
  readonly pid: number;

  constructor(pid: number, lockPath: string) {
    super(
      'already-running',
      `another hearth daemon (pid ${pid}) is already running for this home (lock ${lockPath}); stop it with \`hearth stop\``,
    );
    this.name = 'AlreadyRunningError';
    this.pid = pid;
  }
}

/** The runtime folder or its socket could be controlled by another user: nothing connects or listens there. */
export class UnsafeRuntimeDirError extends HearthError {
  constructor(runtimeDir: string, problem: string) {
    super(
      'unsafe-runtime-dir',
      `refusing to use the runtime folder ${runtimeDir}: it ${problem}; another user could pose as the daemon there. Remove it if it is yours (rm -r ${runtimeDir}) and run \`hearth start\` again, or set XDG_RUNTIME_DIR or HEARTH_HOME to a folder only you can reach`,
    );
    this.name = 'UnsafeRuntimeDirError';
  }
}

/** A request (an IPC body, a stored task request) that does not match its shape. */
export class BadRequest extends HearthError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'BadRequest';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
