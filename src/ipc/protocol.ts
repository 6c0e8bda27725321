/**
 * The daemon's IPC protocol: HTTP with JSON bodies on a Unix socket. Both sides import these
 * shapes, so a change shows up in the compiler on both. Bump PROTOCOL_VERSION on any change that
 * an older peer would misread.
 */

import type { PrivacyFloor } from '../config/privacy.js';
import type { PowerState } from '../sources/power.js';

export const PROTOCOL_VERSION = 3;
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
  lastPass?: {
    reason: 'settle' | 'catch-up' | 'poll' | 'start';
    files: number;
    at: string;
  } | null;
  passes?: number;
  lastGitEvent?: GitEventInfo | null;
  /** Open suggestions (fixes and docstrings) for this repository. */
  suggestions?: number;
  /** Reviews finished that no post-commit or pre-push hook has mentioned yet. */
  reviewsArrived?: number;
  /** The last git hook that told the daemon something (post-commit, post-checkout...). */
  lastHook?: { hook: string; at: string } | null;
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
  /** Whether the cloud endpoint answers; `unknown` while no cloud task needs it. */
  network: 'online' | 'offline' | 'unknown';
  /** Whether the local model endpoint answers. */
  local: 'up' | 'down' | 'unknown';
  /** Tasks waiting for a local model to answer (`wait-local`). */
  waitingForLocal?: number;
  /** Tasks in the durable queue, per status. */
  queue: Record<string, number>;
  /** The battery, and whether background local tasks wait for power (how many do). */
  power: PowerState & { held: number };
  /** `reviews.schedule` and its next round, when set. */
  scheduledReviews?: { schedule: string; next: string | null; error?: string };
  /** Config values refused without failing, and the last config error, if any. */
  config: { warnings: readonly string[]; error?: string };
  /** Damaged state files moved aside whose copies are still there: one line each. */
  damaged?: string[];
  repos: RepoInfo[];
}

export const TASK_KINDS = ['docstring', 'fix', 'modify', 'review'] as const;
export const FOCUSES = ['general', 'security', 'architecture', 'refactor'] as const;

/** A queued model task as the CLI shows it. */
export interface TaskView {
  id: string;
  kind: string;
  status: string;
  priority: 'interactive' | 'background';
  /** The router's decision (local, cloud, wait-online, ...) and why. */
  route: string | null;
  reason: string | null;
  attempts: number;
  endpoint: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a docstring task documents; checked again against the file when the answer comes. */
export interface DocstringTarget {
  /** Repo-relative, `/`-separated. */
  path: string;
  /** The symbol's qualified name. */
  symbol: string;
  bodyHash: string;
  /** The house style the prompt asked for (a DocStyle). */
  style: string;
}

/** What a fix task fixes; the answer is applied to the file as it is then, and verified. */
export interface FixTarget {
  /** Repo-relative, `/`-separated. */
  path: string;
  /** The configured check that reported it, re-run to verify the fix. */
  check: string;
  fingerprint: string;
  line: number;
  message: string;
  /** The fingerprints of every diagnostic of that run: a fix may not add one. */
  baseline: string[];
}

/** What a review task reviews: resolved commit ids, so the review stays about one change. */
export interface ReviewTarget {
  label: string;
  base: string;
  /** A commit id, or `staged`. */
  head: string;
  focus: (typeof FOCUSES)[number];
  /** The review this task answers for (a part of a split review, or a second try). */
  reviewId?: string;
  /** A review too large for the local window is split by file: this task's part. */
  part?: { index: number; count: number };
  /** A second try after an answer that was not JSON. */
  strict?: boolean;
}

/** `hearth review`: what to review in which repository. */
export interface ReviewRequest {
  path: string;
  /** A revision range (`main..HEAD`) or one commit; the last commit when neither this nor staged. */
  range?: string;
  staged?: boolean;
  focus?: (typeof FOCUSES)[number];
  prefer?: 'local' | 'cloud';
  /** The caller's privacy settings: the daemon applies the stricter of its own and these. */
  floor?: PrivacyFloor;
}

/** A review as the CLI shows it. */
export interface ReviewView {
  id: string;
  repo: string;
  label: string;
  focus: string;
  status: string;
  tier: string | null;
  findings: number;
  summaryOnly: boolean;
  createdAt: string;
  completedAt: string | null;
}

/** A model task handed to the daemon: the prompt, and what the router needs to place it. */
export interface SubmitRequest {
  kind: (typeof TASK_KINDS)[number];
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  priority?: 'interactive' | 'background';
  repo?: string;
  /** The same key again returns the existing task instead of a second one. */
  idempotencyKey?: string;
  /** A newer task with the same key supersedes (and aborts) the older one. */
  supersedeKey?: string;
  files?: number;
  lines?: number;
  focus?: (typeof FOCUSES)[number];
  /** The repo files the prompt draws on, checked against neverSend. */
  paths?: string[];
  maxTokens?: number;
  /** For a docstring task: the symbol the answer is for. */
  target?: DocstringTarget;
  /** For a fix task: the diagnostic the answer is for. */
  fix?: FixTarget;
  /** For a review task: the change it reviews. */
  review?: ReviewTarget;
  /** The tier the user asked for (`hearth review --local | --cloud`); privacy rules still win. */
  prefer?: 'local' | 'cloud';
  /** The caller's privacy settings: the daemon applies the stricter of its own and these. */
  floor?: PrivacyFloor;
}

export interface RouteRequest {
  kind: (typeof TASK_KINDS)[number];
  files: number;
  lines: number;
  focus?: (typeof FOCUSES)[number];
  promptTokens?: number;
}

/** Each call: its HTTP method and path, and the shapes of its request and response bodies. */
export interface CancelTasksRequest {
  ids?: string[];
  kind?: string;
  /** A work tree's root, as the tasks record it. */
  repo?: string;
  /** Why, as the tasks will say it; default: cancelled with hearth queue cancel. */
  reason?: string;
}

export interface Api {
  status: { request: Record<string, never>; response: StatusResponse };
  repos: { request: Record<string, never>; response: { repos: RepoInfo[] } };
  watch: { request: { path: string }; response: { repo: RepoInfo; added: boolean } };
  unwatch: { request: { path: string }; response: { repo: RepoInfo } };
  stop: { request: Record<string, never>; response: { stopping: true; pid: number } };
  submit: { request: SubmitRequest; response: { task: TaskView; created: boolean } };
  /** Many tasks in one request and one transaction (a `hearth docstrings` run). */
  submitMany: {
    request: { requests: SubmitRequest[] };
    response: { results: Array<{ task: TaskView; created: boolean }> };
  };
  queue: {
    request: { status?: string };
    /** `power`: as in status, so a list of queued tasks can say why they wait. */
    response: {
      tasks: TaskView[];
      counts: Record<string, number>;
      power?: StatusResponse['power'];
    };
  };
  task: { request: { id: string }; response: { task: TaskView; result: unknown } };
  /** Many tasks in one request: one poll for a whole run's progress. */
  tasks: {
    request: { ids: string[] };
    response: { tasks: Array<{ task: TaskView; result: unknown }> };
  };
  retryTask: { request: { id: string }; response: { task: TaskView } };
  cancelTask: { request: { id: string }; response: { task: TaskView } };
  /** Every unfinished task matching all that is given: these ids, this kind, this repo. */
  cancelTasks: { request: CancelTasksRequest; response: { tasks: TaskView[] } };
  approveTask: { request: { id: string }; response: { task: TaskView } };
  rejectTask: { request: { id: string }; response: { task: TaskView } };
  route: { request: RouteRequest; response: { decision: string; reason: string } };
  review: { request: ReviewRequest; response: { review: ReviewView; task: TaskView } };
}

export type CallName = keyof Api;

export const ROUTES: { readonly [K in CallName]: { method: 'GET' | 'POST'; path: string } } = {
  status: { method: 'GET', path: '/v1/status' },
  repos: { method: 'GET', path: '/v1/repos' },
  watch: { method: 'POST', path: '/v1/repos/watch' },
  unwatch: { method: 'POST', path: '/v1/repos/unwatch' },
  stop: { method: 'POST', path: '/v1/stop' },
  submit: { method: 'POST', path: '/v1/tasks' },
  submitMany: { method: 'POST', path: '/v1/tasks/batch' },
  queue: { method: 'POST', path: '/v1/tasks/list' },
  task: { method: 'POST', path: '/v1/tasks/get' },
  tasks: { method: 'POST', path: '/v1/tasks/get-many' },
  retryTask: { method: 'POST', path: '/v1/tasks/retry' },
  cancelTask: { method: 'POST', path: '/v1/tasks/cancel' },
  cancelTasks: { method: 'POST', path: '/v1/tasks/cancel-many' },
  approveTask: { method: 'POST', path: '/v1/tasks/approve' },
  rejectTask: { method: 'POST', path: '/v1/tasks/reject' },
  route: { method: 'POST', path: '/v1/route' },
  review: { method: 'POST', path: '/v1/reviews' },
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

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('bad-body', 'expected a JSON object');
  }
  return body as Record<string, unknown>;
}

function field<T>(
  body: Record<string, unknown>,
  name: string,
  check: (v: unknown) => v is T,
  what: string,
  optional = false,
): T {
  const value = body[name];
  if (value === undefined && optional) return undefined as T;
  if (!check(value)) throw new BadRequest('bad-field', `"${name}" must be ${what}`);
  return value;
}

const isString = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && !v.includes('\0');
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isOneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);
const isMessages = (v: unknown): v is SubmitRequest['messages'] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every(
    (m) =>
      m !== null &&
      typeof m === 'object' &&
      isOneOf(['system', 'user', 'assistant'] as const)((m as { role: unknown }).role) &&
      typeof (m as { content: unknown }).content === 'string',
  );
const isTarget = (v: unknown): v is DocstringTarget =>
  v !== null &&
  typeof v === 'object' &&
  ['path', 'symbol', 'bodyHash', 'style'].every((k) => isString((v as Record<string, unknown>)[k]));
const isReviewTarget = (v: unknown): v is ReviewTarget =>
  v !== null &&
  typeof v === 'object' &&
  ['label', 'base', 'head'].every((k) => isString((v as Record<string, unknown>)[k])) &&
  isOneOf(FOCUSES)((v as Record<string, unknown>).focus) &&
  ((v as Record<string, unknown>).reviewId === undefined ||
    isString((v as Record<string, unknown>).reviewId));
const isFixTarget = (v: unknown): v is FixTarget => {
  if (v === null || typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  return (
    ['path', 'check', 'fingerprint', 'message'].every((k) => isString(t[k])) &&
    isCount(t.line) &&
    Array.isArray(t.baseline) &&
    t.baseline.every(isString)
  );
};
const isPaths = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isFloor = (v: unknown): v is PrivacyFloor => {
  if (v === null || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  return (
    typeof f.localOnly === 'boolean' &&
    isOneOf(['auto', 'off'] as const)(f.cloudMode) &&
    isOneOf(['allow', 'ask', 'never'] as const)(f.cloudPolicy) &&
    isPaths(f.neverSend)
  );
};
const FLOOR_SHAPE = 'a { localOnly, cloudMode, cloudPolicy, neverSend } object';

function submitBody(raw: unknown): SubmitRequest {
  const body = objectBody(raw);
  return {
    kind: field(body, 'kind', isOneOf(TASK_KINDS), TASK_KINDS.join(' | ')),
    messages: field(body, 'messages', isMessages, 'a non-empty list of { role, content } messages'),
    priority: field(
      body,
      'priority',
      isOneOf(['interactive', 'background'] as const),
      'interactive | background',
      true,
    ),
    repo: field(body, 'repo', isString, 'a path', true),
    idempotencyKey: field(body, 'idempotencyKey', isString, 'a non-empty string', true),
    supersedeKey: field(body, 'supersedeKey', isString, 'a non-empty string', true),
    files: field(body, 'files', isCount, 'a whole number', true),
    lines: field(body, 'lines', isCount, 'a whole number', true),
    focus: field(body, 'focus', isOneOf(FOCUSES), FOCUSES.join(' | '), true),
    paths: field(body, 'paths', isPaths, 'a list of paths', true),
    maxTokens: field(body, 'maxTokens', isCount, 'a whole number', true),
    target: field(body, 'target', isTarget, 'a { path, symbol, bodyHash, style } object', true),
    review: field(body, 'review', isReviewTarget, 'a { label, base, head, focus } object', true),
    prefer: field(body, 'prefer', isOneOf(['local', 'cloud'] as const), 'local | cloud', true),
    floor: field(body, 'floor', isFloor, FLOOR_SHAPE, true),
    fix: field(
      body,
      'fix',
      isFixTarget,
      'a { path, check, fingerprint, line, message, baseline } object',
      true,
    ),
  };
}

function routeBody(raw: unknown): RouteRequest {
  const body = objectBody(raw);
  return {
    kind: field(body, 'kind', isOneOf(TASK_KINDS), TASK_KINDS.join(' | ')),
    files: field(body, 'files', isCount, 'a whole number'),
    lines: field(body, 'lines', isCount, 'a whole number'),
    focus: field(body, 'focus', isOneOf(FOCUSES), FOCUSES.join(' | '), true),
    promptTokens: field(body, 'promptTokens', isCount, 'a whole number', true),
  };
}

function reviewBody(raw: unknown): ReviewRequest {
  const body = objectBody(raw);
  return {
    path: field(body, 'path', isString, 'a path'),
    range: field(body, 'range', isString, 'a revision range', true),
    staged: field(
      body,
      'staged',
      (v): v is boolean => typeof v === 'boolean',
      'true | false',
      true,
    ),
    focus: field(body, 'focus', isOneOf(FOCUSES), FOCUSES.join(' | '), true),
    prefer: field(body, 'prefer', isOneOf(['local', 'cloud'] as const), 'local | cloud', true),
    floor: field(body, 'floor', isFloor, FLOOR_SHAPE, true),
  };
}

const idBody = (raw: unknown) => ({ id: field(objectBody(raw), 'id', isString, 'a task id') });
const statusBody = (raw: unknown) => ({
  status: field(objectBody(raw), 'status', isString, 'a task status', true),
});

const cancelTasksBody = (raw: unknown): CancelTasksRequest => {
  const body = objectBody(raw);
  return {
    ids: field(body, 'ids', isPaths, 'a list of task ids', true),
    kind: field(body, 'kind', isString, 'a task kind', true),
    repo: field(body, 'repo', isString, 'a repository path', true),
    reason: field(body, 'reason', isString, 'a reason', true),
  };
};

/** The most tasks one batch call submits or reads. */
export const MAX_BATCH = 1000;

/** Checks a request body against its call's shape; throws BadRequest naming what is wrong. */
export const VALIDATE: { readonly [K in CallName]: (body: unknown) => Api[K]['request'] } = {
  status: empty,
  repos: empty,
  watch: pathBody,
  unwatch: pathBody,
  stop: empty,
  submit: submitBody,
  submitMany: (raw) => {
    const requests = objectBody(raw).requests;
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_BATCH)
      throw new BadRequest('bad-field', `"requests" must be a list of 1 to ${MAX_BATCH} tasks`);
    return { requests: requests.map(submitBody) };
  },
  queue: statusBody,
  task: idBody,
  tasks: (raw) => {
    const ids = field(objectBody(raw), 'ids', isPaths, 'a list of task ids');
    if (ids.length > MAX_BATCH)
      throw new BadRequest('bad-field', `"ids" must hold at most ${MAX_BATCH} task ids`);
    return { ids };
  },
  retryTask: idBody,
  cancelTask: idBody,
  cancelTasks: cancelTasksBody,
  approveTask: idBody,
  rejectTask: idBody,
  route: routeBody,
  review: reviewBody,
};
