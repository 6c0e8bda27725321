import { readFileSync } from 'node:fs';
import type { ScheduledTask } from 'node-cron';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { git } from '../../repos/git.js';
import { atomicWriteFile } from '../../util/atomic-write.js';
import { setAsideDamaged } from '../../util/damaged-files.js';
import { describeJsonError, findJsonErrorOffset } from '../../util/json-error.js';
import type { ReviewService } from './stage.js';

/** A repository never reviewed on schedule starts with the commits of the last day. */
const FIRST_LOOK_BACK_MS = 24 * 60 * 60 * 1000;

export interface ScheduledReviewsDeps {
  reviews: Pick<ReviewService, 'reviewRanges'>;
  /** The watched repositories that exist now. */
  repos: () => readonly string[];
  /** Where each repository's last scheduled review ended (its head commit). */
  stateFile: string;
  logger: Logger;
  now?: () => number;
}

type State = Record<string, { head: string; at: string }>;

/**
 * `reviews.schedule`: on a cron expression, each watched repository gets one background review
 * of the commits made since its last scheduled review, like a pushed range (the first time: the
 * last day's, or all after the first commit in a younger repository); a repository with nothing
 * new gets none. A rewritten history (the last reviewed commit is no longer behind HEAD) starts
 * over from a day ago.
 */
export class ScheduledReviews {
  readonly #deps: ScheduledReviewsDeps;
  #task: ScheduledTask | undefined;
  #expression = '';
  /** Why the expression was refused, once node-cron has read it. */
  #error: string | undefined;
  /** node-cron loading for the latest expression (5 MB: only when a schedule is set). */
  #loading: Promise<void> = Promise.resolve();
  #generation = 0;
  #running: Promise<void> | undefined;

  constructor(deps: ScheduledReviewsDeps) {
    this.#deps = deps;
  }

  /** (Re)schedules for a cron expression; an empty one stops. A bad one is logged, not thrown. */
  configure(expression: string): Promise<void> {
    if (expression === this.#expression) return this.#loading;
    void this.#task?.stop();
    this.#task = undefined;
    this.#error = undefined;
    this.#expression = expression;
    const generation = ++this.#generation;
    if (!expression) {
      this.#loading = Promise.resolve();
      return this.#loading;
    }
    this.#loading = import('node-cron').then(({ default: cron }) => {
      // A newer expression (or close) came while node-cron loaded: this one is out of date.
      if (generation !== this.#generation) return;
      try {
        this.#task = cron.schedule(expression, () => void this.runOnce(), {
          name: 'scheduled-reviews',
          noOverlap: true,
        });
        this.#deps.logger.info('scheduled reviews', { schedule: expression });
      } catch (error) {
        this.#error = 'not a cron expression';
        this.#deps.logger.error('reviews.schedule is not a cron expression node-cron accepts', {
          schedule: expression,
          error: errorMessage(error),
        });
      }
    });
    return this.#loading;
  }

  /** The schedule and its next round, for `hearth status`; undefined when none is set. */
  describe(): { schedule: string; next: string | null; error?: string } | undefined {
    if (!this.#expression) return undefined;
    if (!this.#task)
      return {
        schedule: this.#expression,
        next: null,
        ...(this.#error ? { error: this.#error } : {}),
      };
    return { schedule: this.#expression, next: this.#task.getNextRun()?.toISOString() ?? null };
  }

  /** One round over the watched repositories; a round still running makes this a no-op. */
  runOnce(): Promise<void> {
    this.#running ??= this.#round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    this.#generation++;
    await this.#loading;
    await this.#task?.stop();
    this.#task = undefined;
    await this.#running;
  }

  async #round(): Promise<void> {
    const state = this.#readState();
    for (const repo of this.#deps.repos()) {
      try {
        const head = await git(repo, ['rev-parse', '--verify', '-q', 'HEAD^{commit}']);
        const base = await this.#baseFor(repo, state[repo]?.head, head);
        if (base && base !== head)
          await this.#deps.reviews.reviewRanges(repo, [`${base}..${head}`]);
        state[repo] = { head, at: new Date(this.#now()).toISOString() };
      } catch (error) {
        // An empty repository has no HEAD yet: skipped, and looked at again next round. (A review
        // that cannot be queued is logged by the review stage; its commits are not retried.)
        this.#deps.logger.warn('scheduled review skipped', { repo, error: errorMessage(error) });
      }
    }
    try {
      atomicWriteFile(this.#deps.stateFile, `${JSON.stringify(state, null, 2)}\n`, 0o600);
    } catch (error) {
      // The next round then reviews these commits again rather than skip any.
      this.#deps.logger.error('could not record the scheduled reviews', {
        file: this.#deps.stateFile,
        error: errorMessage(error),
      });
    }
  }

  /** Where this round's range starts: the last reviewed head, else the last commit a day old. */
  async #baseFor(
    repo: string,
    last: string | undefined,
    head: string,
  ): Promise<string | undefined> {
    if (last === head) return head;
    if (last) {
      const behind = await git(repo, ['merge-base', '--is-ancestor', last, head]).then(
        () => true,
        () => false,
      );
      if (behind) return last;
    }
    const before = new Date(this.#now() - FIRST_LOOK_BACK_MS).toISOString();
    const dayOld = await git(repo, ['rev-list', '-1', `--before=${before}`, head]);
    if (dayOld) return dayOld;
    // A repository younger than a day: everything after its first commit.
    const roots = await git(repo, ['rev-list', '--max-parents=0', head]);
    return roots.split('\n').at(-1) || undefined;
  }

  /** Where each repo's last round ended; a damaged file is moved aside and the rounds restart. */
  #readState(): State {
    const file = this.#deps.stateFile;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = JSON.parse(text) as State;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
    } catch {
      // Damaged: below.
    }
    const record = setAsideDamaged(
      file,
      findJsonErrorOffset(text) === undefined
        ? 'it does not hold a JSON object'
        : describeJsonError(text),
      'the next scheduled round of each repository looks back one day',
    );
    this.#deps.logger.error('a damaged state file was moved aside', { ...record });
    return {};
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }
}
