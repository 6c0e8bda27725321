/**
 * What the model-task runner takes and gives: a task request (the prompt, and what the router
 * needs to place it), the filters and questions it answers, and a task as people see it. The
 * wire protocol (ipc/protocol.ts) carries these shapes as they are.
 */
import type { PrivacyFloor } from '../config/privacy.js';
import type { Priority } from '../queue/types.js';
import type { Focus, TaskKind } from '../router/policy.js';
import type { DocstringTarget } from '../tasks/docstring/types.js';
import type { FixTarget } from '../tasks/fix/types.js';
import type { ReviewRequest, ReviewTarget, ReviewView } from '../tasks/review/types.js';

/**
 * The review kind's request and view, which processes exchange (`hearth review`, the daemon's
 * `review` call): named here so that the wire reaches a kind's shapes only through the runner,
 * never a kind's folder (test/unit/architecture/walls.test.ts).
 */
export type { ReviewRequest, ReviewView };

/** A model task to run: the prompt, and what the router needs to place it. */
export interface SubmitRequest {
  kind: TaskKind;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  priority?: Priority;
  repo?: string;
  /** The same key again returns the existing task instead of a second one. */
  idempotencyKey?: string;
  /** A newer task with the same key supersedes (and aborts) the older one. */
  supersedeKey?: string;
  files?: number;
  lines?: number;
  focus?: Focus;
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
  /** The caller's privacy settings: the runner applies the stricter of its own and these. */
  floor?: PrivacyFloor;
}

/** `hearth route`: where a task of this kind and size would go, without a prompt. */
export interface RouteRequest {
  kind: TaskKind;
  files: number;
  lines: number;
  focus?: Focus;
  promptTokens?: number;
}

/** Which unfinished tasks to cancel: all that match every field given. */
export interface CancelTasksRequest {
  ids?: string[];
  kind?: string;
  /** A work tree's root, as the tasks record it. */
  repo?: string;
  /** Why, as the tasks will say it; default: cancelled with hearth queue cancel. */
  reason?: string;
}

/** A queued model task as the CLI shows it. */
export interface TaskView {
  id: string;
  kind: string;
  status: string;
  priority: Priority;
  /** The router's decision (local, cloud, wait-online, ...) and why. */
  route: string | null;
  reason: string | null;
  attempts: number;
  endpoint: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}
