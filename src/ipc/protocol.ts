/**
 * The daemon's IPC protocol: HTTP with JSON bodies on a Unix socket. Both sides import these
 * shapes, so a change shows up in the compiler on both. Bump PROTOCOL_VERSION on any change that
 * an older peer would misread. Only what travels on the socket lives here: calls, routes,
 * envelopes, validators. The shapes inside them are the domain's (repos/, runner/, tasks/*),
 * imported from their homes, so a change there is a change here too.
 */

import { isPrivacyFloor, PRIVACY_FLOOR_SHAPE } from '../config/privacy.js';
import { BadRequest, type ErrorCode } from '../errors.js';
import type { RepoInfo } from '../repos/types.js';
import { FOCUSES, TASK_KINDS } from '../router/policy.js';
import { readSubmitRequest } from '../runner/read-submit-request.js';
import type {
  CancelTasksRequest,
  ReviewRequest,
  ReviewView,
  RouteRequest,
  SubmitRequest,
  TaskView,
} from '../runner/types.js';
import type { PowerState } from '../sources/power.js';
import {
  isCount,
  isOneOf,
  isText,
  isTextList,
  readField,
  readObject,
} from '../util/read-fields.js';

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
  error: { code: ErrorCode; message: string };
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

function routeBody(raw: unknown): RouteRequest {
  const body = readObject(raw);
  return {
    kind: readField(body, 'kind', isOneOf(TASK_KINDS), TASK_KINDS.join(' | ')),
    files: readField(body, 'files', isCount, 'a whole number'),
    lines: readField(body, 'lines', isCount, 'a whole number'),
    focus: readField(body, 'focus', isOneOf(FOCUSES), FOCUSES.join(' | '), true),
    promptTokens: readField(body, 'promptTokens', isCount, 'a whole number', true),
  };
}

function reviewBody(raw: unknown): ReviewRequest {
  const body = readObject(raw);
  return {
    path: readField(body, 'path', isText, 'a path'),
    range: readField(body, 'range', isText, 'a revision range', true),
    staged: readField(
      body,
      'staged',
      (v): v is boolean => typeof v === 'boolean',
      'true | false',
      true,
    ),
    focus: readField(body, 'focus', isOneOf(FOCUSES), FOCUSES.join(' | '), true),
    prefer: readField(body, 'prefer', isOneOf(['local', 'cloud'] as const), 'local | cloud', true),
    floor: readField(body, 'floor', isPrivacyFloor, PRIVACY_FLOOR_SHAPE, true),
  };
}

const idBody = (raw: unknown) => ({ id: readField(readObject(raw), 'id', isText, 'a task id') });
const statusBody = (raw: unknown) => ({
  status: readField(readObject(raw), 'status', isText, 'a task status', true),
});

const cancelTasksBody = (raw: unknown): CancelTasksRequest => {
  const body = readObject(raw);
  return {
    ids: readField(body, 'ids', isTextList, 'a list of task ids', true),
    kind: readField(body, 'kind', isText, 'a task kind', true),
    repo: readField(body, 'repo', isText, 'a repository path', true),
    reason: readField(body, 'reason', isText, 'a reason', true),
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
  submit: readSubmitRequest,
  submitMany: (raw) => {
    const requests = readObject(raw).requests;
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_BATCH)
      throw new BadRequest('bad-field', `"requests" must be a list of 1 to ${MAX_BATCH} tasks`);
    return { requests: requests.map(readSubmitRequest) };
  },
  queue: statusBody,
  task: idBody,
  tasks: (raw) => {
    const ids = readField(readObject(raw), 'ids', isTextList, 'a list of task ids');
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
