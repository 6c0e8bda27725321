import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzeFile } from '../../analysis/analyze-file.js';
import { languageOf } from '../../analysis/languages/index.js';
import { diagnosticFingerprint } from '../../checks/parsers/index.js';
import { type CheckRun, runCheck } from '../../checks/run-check.js';
import type { CheckConfig, Diagnostic } from '../../checks/types.js';
import type { HearthConfig } from '../../config/schema.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { TaskRecord } from '../../queue/types.js';
import { listChangedLines } from '../../repos/changed-lines.js';
import { buildNeverSendMatcher } from '../../router/never-send.js';
import type { SuggestionOutcome } from '../../runner/task-kinds.js';
import { type ModelTaskResult, readKindInputs } from '../../runner/task-record.js';
import type { TaskService } from '../../runner/task-service.js';
import { sha256 } from '../../suggestions/apply.js';
import type { SuggestionStore } from '../../suggestions/store.js';
import { makeFixSuggestion, patchFile } from './make-fix.js';
import { buildFixPrompt } from './prompt.js';
import type { FixTarget } from './types.js';

/** At most this many fix tasks per check run: a broken build should not flood the queue. */
const MAX_FIXES_PER_RUN = 20;

export interface FixServiceDeps {
  tasks: TaskService;
  suggestions: SuggestionStore;
  config: (repo: string) => HearthConfig;
  logger: Logger;
  /** True while checks should wait (on a low battery): they run once `resume` is called. */
  holdChecks?: () => boolean;
  /**
   * Whether the user let checks that run code verify fixes in the repo (they run the model's
   * patch); read at each verification, from the user's trust file. Without it: never.
   */
  verifyWithChecks?: (repo: string) => boolean;
}

/**
 * The fix stage: after saves settle, a repo's configured checks run (one run at a time per repo);
 * each error or warning on a changed line becomes a local fix task; answers become suggestions
 * verified on a scratch copy. Open fixes whose problem is gone are superseded; those whose file
 * changed are carried over and verified again.
 */
export class FixService {
  readonly #deps: FixServiceDeps;
  readonly #repos = new Map<
    string,
    { timer?: NodeJS.Timeout; running?: Promise<void>; again?: boolean; held?: boolean }
  >();
  #closed = false;

  constructor(deps: FixServiceDeps) {
    this.#deps = deps;
    deps.tasks.onComplete('fix', (task, result) => this.complete(task, result));
  }

  /** A file of the repo changed: check the repo once saves settle. */
  fileChanged(repo: string): void {
    if (this.#closed) return;
    const config = this.#deps.config(repo);
    if (config.checks.length === 0) return;
    const state = this.#repos.get(repo) ?? {};
    this.#repos.set(repo, state);
    clearTimeout(state.timer);
    // Saves within `fixes.checkDebounceMs` make one check run.
    state.timer = setTimeout(() => this.#start(repo), config.fixes.checkDebounceMs);
    state.timer.unref();
  }

  /** Lets a running check finish; starts no more. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const state of this.#repos.values()) clearTimeout(state.timer);
    await Promise.allSettled([...this.#repos.values()].map((s) => s.running));
  }

  /** Runs the checks that waited while they were held (the machine is plugged in again). */
  resume(): void {
    for (const [repo, state] of this.#repos) {
      if (!state.held) continue;
      state.held = false;
      this.#start(repo);
    }
  }

  #start(repo: string): void {
    const state = this.#repos.get(repo);
    if (!state || this.#closed) return;
    // A check run is background work too: on a low battery it waits, once for all saves.
    if (this.#deps.holdChecks?.()) {
      state.held = true;
      return;
    }
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = this.checkRepo(repo)
      .catch((error) => {
        this.#deps.logger.warn('checks failed', { repo, error: errorMessage(error) });
      })
      .finally(() => {
        state.running = undefined;
        if (state.again) {
          state.again = false;
          this.#start(repo);
        }
      });
  }

  /** One run of every configured check on the work tree, and what follows from it. */
  async checkRepo(repo: string): Promise<void> {
    const config = this.#deps.config(repo);
    const runs: CheckRun[] = [];
    for (const check of config.checks) {
      const run = await runCheck(check, repo);
      this.#deps.logger.info('check ran', {
        repo,
        check: check.name,
        exitCode: run.exitCode,
        diagnostics: run.diagnostics.length,
        ms: run.ms,
        ...(run.timedOut ? { timedOut: true } : {}),
      });
      for (const dropped of run.dropped.slice(0, 20))
        this.#deps.logger.warn('check path dropped', { repo, check: check.name, ...dropped });
      if (!run.timedOut) runs.push(run);
    }
    const found = runs.flatMap((run) => run.diagnostics.map((d) => ({ d, check: run.check })));
    const present = new Set(found.map(({ d }) => diagnosticFingerprint(d)));
    await this.#followOpenFixes(repo, present, new Set(runs.map((run) => run.check)), config);
    const neverSend = buildNeverSendMatcher([...config.neverSend]);
    const candidates = found.filter(({ d }) => d.severity !== 'note' && !neverSend(d.file));
    const files = [...new Set(candidates.map(({ d }) => d.file))];
    const changed = await listChangedLines(repo, files).catch((error: unknown) => {
      // Unknown is not "wholly changed": no fix is asked for until git answers again.
      this.#deps.logger.warn('changed lines unknown', { repo, error: errorMessage(error) });
      return new Map<string, Set<number> | 'all'>();
    });
    const open = new Set(
      this.#deps.suggestions.list({ repo, kind: 'fix' }).map((s) => s.fingerprint),
    );
    const baseline = [...present].slice(0, 500);
    let submitted = 0;
    for (const { d, check } of candidates) {
      const lines = changed.get(d.file);
      if (!lines || (lines !== 'all' && !lines.has(d.line))) continue;
      const fingerprint = diagnosticFingerprint(d);
      const key = { repo, path: d.file, fingerprint };
      if (open.has(fingerprint) || this.#deps.suggestions.isRejected(key)) continue;
      if (submitted++ >= MAX_FIXES_PER_RUN) break;
      await this.#submit(repo, d, { check, fingerprint, baseline });
    }
  }

  async #submit(
    repo: string,
    d: Diagnostic,
    meta: { check: string; fingerprint: string; baseline: string[] },
  ): Promise<void> {
    const file = path.join(repo, d.file);
    const language = languageOf(file);
    const { maxFileBytes } = this.#deps.config(repo).analysis;
    const analysis = language ? await analyzeFile(file, { maxFileBytes }) : undefined;
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (!language || !analysis?.ok || text === undefined) return;
    const messages = buildFixPrompt({
      path: d.file,
      language,
      text: text.replace(/^\uFEFF/, ''),
      diagnostics: [d],
      symbols: analysis.symbols,
    });
    const target: FixTarget = {
      path: d.file,
      check: meta.check,
      fingerprint: meta.fingerprint,
      line: d.line,
      message: d.code ? `${d.code}: ${d.message}` : d.message,
      baseline: meta.baseline,
    };
    // The same problem in the same code asks once; new code around it asks again.
    const context = createHash('sha256').update(messages[messages.length - 1]?.content ?? '');
    const supersedeKey = `fix:${JSON.stringify([repo, d.file, meta.fingerprint])}`;
    this.#deps.tasks.submit({
      kind: 'fix',
      messages,
      repo,
      paths: [d.file],
      files: 1,
      lines: 1,
      maxTokens: 1200,
      supersedeKey,
      idempotencyKey: `${supersedeKey}:${context.digest('hex').slice(0, 32)}`,
      fix: target,
    });
  }

  /** The completion of a fix task: a suggestion, verified or not, or the reason there is none. */
  async complete(task: TaskRecord, result: ModelTaskResult): Promise<SuggestionOutcome> {
    const read = readKindInputs('fix', task);
    if (!read.ok) return { dropped: read.reason };
    const target = read.inputs.request.fix;
    if (!task.repo) return { dropped: 'the task names no diagnostic' };
    const config = this.#deps.config(task.repo);
    const check = findCheck(config, target.check);
    if (!check) return { dropped: `the check ${target.check} is no longer configured` };
    const made = await makeFixSuggestion({
      repo: task.repo,
      target,
      check,
      answer: result.text,
      taskId: task.id,
      maxFileBytes: config.analysis.maxFileBytes,
      verifyWithChecks: this.#deps.verifyWithChecks?.(task.repo) ?? false,
    });
    const where = { repo: task.repo, path: target.path, line: target.line, task: task.id };
    if (!made.ok) {
      this.#deps.logger.info('fix dropped', { ...where, reason: made.reason });
      return { dropped: made.reason };
    }
    const suggestion = this.#deps.suggestions.add(made.suggestion);
    const state = suggestion.verified ? 'verified' : 'unverified';
    this.#deps.logger.info(`fix suggested (${state})`, {
      ...where,
      suggestion: suggestion.id,
      note: made.note,
    });
    return { suggestionId: suggestion.id, verified: suggestion.verified === true, note: made.note };
  }

  /**
   * Open fixes: superseded when their problem is gone, carried over when their file changed.
   * Only fixes of checks that finished this run are judged: a check that timed out said nothing.
   */
  async #followOpenFixes(
    repo: string,
    present: Set<string>,
    finished: Set<string>,
    config: HearthConfig,
  ): Promise<void> {
    const { suggestions } = this.#deps;
    const judged = suggestions.list({ repo, kind: 'fix' }).filter((s) => finished.has(s.check));
    for (const open of judged) {
      if (!present.has(open.fingerprint)) {
        suggestions.setStatus(open.id, 'superseded', 'the checker no longer reports the problem');
        continue;
      }
      const current = await readFile(path.join(repo, open.path)).catch(() => undefined);
      if (!current || sha256(current) === open.baseHash) continue;
      const check = findCheck(config, open.check);
      const patch =
        check && open.edits.length > 0
          ? await patchFile({
              repo,
              target: { path: open.path, fingerprint: open.fingerprint, baseline: [...present] },
              check,
              edits: open.edits,
              maxFileBytes: config.analysis.maxFileBytes,
              verifyWithChecks: this.#deps.verifyWithChecks?.(repo) ?? false,
            })
          : { ok: false as const, reason: 'nothing to carry over' };
      if (patch.ok) suggestions.rebase(open.id, patch);
      else suggestions.setStatus(open.id, 'superseded', patch.reason);
    }
  }
}

function findCheck(config: HearthConfig, name: string): CheckConfig | undefined {
  return config.checks.find((check) => check.name === name);
}
