import path from 'node:path';
import { extractSymbols, readForAnalysis } from '../../analysis/analyze-file.js';
import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import { verifyInsideWorkTree } from '../../repos/safe-path.js';
import type { NewDocstringSuggestion } from '../../suggestions/types.js';
import type { Checked } from '../../util/checked.js';
import { buildDocPatch, hasWrittenDoc } from './build-patch.js';
import { checkDocSize, findAddedLines } from './check-doc-size.js';
import { sanitizeDocAnswer } from './sanitize.js';
import { isDocStale } from './stale.js';
import type { DocStyle, DocstringTarget } from './types.js';

export interface DocstringOptions {
  width: number;
  maxLines: number;
  maxFileBytes: number;
}

/** A file as it is now: its text without BOM, and its symbols. */
export interface CurrentFile {
  language: LanguageId;
  text: string;
  hasBom: boolean;
  contentHash: string;
  symbols: CodeSymbol[];
}

/**
 * Reads and parses a repo file now, or says why it cannot be documented. The path comes from a
 * stored task: it is read only when it names a file inside the work tree (after symlinks).
 */
export async function readCurrentFile(
  repo: string,
  rel: string,
  maxFileBytes: number,
): Promise<Checked<{ file: CurrentFile }>> {
  const inside = verifyInsideWorkTree(repo, rel);
  if (!inside.ok) return inside;
  const absolute = path.join(repo, inside.rel);
  const read = await readForAnalysis(absolute, { maxFileBytes });
  if (!('text' in read)) return { ok: false, reason: read.message };
  const analysis = await extractSymbols(absolute, read.language, read);
  if (!analysis.ok) return { ok: false, reason: analysis.message };
  const { text, hasBom, contentHash, language } = read;
  return { ok: true, file: { language, text, hasBom, contentHash, symbols: analysis.symbols } };
}

/** The symbol the target names, if it still has the body the doc was written for. */
export function findTargetSymbol(
  symbols: readonly CodeSymbol[],
  target: { symbol: string; bodyHash: string },
): CodeSymbol | undefined {
  return symbols.find((s) => s.qualifiedName === target.symbol && s.bodyHash === target.bodyHash);
}

/**
 * A model's answer for a docstring task turned into a stored-ready suggestion: the file is read
 * again (it may have changed while the model thought), the answer sanitised, the patch built and
 * verified. Any failure is a reason, logged by the caller; nothing is written here.
 */
export async function makeDocstringSuggestion(input: {
  repo: string;
  target: DocstringTarget;
  answer: string;
  taskId: string | null;
  options: DocstringOptions;
}): Promise<Checked<{ suggestion: NewDocstringSuggestion }>> {
  const { repo, target, options } = input;
  const current = await readCurrentFile(repo, target.path, options.maxFileBytes);
  if (!current.ok) return current;
  const { file } = current;
  const symbol = findTargetSymbol(file.symbols, target);
  if (!symbol)
    return {
      ok: false,
      reason: `${target.symbol} changed or vanished since the doc was asked for`,
    };
  const style = target.style as DocStyle;
  const sanitized = sanitizeDocAnswer(input.answer, {
    language: file.language,
    style,
    symbolName: symbol.name,
    maxLines: options.maxLines,
  });
  if (!sanitized.ok)
    return { ok: false, reason: `the model's answer was refused: ${sanitized.reason}` };
  const update = hasWrittenDoc(symbol);
  // A doc that names parameters the symbol does not have would be stale the moment it lands.
  // (An update takes only the answer's entries for new parameters: the rest may be anything.)
  if (!update && isDocStale({ ...symbol, hasDoc: true, doc: sanitized.text }, file.language))
    return {
      ok: false,
      reason: `the model's answer documents parameters that do not match ${symbol.qualifiedName}(${symbol.params.join(', ')})`,
    };
  const patch = await buildDocPatch({
    path: target.path,
    text: file.text,
    hasBom: file.hasBom,
    language: file.language,
    style,
    symbol,
    doc: sanitized.text,
    width: options.width,
  });
  if (!patch.ok) {
    const what = update ? 'the parameter update was refused' : 'the patch failed verification';
    return { ok: false, reason: `${what}: ${patch.reason}` };
  }
  // An update adds entries only: those, not the whole answer, are what the code must carry.
  const added = update ? findAddedLines(patch.diff).join('\n') : sanitized.text;
  const size = checkDocSize({ ...options, diff: patch.diff, doc: added, symbol });
  if (!size.ok) return { ok: false, reason: `the model's answer was refused: ${size.reason}` };
  return {
    ok: true,
    suggestion: {
      kind: 'docstring',
      repo,
      path: target.path,
      symbol: symbol.qualifiedName,
      bodyHash: symbol.bodyHash,
      baseHash: file.contentHash,
      doc: patch.doc,
      style,
      diff: patch.diff,
      after: patch.after,
      taskId: input.taskId,
    },
  };
}
