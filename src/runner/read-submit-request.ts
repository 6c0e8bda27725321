import { isPrivacyFloor, PRIVACY_FLOOR_SHAPE } from '../config/privacy.js';
import { FOCUSES, TASK_KINDS } from '../router/policy.js';
import type { DocstringTarget } from '../tasks/docstring/types.js';
import type { FixTarget } from '../tasks/fix/types.js';
import type { ReviewTarget } from '../tasks/review/types.js';
import {
  isCount,
  isOneOf,
  isText,
  isTextList,
  readField,
  readObject,
} from '../util/read-fields.js';
import type { SubmitRequest } from './types.js';

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
const isDocstringTarget = (v: unknown): v is DocstringTarget =>
  v !== null &&
  typeof v === 'object' &&
  ['path', 'symbol', 'bodyHash', 'style'].every((k) => isText((v as Record<string, unknown>)[k]));
const isReviewTarget = (v: unknown): v is ReviewTarget =>
  v !== null &&
  typeof v === 'object' &&
  ['label', 'base', 'head'].every((k) => isText((v as Record<string, unknown>)[k])) &&
  isOneOf(FOCUSES)((v as Record<string, unknown>).focus) &&
  ((v as Record<string, unknown>).reviewId === undefined ||
    isText((v as Record<string, unknown>).reviewId));
const isFixTarget = (v: unknown): v is FixTarget => {
  if (v === null || typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  return (
    ['path', 'check', 'fingerprint', 'message'].every((k) => isText(t[k])) &&
    isCount(t.line) &&
    Array.isArray(t.baseline) &&
    t.baseline.every(isText)
  );
};

/**
 * A model task request read from untrusted JSON (an IPC body; a stored task's request): the
 * fields the runner knows, each checked, or BadRequest naming the first field that is wrong.
 */
export function readSubmitRequest(raw: unknown): SubmitRequest {
  const body = readObject(raw);
  return {
    kind: readField(body, 'kind', isOneOf(TASK_KINDS), TASK_KINDS.join(' | ')),
    messages: readField(
      body,
      'messages',
      isMessages,
      'a non-empty list of { role, content } messages',
    ),
    priority: readField(
      body,
      'priority',
      isOneOf(['interactive', 'background'] as const),
      'interactive | background',
      true,
    ),
    repo: readField(body, 'repo', isText, 'a path', true),
    idempotencyKey: readField(body, 'idempotencyKey', isText, 'a non-empty string', true),
    supersedeKey: readField(body, 'supersedeKey', isText, 'a non-empty string', true),
    files: readField(body, 'files', isCount, 'a whole number', true),
    lines: readField(body, 'lines', isCount, 'a whole number', true),
    focus: readField(body, 'focus', isOneOf(FOCUSES), FOCUSES.join(' | '), true),
    paths: readField(body, 'paths', isTextList, 'a list of paths', true),
    maxTokens: readField(body, 'maxTokens', isCount, 'a whole number', true),
    target: readField(
      body,
      'target',
      isDocstringTarget,
      'a { path, symbol, bodyHash, style } object',
      true,
    ),
    review: readField(
      body,
      'review',
      isReviewTarget,
      'a { label, base, head, focus } object',
      true,
    ),
    prefer: readField(body, 'prefer', isOneOf(['local', 'cloud'] as const), 'local | cloud', true),
    floor: readField(body, 'floor', isPrivacyFloor, PRIVACY_FLOOR_SHAPE, true),
    fix: readField(
      body,
      'fix',
      isFixTarget,
      'a { path, check, fingerprint, line, message, baseline } object',
      true,
    ),
  };
}
