/**
 * The daemon's checks of request bodies, one per call: each throws BadRequest naming what is
 * wrong. Apart from protocol.ts so that the CLI, which only sends, never loads them.
 */
import { isPrivacyFloor, PRIVACY_FLOOR_SHAPE } from '../config/privacy.js';
import { BadRequest } from '../errors.js';
import { FOCUSES, TASK_KINDS } from '../router/policy.js';
import { readSubmitRequest } from '../runner/read-submit-request.js';
import type { CancelTasksRequest, ReviewRequest, RouteRequest } from '../runner/types.js';
import {
  isCount,
  isOneOf,
  isText,
  isTextList,
  readField,
  readObject,
} from '../util/read-fields.js';
import { type Api, type CallName, MAX_BATCH } from './protocol.js';

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
