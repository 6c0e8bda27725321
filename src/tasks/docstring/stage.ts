import type { extractSymbols } from '../../analysis/analyze-file.js';
import type { AnalysedListener } from '../../analysis/symbol-cache.js';
import type { SymbolChange } from '../../analysis/symbol-diff.js';
import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import type { HearthConfig } from '../../config/schema.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { TaskRecord } from '../../queue/types.js';
import { neverSendMatcherFor } from '../../router/never-send.js';
import type { SuggestionOutcome } from '../../runner/task-kinds.js';
import { type ModelTaskResult, readKindInputs } from '../../runner/task-record.js';
import type { TaskService } from '../../runner/task-service.js';
import { applySuggestions, whyNeedsItsId } from '../../suggestions/apply.js';
import type { SuggestionStore } from '../../suggestions/store.js';
import { createSlicer, yieldToLoop } from '../../util/yield.js';
import { buildDocPatch } from './build-patch.js';
import { capForFile, mergeLeftovers } from './caps.js';
import { findHouseStyle } from './house-style.js';
import { Leftovers } from './leftovers.js';
import { type CurrentFile, findTargetSymbol, makeDocstringSuggestion } from './make-suggestion.js';
import { buildDocstringRequest, needsDoc, type RuntimeDocSkip, splitRuntimeDocs } from './plan.js';
import { summarizeRuntimeSkips } from './runtime-doc.js';
import type { DocStyle } from './types.js';

/** How long a repo's detected house style is trusted before it is read again. */
const STYLE_TTL_MS = 10 * 60_000;
/** More symbols of a file skipped for runtime docstrings than this are logged as one line. */
const RUNTIME_SKIPS_LISTED = 5;

export interface DocstringServiceDeps {
  tasks: TaskService;
  suggestions: SuggestionStore;
  config: (repo: string) => HearthConfig;
  logger: Logger;
  /** Parses files for the house style (the daemon's does it on a worker thread). */
  extract?: typeof extractSymbols;
}

/**
 * The docstring stage of the daemon: symbols that changed and lack a doc (or have a stale one)
 * become local tasks; answers become verified suggestions (applied at once in `auto` mode); open
 * suggestions follow their file as it changes.
 */
export class DocstringService {
  readonly #deps: DocstringServiceDeps;
  readonly #styles = new Map<string, { style: Promise<DocStyle>; at: number }>();
  readonly #leftovers = new Leftovers();
  #closed = false;

  constructor(deps: DocstringServiceDeps) {
    this.#deps = deps;
    deps.tasks.onComplete('docstring', (task, result) => this.complete(task, result));
  }

  /**
   * A repo monitor's listener, once per analysis pass: docs are queued for what changed (and for
   * what an earlier pass's caps left over), at most `docstrings.maxPerFile` per file and
   * `docstrings.maxPerPass` in all; open suggestions are carried along.
   */
  readonly passAnalysed: AnalysedListener = async (repo, files) => {
    const config = this.#deps.config(repo);
    if (config.docstrings.mode === 'off') return;
    const budget = { passLeft: config.docstrings.maxPerPass };
    const now = new Set<string>();
    for (const { rel, update } of files) {
      if (this.#closed) return;
      now.add(rel);
      const file: CurrentFile = {
        language: update.analysis.language,
        ...update.source,
        contentHash: update.analysis.contentHash,
        symbols: update.analysis.symbols,
      };
      const leftover = this.#leftovers.take(repo, rel);
      const changed = update.changes.flatMap((c: SymbolChange) =>
        c.type === 'removed' ? [] : [c.symbol],
      );
      const candidates = mergeLeftovers(changed, leftover, file.symbols);
      await yieldToLoop();
      await this.#queueFile(repo, rel, file, candidates, {
        config,
        budget,
        follow: true,
      });
    }
    // Then what earlier passes left over in the repo's other files, while the pass has room.
    for (const left of this.#leftovers.inRepo(repo)) {
      if (this.#closed || budget.passLeft <= 0) return;
      if (now.has(left.rel)) continue;
      this.#leftovers.take(repo, left.rel);
      await this.#queueFile(repo, left.rel, left.file, left.symbols, { config, budget });
    }
  };

  /** Stops queueing: a pass under way ends at its next step (the daemon is stopping). */
  close(): void {
    this.#closed = true;
  }

  /**
   * One file's candidates: open suggestions followed (when the file was analysed now), the
   * symbols that need a doc and may get one, queued up to the caps in one batch; the rest kept
   * for a later pass, with one line in the log.
   */
  async #queueFile(
    repo: string,
    rel: string,
    file: CurrentFile,
    candidates: readonly CodeSymbol[],
    options: { config: HearthConfig; budget: { passLeft: number }; follow?: boolean },
  ): Promise<void> {
    const { config, budget } = options;
    // A neverSend file goes to no model, so it gets no docstring task either.
    if (neverSendMatcherFor(config.neverSend)(rel)) return;
    try {
      if (options.follow) await this.#followFile(repo, rel, file, config);
      const needed = candidates.filter((symbol) => needsDoc(symbol, file.language));
      await yieldToLoop();
      const picked = splitRuntimeDocs(needed, file);
      await yieldToLoop();
      this.#logRuntimeSkips(repo, rel, picked.skipped);
      const cap = capForFile({ perFile: config.docstrings.maxPerFile, passLeft: budget.passLeft });
      const slicer = createSlicer();
      const chosen: CodeSymbol[] = [];
      let next = 0;
      for (; next < picked.symbols.length && chosen.length < cap; next++) {
        const symbol = picked.symbols[next] as CodeSymbol;
        const key = { repo, path: rel, symbol: symbol.qualifiedName, bodyHash: symbol.bodyHash };
        if (!this.#deps.suggestions.isRejected(key)) chosen.push(symbol);
        await slicer.pause();
      }
      const later = picked.symbols.slice(next);
      if (chosen.length > 0) {
        const style = await this.styleFor(repo, file.language, config);
        const requests = [];
        for (const symbol of chosen) {
          if (this.#closed) return;
          requests.push(
            buildDocstringRequest({
              repo,
              path: rel,
              style,
              ...file,
              symbol,
              symbols: file.symbols,
            }),
          );
          await slicer.pause();
        }
        if (this.#closed) return;
        this.#deps.tasks.submitAll(requests);
        budget.passLeft -= chosen.length;
      }
      if (later.length > 0) {
        this.#leftovers.keep(repo, rel, file, later);
        this.#deps.logger.info('docstrings left for later', {
          repo,
          path: rel,
          queued: chosen.length,
          left: later.length,
          reason: `at most ${config.docstrings.maxPerFile} per file and ${config.docstrings.maxPerPass} per pass (docstrings.maxPerFile, docstrings.maxPerPass); the rest are queued on later passes, or all at once with: hearth docstrings ${rel}`,
        });
      }
    } catch (error) {
      this.#deps.logger.warn('could not queue docstrings', {
        repo,
        path: rel,
        error: errorMessage(error),
      });
    }
  }

  /** Symbols whose docstring is runtime text: one line each, or one line for many. */
  #logRuntimeSkips(repo: string, rel: string, skipped: readonly RuntimeDocSkip[]): void {
    if (skipped.length > RUNTIME_SKIPS_LISTED) {
      this.#deps.logger.info('docstrings skipped', {
        repo,
        path: rel,
        reason: summarizeRuntimeSkips(skipped),
      });
      return;
    }
    for (const skip of skipped) {
      this.#deps.logger.info('docstring skipped', {
        repo,
        path: rel,
        symbol: skip.symbol.qualifiedName,
        reason: skip.reason,
      });
    }
  }

  /** The completion of a docstring task: a verified suggestion, or the reason there is none. */
  async complete(task: TaskRecord, result: ModelTaskResult): Promise<SuggestionOutcome> {
    const read = readKindInputs('docstring', task);
    if (!read.ok) return { dropped: read.reason };
    const { target } = read.inputs.request;
    if (!task.repo) return { dropped: 'the task names no symbol' };
    const config = this.#deps.config(task.repo);
    const made = await makeDocstringSuggestion({
      repo: task.repo,
      target,
      answer: result.text,
      taskId: task.id,
      options: { ...config.docstrings, maxFileBytes: config.analysis.maxFileBytes },
    });
    const where = { repo: task.repo, path: target.path, symbol: target.symbol, task: task.id };
    if (!made.ok) {
      this.#deps.logger.info('docstring dropped', { ...where, reason: made.reason });
      return { dropped: made.reason };
    }
    const suggestion = this.#deps.suggestions.add(made.suggestion);
    this.#deps.logger.info('docstring suggested', { ...where, suggestion: suggestion.id });
    const held = whyNeedsItsId(suggestion);
    if (config.docstrings.mode !== 'auto' || held)
      return { suggestionId: suggestion.id, ...(held ? { note: `kept: ${held}` } : {}) };
    const [outcome] = await applySuggestions(
      this.#deps.suggestions,
      [suggestion],
      config.docstrings,
    );
    this.#deps.logger.info(outcome?.applied ? 'docstring applied' : 'docstring not applied', {
      ...where,
      suggestion: suggestion.id,
      message: outcome?.message,
    });
    return outcome?.applied
      ? { suggestionId: suggestion.id, applied: true }
      : { suggestionId: suggestion.id, note: `kept: ${outcome?.message}` };
  }

  /** The repo's house style for a language, detected once per ten minutes. */
  styleFor(repo: string, language: LanguageId, config: HearthConfig): Promise<DocStyle> {
    const forced = (config.docstrings.style as Record<string, string | undefined>)[language];
    const key = `${repo}\0${language}\0${forced ?? ''}`;
    const cached = this.#styles.get(key);
    if (cached && Date.now() - cached.at < STYLE_TTL_MS) return cached.style;
    const style = findHouseStyle(repo, language, config, this.#deps.extract);
    this.#styles.set(key, { style, at: Date.now() });
    return style;
  }

  /**
   * Open suggestions for a file that changed: recomputed for the new content when their symbol
   * is untouched and still undocumented, superseded otherwise.
   */
  async #followFile(
    repo: string,
    rel: string,
    file: CurrentFile,
    config: HearthConfig,
  ): Promise<void> {
    const { suggestions, logger } = this.#deps;
    // Fixes in the file are the fix stage's to follow (after its check runs again).
    for (const open of suggestions.list({ repo, path: rel })) {
      if (open.kind !== 'docstring' || open.baseHash === file.contentHash) continue;
      const symbol = findTargetSymbol(file.symbols, open);
      const patch =
        symbol && needsDoc(symbol, file.language)
          ? await buildDocPatch({
              path: rel,
              ...file,
              style: open.style as DocStyle,
              symbol,
              doc: open.doc,
              width: config.docstrings.width,
            })
          : { ok: false as const, reason: `${open.symbol} changed or was documented` };
      if (patch.ok) {
        suggestions.rebase(open.id, { baseHash: file.contentHash, ...patch });
      } else {
        suggestions.setStatus(open.id, 'superseded', patch.reason);
        logger.debug('suggestion superseded', { suggestion: open.id, reason: patch.reason });
      }
    }
  }
}
