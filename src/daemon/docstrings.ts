import { findHouseStyle } from '../analysis/house-style.js';
import type { LanguageId } from '../analysis/types.js';
import type { HearthConfig } from '../config/schema.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { applySuggestions, whyNeedsItsId } from '../outputs/apply-suggestions.js';
import { buildDocPatch } from '../outputs/docstring/build-patch.js';
import {
  type CurrentFile,
  findTargetSymbol,
  makeDocstringSuggestion,
} from '../outputs/docstring/make-suggestion.js';
import type { SuggestionStore } from '../outputs/suggestion-store.js';
import type { TaskRecord } from '../queue/types.js';
import { buildNeverSendMatcher } from '../router/never-send.js';
import { buildDocstringRequest, needsDoc, pickSymbolsToDocument } from '../tasks/docstring/plan.js';
import type { DocStyle } from '../tasks/docstring/types.js';
import type { AnalysedListener } from './repo-monitor.js';
import type { ModelTaskInputs, ModelTaskResult, TaskService } from './task-service.js';

/** How long a repo's detected house style is trusted before it is read again. */
const STYLE_TTL_MS = 10 * 60_000;

export interface DocstringServiceDeps {
  tasks: TaskService;
  suggestions: SuggestionStore;
  config: (repo: string) => HearthConfig;
  logger: Logger;
}

/**
 * The docstring stage of the daemon: symbols that changed and lack a doc (or have a stale one)
 * become local tasks; answers become verified suggestions (applied at once in `auto` mode); open
 * suggestions follow their file as it changes.
 */
export class DocstringService {
  readonly #deps: DocstringServiceDeps;
  readonly #styles = new Map<string, { style: Promise<DocStyle>; at: number }>();

  constructor(deps: DocstringServiceDeps) {
    this.#deps = deps;
    deps.tasks.onComplete('docstring', (task, result) => this.complete(task, result));
  }

  /** A repo monitor's listener: queue docs for what changed, and carry open suggestions along. */
  readonly fileAnalysed: AnalysedListener = async (repo, rel, update) => {
    const config = this.#deps.config(repo);
    // A neverSend file goes to no model, so it gets no docstring task either.
    if (config.docstrings.mode === 'off' || buildNeverSendMatcher([...config.neverSend])(rel))
      return;
    const file: CurrentFile = {
      language: update.analysis.language,
      ...update.source,
      contentHash: update.analysis.contentHash,
      symbols: update.analysis.symbols,
    };
    try {
      await this.#followFile(repo, rel, file, config);
      const picked = pickSymbolsToDocument(update.changes, file);
      for (const skip of picked.skipped) {
        this.#deps.logger.info('docstring skipped', {
          repo,
          path: rel,
          symbol: skip.symbol.qualifiedName,
          reason: skip.reason,
        });
      }
      for (const symbol of picked.symbols) {
        const key = { repo, path: rel, symbol: symbol.qualifiedName, bodyHash: symbol.bodyHash };
        if (this.#deps.suggestions.isRejected(key)) continue;
        const style = await this.styleFor(repo, file.language, config);
        // One refused task (a full disk keeps it for later) does not stop the others.
        try {
          this.#deps.tasks.submit(
            buildDocstringRequest({
              repo,
              path: rel,
              style,
              ...file,
              symbol,
              symbols: file.symbols,
            }),
          );
        } catch (error) {
          this.#deps.logger.warn('could not queue a docstring', {
            repo,
            path: rel,
            symbol: symbol.qualifiedName,
            error: errorMessage(error),
          });
        }
      }
    } catch (error) {
      this.#deps.logger.warn('could not queue docstrings', {
        repo,
        path: rel,
        error: errorMessage(error),
      });
    }
  };

  /** The completion of a docstring task: a verified suggestion, or the reason there is none. */
  async complete(task: TaskRecord, result: ModelTaskResult): Promise<string> {
    const { request } = task.inputs as ModelTaskInputs;
    const { target } = request;
    if (!task.repo || !target) return 'dropped: the task names no symbol';
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
      return `dropped: ${made.reason}`;
    }
    const suggestion = this.#deps.suggestions.add(made.suggestion);
    this.#deps.logger.info('docstring suggested', { ...where, suggestion: suggestion.id });
    const held = whyNeedsItsId(suggestion);
    if (config.docstrings.mode !== 'auto' || held)
      return `suggestion ${suggestion.id}${held ? ` kept: ${held}` : ''}`;
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
    return `suggestion ${suggestion.id} ${outcome?.applied ? 'applied' : `kept: ${outcome?.message}`}`;
  }

  /** The repo's house style for a language, detected once per ten minutes. */
  styleFor(repo: string, language: LanguageId, config: HearthConfig): Promise<DocStyle> {
    const forced = (config.docstrings.style as Record<string, string | undefined>)[language];
    const key = `${repo}\0${language}\0${forced ?? ''}`;
    const cached = this.#styles.get(key);
    if (cached && Date.now() - cached.at < STYLE_TTL_MS) return cached.style;
    const style = findHouseStyle(repo, language, config);
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
