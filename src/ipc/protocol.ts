/**
 * The daemon's IPC protocol: HTTP with JSON bodies on a Unix socket. Both sides import these
 * shapes, so a change shows up in the compiler on both. Bump PROTOCOL_VERSION on any change that
 * an older peer would misread.
 */

export const PROTOCOL_VERSION = 1;
/** Sent by the CLI on every request; the daemon refuses a version it does not speak. */
export const PROTOCOL_HEADER = 'x-hearth-protocol';
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * `starting` until the first file listing is done; `watching` on file system events; `paused`
 * while a git operation holds the tree; `polling` when watching falls back to `git status`;
 * `missing` when the folder vanished.
 */
export type RepoState = 'starting' | 'watching' | 'paused' | 'polling' | 'missing';

export interface GitEventInfo {
  type: 'commit' | 'branch-switch' | 'rewrite';
  at: string;
  branch?: string;
  from?: string;
  to?: string;
  oldSha?: string;
  newSha?: string;
}

export interface RepoInfo {
  path: string;
  state: RepoState;
  addedAt: string;
  /** Why the repo is not working normally: its folder is gone, its `.hearth.json` is invalid. */
  problem?: string;
  /** How many files are watched: what git would track. */
  files?: number;
  /** The last file whose symbols were extracted after it changed. */
  lastAnalyzed?: { path: string; at: string } | null;
  /** The last batch of changes analysed: after the settle window, a held git operation, or a poll. */
  lastPass?: { reason: 'settle' | 'catch-up' | 'poll'; files: number; at: string } | null;
  passes?: number;
  lastGitEvent?: GitEventInfo | null;
}

export interface StatusResponse {
  pid: number;
  version: string;
  protocol: number;
  uptimeMs: number;
  startedAt: string;
  /** HEARTH_HOME when set, else the data folder. */
  home: string;
  paths: { config: string; data: string; state: string; logs: string; socket: string };
  localOnly: boolean;
  /** Config values refused without failing, and the last config error, if any. */
  config: { warnings: readonly string[]; error?: string };
  repos: RepoInfo[];
}

/** Each call: its HTTP method and path, and the shapes of its request and response bodies. */
export interface Api {
  status: { request: Record<string, never>; response: StatusResponse };
  repos: { request: Record<string, never>; response: { repos: RepoInfo[] } };
  watch: { request: { path: string }; response: { repo: RepoInfo; added: boolean } };
  unwatch: { request: { path: string }; response: { repo: RepoInfo } };
  stop: { request: Record<string, never>; response: { stopping: true; pid: number } };
}

export type CallName = keyof Api;

export const ROUTES: { readonly [K in CallName]: { method: 'GET' | 'POST'; path: string } } = {
  status: { method: 'GET', path: '/v1/status' },
  repos: { method: 'GET', path: '/v1/repos' },
  watch: { method: 'POST', path: '/v1/repos/watch' },
  unwatch: { method: 'POST', path: '/v1/repos/unwatch' },
  stop: { method: 'POST', path: '/v1/stop' },
};

/** Every error answer has this body; `code` is stable, `message` is for people. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** A request body that does not match its call's shape. */
export class BadRequest extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const empty = (): Record<string, never> => ({});

function pathBody(body: unknown): { path: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('bad-body', 'expected a JSON object with a "path" string');
  }
  const { path } = body as { path?: unknown };
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
    throw new BadRequest('bad-field', '"path" must be a non-empty string without NUL bytes');
  }
  return { path };
}

/** Checks a request body against its call's shape; throws BadRequest naming what is wrong. */
export const VALIDATE: { readonly [K in CallName]: (body: unknown) => Api[K]['request'] } = {
  status: empty,
  repos: empty,
  watch: pathBody,
  unwatch: pathBody,
  stop: empty,
};
