import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzeFile } from '../../analysis/analyze-file.js';
import { languageOf } from '../../analysis/languages/index.js';
import { applyPrivacyFloor } from '../../config/privacy.js';
import type { HearthConfig } from '../../config/schema.js';
import { errorMessage, HearthError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { countMessageTokens } from '../../providers/tokens.js';
import type { ChatMessage } from '../../providers/types.js';
import type { TaskRecord } from '../../queue/types.js';
import { listChangedLinesOf } from '../../repos/changed-lines.js';
import { findWorkTreeRoot, git, isOnABranch } from '../../repos/git.js';
import { filterNeverSend } from '../../router/never-send.js';
import type { Focus } from '../../router/policy.js';
import type { KindInputs, ReviewOutcome } from '../../runner/task-kinds.js';
import { type ModelTaskResult, readKindInputs } from '../../runner/task-record.js';
import type { TaskService } from '../../runner/task-service.js';
import type { SubmitRequest, TaskView } from '../../runner/types.js';
import { noteReviewArrived } from '../../suggestions/hook-export.js';
import { type ReviewDiff, type ReviewSpec, readReviewDiff, splitDiffByFile } from './diff.js';
import { parseFindings, STRICT_RETRY_INSTRUCTION, selectFindings } from './parse-findings.js';
import { buildReviewPrompt, type FileOutline } from './prompt.js';
import { renderReviewMarkdown } from './render.js';
import { linesAround } from './select-findings.js';
import { type ReviewPart, splitReviewByFile } from './split.js';
import { type Review, type ReviewStore, toReviewReport, toReviewView } from './store.js';
import type { ReviewFinding, ReviewRequest, ReviewTarget, ReviewView } from './types.js';

export interface ReviewServiceDeps {
  tasks: TaskService;
  reviews: ReviewStore;
  config: (repo: string) => HearthConfig;
  logger: Logger;
}

/** Enough for a long list of findings; an answer cut short is repaired or kept as text. */
const REVIEW_MAX_TOKENS = 4000;
/** The router's assumption when the local window is not configured. */
const DEFAULT_LOCAL_WINDOW = 8192;

/**
 * The review stage: a change (range, commit or staged) becomes one review task, routed like any
 * task (large or security reviews want the cloud; offline they wait, under `ask` they wait for
 * approval); its answer becomes findings inside the change, fingerprinted, without those
 * dismissed or reported before, stored once per task.
 */
export class ReviewService {
  readonly #deps: ReviewServiceDeps;

  constructor(deps: ReviewServiceDeps) {
    this.#deps = deps;
    deps.tasks.onComplete('review', (task, result) => this.complete(task, result));
    deps.tasks.onBeforeRun('review', async (task) => {
      const gone = await this.#findGone(task);
      if (!gone) this.#openMissingReview(task);
      return gone;
    });
    deps.tasks.onCancelled('review', (task) => {
      const review = this.#reviewOf(task);
      if (review) deps.reviews.cancel(review.id, task.reason ?? 'its task was cancelled');
    });
    // A part (or the whole) that failed for good fails its review: it would never be done.
    deps.tasks.onFailed('review', (task) => {
      const review = this.#reviewOf(task);
      if (review) deps.reviews.fail(review.id, task.lastError ?? 'its task failed');
    });
  }

  /**
   * `hearth review`: queues an interactive review. `taskKey` starts the idempotency key of each
   * of its tasks (parts and retries too), for a one-shot run that claims only those.
   */
  async request(
    request: ReviewRequest,
  ): Promise<{ review: ReviewView; task: TaskView; taskKey: string }> {
    const repo = await findWorkTreeRoot(request.path);
    const spec: ReviewSpec = request.staged
      ? { kind: 'staged' }
      : request.range?.includes('..')
        ? { kind: 'range', range: request.range }
        : { kind: 'commit', commit: request.range ?? 'HEAD' };
    const change = await readReviewDiff(repo, spec).catch((error: Error) => {
      throw new HearthError(
        'bad-range',
        `cannot review ${request.range ?? 'HEAD'}: ${error.message}`,
      );
    });
    if (change.files.length === 0)
      throw new HearthError(
        'nothing-to-review',
        spec.kind === 'staged' ? 'nothing is staged' : `${change.label} changes no file`,
      );
    return this.#queue(repo, change, request.focus ?? 'general', 'interactive', {
      prefer: request.prefer,
      floor: request.floor,
    });
  }

  /** A commit was made: it gets a review by itself when `reviews.onCommit` says so. */
  async reviewCommit(repo: string, sha: string): Promise<void> {
    const config = this.#deps.config(repo);
    if (config.reviews.onCommit === 'never') return;
    await this.#reviewInBackground(repo, { kind: 'commit', commit: sha }, (change) =>
      config.reviews.onCommit === 'always'
        ? true
        : change.files.length >= config.route.reviewFiles ||
          change.lines >= config.route.reviewLines,
    );
  }

  /** Ranges of commits (pushed refs, a scheduled round) get a background review each. */
  async reviewRanges(repo: string, ranges: readonly string[]): Promise<void> {
    for (const range of ranges) {
      const spec: ReviewSpec = range.includes('..')
        ? { kind: 'range', range }
        : { kind: 'commit', commit: range };
      await this.#reviewInBackground(repo, spec, () => true);
    }
  }

  async #reviewInBackground(
    repo: string,
    spec: ReviewSpec,
    wanted: (change: ReviewDiff) => boolean,
  ): Promise<void> {
    try {
      const change = await readReviewDiff(repo, spec);
      if (change.files.length === 0 || !wanted(change)) return;
      const { review, task } = await this.#queue(repo, change, 'general', 'background');
      this.#deps.logger.info('review queued', {
        repo,
        review: review.id,
        change: change.label,
        route: task.route,
      });
    } catch (error) {
      this.#deps.logger.warn('could not queue a review', { repo, error: errorMessage(error) });
    }
  }

  async #queue(
    repo: string,
    change: ReviewDiff,
    focus: Focus,
    priority: 'interactive' | 'background',
    asked: Pick<ReviewRequest, 'prefer' | 'floor'> = {},
  ): Promise<{ review: ReviewView; task: TaskView; taskKey: string }> {
    const { prefer, floor } = asked;
    const { reviews, tasks } = this.#deps;
    // Before anything is opened: a rename's old path counts too, and a split review's parts
    // name only their own files.
    const { neverSend } = applyPrivacyFloor(this.#deps.config(repo), floor);
    const { blocked } = filterNeverSend(change.paths, neverSend);
    if (blocked.length > 0)
      throw new HearthError(
        'never-send',
        `not sent to any model: ${blocked.join(', ')} match neverSend`,
      );
    const target: ReviewTarget = {
      label: change.label,
      base: change.base,
      head: change.head,
      focus,
    };
    const outlines = await this.#outline(repo, change.files);
    const key = `review:${JSON.stringify([repo, change.base, change.head, focus, prefer ?? ''])}`;
    const request: SubmitRequest = {
      kind: 'review',
      messages: buildReviewPrompt({ label: change.label, focus, diff: change.diff, outlines }),
      priority,
      repo,
      idempotencyKey: key,
      ...(prefer ? { prefer } : {}),
      ...(floor ? { floor } : {}),
      files: change.files.length,
      lines: change.lines,
      focus,
      paths: change.paths,
      maxTokens: REVIEW_MAX_TOKENS,
      review: target,
    };
    const parts = this.#splitForLocal(repo, request, change, outlines);
    if (!parts) {
      const { task } = tasks.submit(request);
      const review = reviews.open({ repo, ...target, taskId: task.id });
      // Refused at once (local-only with cloud.fallback fail): the review ends with the reason.
      if (task.status === 'cancelled') reviews.cancel(review.id, task.reason ?? 'cancelled');
      return { review: toReviewView(reviews.require(review.id)), task, taskKey: key };
    }
    // One review, one task per part; asking again for the same change finds the same review.
    const review =
      reviews.findSame(repo, target) ?? reviews.open({ repo, ...target, taskId: null });
    const submitted = parts.parts.map((part, index) =>
      tasks.submit({
        ...request,
        messages: part.messages,
        idempotencyKey: `${key}:part${index}`,
        files: part.files.length,
        paths: part.files,
        maxTokens: parts.answerTokens,
        review: { ...target, reviewId: review.id, part: { index, count: parts.parts.length } },
      }),
    );
    this.#deps.logger.info('review split by file for the local window', {
      repo,
      review: review.id,
      parts: parts.parts.length,
    });
    return {
      review: toReviewView(reviews.require(review.id)),
      task: (submitted[0] as { task: TaskView }).task,
      taskKey: key,
    };
  }

  /**
   * The parts of a review that will run locally but does not fit the local window (the router
   * sends large reviews to the cloud when it may; this is for local-only, --local, or no cloud).
   */
  #splitForLocal(
    repo: string,
    request: SubmitRequest,
    change: ReviewDiff,
    outlines: readonly FileOutline[],
  ): { parts: ReviewPart[]; answerTokens: number } | undefined {
    const window = this.#deps.config(repo).local.contextTokens || DEFAULT_LOCAL_WINDOW;
    const answerTokens = Math.min(REVIEW_MAX_TOKENS, Math.floor(window / 4));
    const budget = window - answerTokens;
    if (countMessageTokens(request.messages as ChatMessage[]) <= budget) return undefined;
    if (this.#deps.tasks.preview(request).tier !== 'local') return undefined;
    const files = splitDiffByFile(change.diff);
    if (files.length < 2) return undefined;
    const parts = splitReviewByFile(
      { label: change.label, focus: request.focus ?? 'general', files },
      outlines,
      budget,
      (messages) => countMessageTokens(messages),
    );
    return parts.length > 1 ? { parts, answerTokens } : undefined;
  }

  /** A review task's answer: findings read, checked against the change, stored once. */
  async complete(task: TaskRecord, result: ModelTaskResult): Promise<ReviewOutcome> {
    const read = readKindInputs('review', task);
    if (!read.ok) return { dropped: read.reason };
    const target = read.inputs.request.review;
    if (!task.repo) return { dropped: 'the task names no change' };
    const repo = task.repo;
    const { reviews } = this.#deps;
    const review = target.reviewId
      ? reviews.require(target.reviewId)
      : (reviews.byTask(task.id) ?? reviews.open({ repo, ...target, taskId: task.id }));
    if (review.status !== 'pending') return { reviewId: review.id, already: review.status };
    const parsed = parseFindings(result.text);
    if (!parsed.ok && !target.strict) {
      // One more try with a stricter instruction; its answer is kept as text if it fails too.
      this.#retryStrictly(read.inputs, task.id, review.id);
      return {
        reviewId: review.id,
        retrying: `the answer was not JSON (${parsed.reason}); asking once more`,
      };
    }
    const changedLines = await listChangedLinesOf(repo, target);
    const files = await this.#readChangedFiles(repo, target, [...changedLines.keys()]);
    const selected = parsed.ok
      ? selectFindings(parsed.findings, {
          changedLines,
          codeAround: (file, line) => linesAround(files.get(file), line),
          dismissed: reviews.dismissed(repo),
          seen: reviews.reportedFingerprints(repo, review.id),
        })
      : { findings: [], dropped: [] };
    let answer = {
      summary: parsed.ok ? parsed.summary : result.text.trim(),
      summaryOnly: !parsed.ok,
      findings: selected.findings,
    };
    if (target.part) {
      const all = reviews.addPart(review.id, target.part, answer);
      if (!all) return { reviewId: review.id, part: target.part };
      answer = mergeParts(all);
    }
    const stored = reviews.complete(review.id, {
      tier: result.tier,
      model: result.model,
      ...answer,
    });
    if (stored) this.#deliver(repo, reviews.require(review.id));
    this.#deps.logger.info('review stored', {
      repo,
      review: review.id,
      task: task.id,
      findings: selected.findings.length,
      dropped: selected.dropped.length,
      ...(parsed.ok ? {} : { summaryOnly: parsed.reason }),
      ...(stored ? {} : { alreadyStored: true }),
    });
    return { reviewId: review.id, findings: selected.findings.length };
  }

  /**
   * A task queued without its review row (kept in memory while the disk was full, queued later)
   * gets one before it runs, so its answer is delivered like any other.
   */
  #openMissingReview(task: TaskRecord): void {
    const target = this.#targetOf(task);
    if (!task.repo || !target || target.reviewId || this.#reviewOf(task)) return;
    const { label, base, head, focus } = target;
    this.#deps.reviews.open({ repo: task.repo, label, base, head, focus, taskId: task.id });
  }

  /** A task's review: named in its target (a part, a strict retry), else the one it opened. */
  #reviewOf(task: TaskRecord): Review | undefined {
    const reviewId = this.#targetOf(task)?.reviewId;
    return reviewId ? this.#deps.reviews.get(reviewId) : this.#deps.reviews.byTask(task.id);
  }

  /** The change a task reviews; none when its stored inputs name none (or are malformed). */
  #targetOf(task: TaskRecord): ReviewTarget | undefined {
    const read = readKindInputs('review', task);
    return read.ok ? read.inputs.request.review : undefined;
  }

  #retryStrictly(inputs: KindInputs<'review'>, taskId: string, reviewId: string): void {
    const { request } = inputs;
    const messages = request.messages.map((m, i) =>
      i === 0 && m.role === 'system'
        ? { ...m, content: `${m.content}\n${STRICT_RETRY_INSTRUCTION}` }
        : m,
    );
    this.#deps.tasks.submit({
      ...request,
      messages,
      idempotencyKey: `${request.idempotencyKey ?? taskId}:strict`,
      review: { ...request.review, reviewId, strict: true },
    });
  }

  /** Why a queued review should not be sent: its commits are on no branch any more. */
  async #findGone(task: TaskRecord): Promise<string | undefined> {
    const target = this.#targetOf(task);
    if (!task.repo || !target || target.head === 'staged') return undefined;
    if (await isOnABranch(task.repo, target.head)) return undefined;
    return `the reviewed commit ${target.head.slice(0, 7)} is on no branch any more (rebased or reset away)`;
  }

  /** A new review is announced to the next hook, and attached as a git note when asked. */
  #deliver(repo: string, review: Review): void {
    noteReviewArrived(repo, review.id);
    if (!this.#deps.config(repo).reviews.notes || review.head === 'staged') return;
    const markdown = renderReviewMarkdown(toReviewReport(review));
    git(repo, [
      'notes',
      '--ref=hearth',
      'add',
      '--force',
      '--message',
      markdown,
      review.head,
    ]).catch((error) =>
      this.#deps.logger.warn('could not attach the review as a git note', {
        repo,
        review: review.id,
        error: errorMessage(error),
      }),
    );
  }

  async #outline(repo: string, files: readonly string[]): Promise<FileOutline[]> {
    const { maxFileBytes } = this.#deps.config(repo).analysis;
    const outlines: FileOutline[] = [];
    for (const file of files.slice(0, 50)) {
      if (!languageOf(file)) continue;
      const analysis = await analyzeFile(path.join(repo, file), { maxFileBytes });
      if (!analysis.ok) continue;
      const topLevel = analysis.symbols.filter((s) => !s.qualifiedName.includes('.'));
      outlines.push({ path: file, signatures: topLevel.map((s) => s.signature) });
    }
    return outlines;
  }

  /** The reviewed version of each changed file (at the head commit, or staged). */
  async #readChangedFiles(
    repo: string,
    target: ReviewTarget,
    files: readonly string[],
  ): Promise<Map<string, string>> {
    const rev = target.head === 'staged' ? '' : target.head;
    const texts = new Map<string, string>();
    for (const file of files) {
      // The reviewed version; the work tree's when git cannot show it.
      const text = await git(repo, ['show', `${rev}:${file}`], { raw: true }).catch(() =>
        readFile(path.join(repo, file), 'utf8').catch(() => undefined),
      );
      if (text !== undefined) texts.set(file, text);
    }
    return texts;
  }
}

/** The answers of a split review as one: findings concatenated without repeats, summaries joined. */
function mergeParts(
  parts: Array<{ summary: string; summaryOnly: boolean; findings: ReviewFinding[] }>,
): { summary: string; summaryOnly: boolean; findings: ReviewFinding[] } {
  const seen = new Set<string>();
  const findings = parts
    .flatMap((p) => p.findings)
    .filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint));
  return {
    summary: parts
      .map((p) => p.summary)
      .filter(Boolean)
      .join('\n\n'),
    summaryOnly: parts.every((p) => p.summaryOnly),
    findings,
  };
}
