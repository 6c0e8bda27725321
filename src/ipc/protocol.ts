/**
 * The daemon's IPC protocol: HTTP with JSON bodies on a Unix socket. Both sides import these
 * shapes, so a change shows up in the compiler on both. Bump PROTOCOL_VERSION on any change that
 * an older peer would misread. Only what travels on the socket lives here: calls, routes,
 * envelopes, validators. The shapes inside them are the domain's (repos/, runner/, tasks/*),
 * imported from their homes, so a change there is a change here too.
 */

import type { PrivacyFloor } from '../config/privacy.js';
import type { RepoInfo } from '../repos/types.js';
import { FOCUSES, TASK_KINDS } from '../router/policy.js';
import type {
  CancelTasksRequest,
  ReviewRequest,
  ReviewView,
  RouteRequest,
  SubmitRequest,
  TaskView,
} from '../runner/types.js';
import type { PowerState } from '../sources/power.js';

// Each kind's part of a task request, as the runner names it: the wire knows no task kind itself.
type DocstringTarget = NonNullable<SubmitRequest['target']>;
type FixTarget = NonNullable<SubmitRequest['fix']>;
type ReviewTarget = NonNullable<SubmitRequest['review']>;

export const PROTOCOL_VERSION = 3;
/** Sent by the CLI on every request; the daemon refuses a version it does not speak. */
export const PROTOCOL_HEADER = 'x-hearth-protocol';
export const MAX_BODY_BYTES = 1024 * 1024;

/** The `status` call's answer: the daemon, its queue and endpoints, and each watched repo. */
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

/** Each call: its HTTP method and path, and the shapes of its request and response bodies. */
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
