import type { SymbolChange } from '../../analysis/symbol-diff.js';
import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import type { SubmitRequest } from '../../runner/types.js';
import { buildDocstringPrompt } from './prompt.js';
import { findRuntimeDocReason, type RuntimeDocReason } from './runtime-doc.js';
import { isDocStale } from './stale.js';
import type { DocStyle } from './types.js';

/** Enough for a long Google docstring; an answer that needs more is refused anyway. */
const DOCSTRING_MAX_TOKENS = 600;

/** A symbol that should get a doc: it has none, or its documented parameters are out of date. */
export function needsDoc(symbol: CodeSymbol, language: LanguageId): boolean {
  return !symbol.hasDoc || isDocStale(symbol, language);
}

/** A symbol that needs a doc but gets none, because its docstring is runtime text. */
export interface RuntimeDocSkip extends RuntimeDocReason {
  symbol: CodeSymbol;
}

/**
 * The added or changed symbols of one analysis that should get a doc, and those left alone
 * because their doc is read at run time (a click command's help, a route's OpenAPI text). Pure.
 */
export function pickSymbolsToDocument(
  changes: readonly SymbolChange[],
  file: { language: LanguageId; text: string },
): { symbols: CodeSymbol[]; skipped: RuntimeDocSkip[] } {
  const candidates = changes
    .filter((change) => change.type !== 'removed' && needsDoc(change.symbol, file.language))
    .map((change) => change.symbol);
  return splitRuntimeDocs(candidates, file);
}

/** The symbols hearth may document, and the others with the reason why not. Pure. */
export function splitRuntimeDocs(
  candidates: readonly CodeSymbol[],
  file: { language: LanguageId; text: string },
): { symbols: CodeSymbol[]; skipped: RuntimeDocSkip[] } {
  const symbols: CodeSymbol[] = [];
  const skipped: RuntimeDocSkip[] = [];
  for (const symbol of candidates) {
    const runtime = findRuntimeDocReason(symbol, file);
    if (runtime) skipped.push({ symbol, ...runtime });
    else symbols.push(symbol);
  }
  return { symbols, skipped };
}

/**
 * The queue keys of a docstring task: the same body asks once (a re-save costs nothing, a
 * restart re-finds the same task), and an edited symbol supersedes its older task.
 */
export function docstringKeys(
  repo: string,
  path: string,
  symbol: Pick<CodeSymbol, 'qualifiedName' | 'bodyHash'>,
  occurrence = 1,
): { idempotencyKey: string; supersedeKey: string } {
  // A namesake later in the file (the other branch of an `if`) is another symbol, not a newer
  // version of the first: its key says which one it is.
  const name = occurrence > 1 ? `${symbol.qualifiedName}#${occurrence}` : symbol.qualifiedName;
  const supersedeKey = `docstring:${JSON.stringify([repo, path, name])}`;
  return { supersedeKey, idempotencyKey: `${supersedeKey}:${symbol.bodyHash}` };
}

/** The local model task that asks for one symbol's doc. Pure. */
export function buildDocstringRequest(input: {
  repo: string;
  /** Repo-relative, `/`-separated. */
  path: string;
  language: LanguageId;
  style: DocStyle;
  text: string;
  symbol: CodeSymbol;
  symbols: readonly CodeSymbol[];
  priority?: 'interactive' | 'background';
}): SubmitRequest {
  const { repo, path, symbol, style } = input;
  return {
    kind: 'docstring',
    messages: buildDocstringPrompt(input),
    priority: input.priority ?? 'background',
    repo,
    ...docstringKeys(repo, path, symbol, countOccurrence(input.symbols, symbol)),
    paths: [path],
    files: 1,
    lines: symbol.endLine - symbol.startLine + 1,
    maxTokens: DOCSTRING_MAX_TOKENS,
    target: { path, symbol: symbol.qualifiedName, bodyHash: symbol.bodyHash, style },
  };
}

/** Which of the file's symbols of this name it is: 1 for the first, 2 for the next... Pure. */
function countOccurrence(symbols: readonly CodeSymbol[], symbol: CodeSymbol): number {
  const namesakes = symbols.filter((s) => s.qualifiedName === symbol.qualifiedName);
  return Math.max(1, namesakes.findIndex((s) => s.startLine === symbol.startLine) + 1);
}
