/** Exit codes shared by every CLI command. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  daemonNotRunning: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Every error code hearth gives, each once, with what it means, grouped by where it arises. A
 * program sees these strings (`--json` errors, IPC error bodies): a code never changes its
 * string. HearthError takes an ErrorCode, so a code that is not listed here fails `tsc`.
 */
export const ERROR_CODES = {
  /** A model endpoint's failure, read by providers/errors.ts (the one table). */
  provider: {
    'rate-limited': 'the endpoint is rate limiting requests (429); retried after its Retry-After',
    unavailable: 'the endpoint is unavailable (502, 503, 504, 529); retried',
    'server-error': 'the endpoint failed with a server error (500); retried at most twice',
    timeout: 'the endpoint did not answer in time (connect, first token or whole answer, or 408)',
    connection: 'nothing answers at the endpoint (refused, reset, unknown host)',
    'bad-request': 'the endpoint rejected the request as malformed (400)',
    unauthorized: 'the endpoint rejected the API key (401)',
    forbidden: 'the endpoint refused access to the model (403)',
    'not-found':
      'the endpoint does not know the model or path (404), or no local model server or model file is there',
    'context-overflow': 'the prompt does not fit the model window',
    cancelled:
      'the request or task was cancelled (Ctrl-C, hearth queue cancel, or a check before sending)',
    'bad-response': 'the endpoint, or the daemon, sent a reply that cannot be read',
    unknown: 'an endpoint failure no rule above knows',
  },
  /** The durable task queue (queue/). */
  queue: {
    'queue-invalid-input': 'a queue call was given a bad task or argument',
    'queue-unknown-task': 'no task with that id in the queue',
    'queue-wrong-status': "the task's status does not allow what was asked (retry, approve...)",
    'queue-schema-newer': 'the queue file was written by a newer hearth',
  },
  /** An IPC request the daemon refuses before any handler runs (BadRequest). */
  request: {
    'bad-body': 'the request body is not the JSON object its call takes',
    'bad-field': 'a field of the request body is missing or not what its call takes',
    'bad-json': 'the request body is not valid JSON',
    'body-too-large': 'the request body is over the size the daemon reads',
    'protocol-mismatch': 'the CLI and the daemon speak different protocol versions',
    'unknown-route': 'no IPC call has that method and path',
  },
  /** Talking to the daemon, starting and stopping it. */
  daemon: {
    internal: 'the daemon failed on a call in a way it did not expect (answered 500)',
    'daemon-error': 'the daemon answered with an error that carries no code this CLI knows',
    'daemon-timeout': 'the daemon did not answer a call in time',
    'daemon-not-running': 'no daemon answers on the socket',
    'already-running': 'another daemon holds this HEARTH_HOME',
    'lock-contended': 'the daemon lock kept changing while this daemon tried to take it',
    'unsafe-runtime-dir': 'the runtime folder or its socket could be controlled by another user',
    'socket-path-too-long': 'the socket path is longer than a Unix socket allows',
    'start-failed': 'the daemon started by hearth start exited before it answered',
    'start-timeout': 'the daemon started by hearth start did not answer in time',
    'stop-timeout': 'the daemon was still running 10 s after hearth stop asked it to stop',
  },
  /** Config files, variables and flags. */
  config: {
    'config-invalid': 'a config file, variable or flag holds an unknown key or a bad value',
  },
  /** Repositories and git. */
  repos: {
    'no-such-path': 'the path given does not exist',
    'not-a-work-tree': 'the path is not inside a git work tree',
    'git-missing': 'git is not installed or not on PATH',
    'not-watched': 'the repository is not watched',
    'repos-unreadable': 'the file of watched repositories cannot be read',
  },
  /** Model tasks: submitting, routing, running. */
  tasks: {
    'unknown-task': 'no task with that id',
    'not-awaiting-approval':
      'the task does not wait for approval, so it cannot be approved or rejected',
    'never-send': 'the task would send a file that matches neverSend, so nothing is sent',
    'local-only': 'local-only mode is on, or a local.url is off this machine: no such request',
    'cloud-not-configured': 'a cloud request needs cloud.url and cloud.model, and one is not set',
    'no-local-model': 'the local endpoint lists no model and local.model is not set',
    'wait-local': 'no local model answers, so the task waits for one',
    'disk-full': 'the disk refused the write; the tasks are kept in memory and queued later',
    'malformed-task':
      "a stored task's inputs are not a task's shape (edited, or written by another version): it fails with the reason",
    'fix-not-asked':
      'hearth fix could not ask the local model now (none answers, or the router refused the task)',
  },
  /** State files under the data folder. */
  state: {
    'store-damaged': 'a state file is damaged and cannot be moved aside now',
    'schema-newer': 'a state file was written by a newer hearth',
    'schema-upgrade-failed':
      "a state file could not be upgraded to this hearth's schema; it was left as it was",
  },
  /** Reviews, suggestions, hooks and the service. */
  products: {
    'bad-range': 'the revision range to review cannot be read',
    'nothing-to-review': 'the change to review changes no file, or nothing is staged',
    'unknown-review': 'no review with that id',
    'unknown-finding': 'the review has no finding with that number or fingerprint',
    'unknown-suggestion': 'no suggestion with that id',
    'hooks-missing': "hearth's hook script is missing from its install",
    'service-bad-path': 'the service file cannot name a program at that path',
    'service-template': 'the service template names a value hearth does not fill in',
    'service-unsupported': 'hearth service does not support this platform',
  },
  /** The CLI's own refusals. */
  cli: {
    usage: 'a command was given arguments it cannot use together, or too few',
    'bad-days': '--days is below 1',
    'scan-path': 'hearth scan cannot read the path it was given',
    'docstrings-path': 'hearth docstrings cannot read the path it was given',
    'no-log': 'there is no log yet: the daemon has not run',
    unexpected: 'an error hearth did not expect (a bug): `--json` shows it with this code',
  },
} as const;

type ErrorGroups = typeof ERROR_CODES;
/** One group's codes, e.g. `ErrorCodeOf<'provider'>` for ProviderError. */
export type ErrorCodeOf<G extends keyof ErrorGroups> = keyof ErrorGroups[G] & string;
/** Every code hearth gives: a typo in one fails `tsc`. */
export type ErrorCode = { [G in keyof ErrorGroups]: ErrorCodeOf<G> }[keyof ErrorGroups];

const ALL_CODES: ReadonlySet<string> = new Set(
  Object.values(ERROR_CODES).flatMap((group) => Object.keys(group)),
);

/** Whether a string read from outside (an IPC error body) is a code this hearth knows. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ALL_CODES.has(value);
}

/**
 * The base of hearth's errors: a stable `code` a program can match on, a message a person can
 * read, and the exit code the CLI uses when the error reaches it.
 */
export class HearthError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; exitCode?: ExitCode },
  ) {
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
  declare readonly code: ErrorCodeOf<'request'>;

  constructor(code: ErrorCodeOf<'request'>, message: string) {
    super(code, message);
    this.name = 'BadRequest';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
