import path from 'node:path';
import { findGeneratedReason } from '../../analysis/generated.js';
import { listSourceFiles } from '../../analysis/list-source-files.js';
import type { HearthConfig } from '../../config/schema.js';
import { errorMessage, HearthError } from '../../errors.js';
import { findWorkTreeRoot } from '../../repos/git.js';
import { buildNeverSendMatcher } from '../../router/never-send.js';
import type { SubmitRequest } from '../../runner/types.js';
import type { Suggestion, SuggestionStore } from '../../suggestions/store.js';
import { findHouseStyle } from './house-style.js';
import { readCurrentFile } from './make-suggestion.js';
import { buildDocstringRequest, needsDoc, splitRuntimeDocs } from './plan.js';
import type { RuntimeDocReason } from './runtime-doc.js';
import type { DocStyle } from './types.js';

/*
 * The plan of a one-shot run (`hearth docstrings PATH...`): every file under the paths, read
 * and parsed here, and each symbol that needs a doc as a task request; the daemon's passes plan
 * in stage.ts instead.
 */

/** One symbol to document: the task's request, and where it is for the report. */
export interface PlannedDoc {
  request: SubmitRequest;
  repo: string;
  path: string;
  symbol: string;
}

/** A symbol left undocumented because its docstring is read at run time. */
export interface RuntimeSkip extends RuntimeDocReason {
  path: string;
  symbol: string;
}

/** What became of one planned doc. */
export type DocResult =
  | { planned: PlannedDoc; suggestion: Suggestion }
  | { planned: PlannedDoc; dropped: string };

/**
 * Every symbol under the targets that needs a doc, as a task to run, unless it was rejected or an
 * open suggestion for the same code exists already (reused: a second run asks nothing again).
 */
export async function planDocs(
  targets: string[],
  load: (repo?: string) => HearthConfig,
  store: SuggestionStore,
): Promise<{
  docs: PlannedDoc[];
  reused: DocResult[];
  skipped: Array<{ path: string; reason: string }>;
  runtime: RuntimeSkip[];
}> {
  let files: string[];
  try {
    files = await listSourceFiles(targets);
  } catch (error) {
    throw new HearthError('docstrings-path', `cannot document: ${errorMessage(error)}`);
  }
  const docs: PlannedDoc[] = [];
  const reused: DocResult[] = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  const runtime: RuntimeSkip[] = [];
  const styles = new Map<string, Promise<DocStyle>>();
  for (const file of files) {
    const repo = await findWorkTreeRoot(file).catch(() => path.dirname(file));
    const rel = path.relative(repo, file).split(path.sep).join('/');
    const config = load(repo);
    if (buildNeverSendMatcher([...config.neverSend])(rel)) {
      skipped.push({ path: rel, reason: 'matches neverSend' });
      continue;
    }
    const current = await readCurrentFile(repo, rel, config.analysis.maxFileBytes);
    if (!current.ok) {
      skipped.push({ path: rel, reason: current.reason });
      continue;
    }
    const { file: source } = current;
    // Its generator would overwrite the docs (and it may hold thousands of functions).
    const generated = findGeneratedReason(rel, source.text);
    if (generated) {
      skipped.push({ path: rel, reason: `generated: ${generated}` });
      continue;
    }
    const styleKey = `${repo}\0${source.language}`;
    if (!styles.has(styleKey)) {
      styles.set(styleKey, findHouseStyle(repo, source.language, config));
    }
    const style = await (styles.get(styleKey) as Promise<DocStyle>);
    const needed = source.symbols.filter((symbol) => needsDoc(symbol, source.language));
    const picked = splitRuntimeDocs(needed, source);
    for (const { symbol, group, reason } of picked.skipped) {
      runtime.push({ path: rel, symbol: symbol.qualifiedName, group, reason });
    }
    for (const symbol of picked.symbols) {
      const key = { repo, path: rel, symbol: symbol.qualifiedName, bodyHash: symbol.bodyHash };
      if (store.isRejected(key)) continue;
      const request = buildDocstringRequest({
        repo,
        path: rel,
        style,
        ...source,
        symbol,
        symbols: source.symbols,
        priority: 'interactive',
      });
      const planned = { request, repo, path: rel, symbol: symbol.qualifiedName };
      const open = store
        .list({ repo, path: rel, kind: 'docstring' })
        .find((s) => s.symbol === symbol.qualifiedName && s.bodyHash === symbol.bodyHash);
      if (open?.baseHash === source.contentHash) reused.push({ planned, suggestion: open });
      else docs.push(planned);
    }
  }
  return { docs, reused, skipped, runtime };
}
