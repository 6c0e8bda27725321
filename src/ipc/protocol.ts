/**
 * The daemon's IPC protocol: HTTP with JSON bodies on a Unix socket. Both sides import these
 * shapes, so a change shows up in the compiler on both. Bump PROTOCOL_VERSION on any change that
 * an older peer would misread. Only what travels on the socket lives here: calls, routes,
 * envelopes (the daemon's checks of request bodies are in validate.ts, so a CLI call loads none
 * of them). The shapes inside them are the domain's (repos/, runner/, tasks/*),
 * imported from their homes, so a change there is a change here too.
 */

import type { ErrorCode } from '../errors.js';
import type { RepoInfo } from '../repos/types.js';
import type {
  CancelTasksRequest,
  ReviewRequest,
  ReviewView,
  RouteRequest,
  SubmitRequest,
  TaskView,
} from '../runner/types.js';
import type { PowerState } from '../sources/power.js';

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

/** The most tasks one batch call submits or reads. */
export const MAX_BATCH = 1000;
