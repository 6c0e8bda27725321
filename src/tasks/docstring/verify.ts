import { extractSymbols } from '../../analysis/analyze-file.js';
import { listCodeTokens, STATEMENT_END } from '../../analysis/code-tokens.js';
import { languageOf } from '../../analysis/languages/index.js';
import type { CodeSymbol } from '../../analysis/types.js';
import { errorMessage } from '../../errors.js';
import type { Checked } from '../../util/checked.js';
import { findDirectiveChange } from './verify-directives.js';
import { findLostDocLines } from './verify-kept-lines.js';

/** A docstring patch to check: the whole file before and after it, without BOM. */
export interface DocPatch {
  path: string;
  before: string;
  after: string;
  /** The qualified name of the symbol the doc was written for. */
  target: string;
  /** The doc that was inserted, when known. */
  doc?: string;
}

export type DocPatchCheck = Checked<Record<never, never>>;

/**
 * Principle 2 before a docstring patch is stored: the patched file parses as well as before,
 * its code tokens are the same, every directive comment governs the line it governed, of its
 * symbols only the target's doc changed, and that doc lost no line a person wrote (entries of
 * parameters that are gone excepted). Never throws.
 */
export async function verifyDocPatch(patch: DocPatch): Promise<DocPatchCheck> {
  try {
    const reason =
      (await findCodeChange(patch)) ??
      findDirectiveChange(patch) ??
      (await findSymbolChange(patch));
    return reason === undefined ? { ok: true } : { ok: false, reason };
  } catch (error) {
    return { ok: false, reason: `the patch could not be verified: ${errorMessage(error)}` };
  }
}

/** Why the patch changes more than comments and docstrings, or undefined when it does not. */
async function findCodeChange(patch: DocPatch): Promise<string | undefined> {
  const [before, after] = await Promise.all([
    listCodeTokens(patch.path, patch.before),
    listCodeTokens(patch.path, patch.after),
  ]);
  if (!before.ok) return before.reason;
  if (!after.ok) return after.reason;
  const added = after.parseErrors - before.parseErrors;
  if (added > 0) {
    return `the patched file does not parse: ${added} new syntax error${added === 1 ? '' : 's'}`;
  }
  return findTokenChange(before.tokens, after.tokens);
}

function findTokenChange(before: string[], after: string[]): string | undefined {
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i++) {
    if (before[i] !== after[i]) {
      return `code changed at token ${i + 1}: ${describeToken(before[i])} became ${describeToken(after[i])}`;
    }
  }
  return undefined;
}

function describeToken(token: string | undefined): string {
  if (token === undefined) return 'the end of the file';
  if (token === STATEMENT_END) return 'the end of a statement';
  return JSON.stringify(token.length > 60 ? `${token.slice(0, 57)}...` : token);
}

/**
 * Why the symbols say more changed than the target's doc, or that doc lost lines; undefined when
 * neither. One parse of each version serves every check.
 */
async function findSymbolChange(patch: DocPatch): Promise<string | undefined> {
  const language = languageOf(patch.path);
  if (!language) return `${patch.path}: not a language hearth reads`;
  const [before, after] = await Promise.all([
    extractSymbols(patch.path, language, { text: patch.before, contentHash: '' }),
    extractSymbols(patch.path, language, { text: patch.after, contentHash: '' }),
  ]);
  if (!before.ok) return before.message;
  if (!after.ok) return after.message;
  return (
    compareOutlines(before.symbols, after.symbols) ??
    checkTarget(patch, before.symbols, after.symbols) ??
    compareOtherDocs(patch.target, before.symbols, after.symbols) ??
    findLostDocLines(patch, before.symbols, language)
  );
}

/** The same symbols in the same order, with the same kinds and signatures. */
function compareOutlines(before: CodeSymbol[], after: CodeSymbol[]): string | undefined {
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const was = before[i];
    const now = after[i];
    if (!now) return `symbol ${was?.qualifiedName} vanished`;
    if (!was) return `symbol ${now.qualifiedName} appeared`;
    const name = was.qualifiedName;
    if (name !== now.qualifiedName) {
      if (!after.some((symbol) => symbol.qualifiedName === name)) return `symbol ${name} vanished`;
      return `symbol ${now.qualifiedName} appeared before ${name}`;
    }
    if (was.kind !== now.kind) return `${name} changed from a ${was.kind} to a ${now.kind}`;
    if (was.signature !== now.signature) return `the signature of ${name} changed`;
  }
  return undefined;
}

// Overloads share a qualified name: one of them documented is enough, none may lose its doc.
function checkTarget(
  patch: DocPatch,
  before: CodeSymbol[],
  after: CodeSymbol[],
): string | undefined {
  const { target } = patch;
  const indices = after.flatMap((symbol, i) => (symbol.qualifiedName === target ? [i] : []));
  if (indices.length === 0) return `there is no symbol ${target} in ${patch.path}`;
  const documented = indices.map((i) => after[i] as CodeSymbol).filter((s) => s.hasDoc);
  if (documented.length === 0) return `${target} has no doc after the patch`;
  if (indices.some((i) => before[i]?.hasDoc && !after[i]?.hasDoc)) {
    return `an overload of ${target} lost its doc`;
  }
  if (patch.doc !== undefined && !documented.some((s) => s.doc?.trim())) {
    return `the doc of ${target} is empty after the patch`;
  }
  return undefined;
}

/** Every symbol other than the target keeps its doc exactly. */
function compareOtherDocs(
  target: string,
  before: CodeSymbol[],
  after: CodeSymbol[],
): string | undefined {
  for (const [i, was] of before.entries()) {
    const now = after[i];
    if (was.qualifiedName === target || !now) continue;
    if (was.hasDoc !== now.hasDoc || was.doc !== now.doc) {
      return `the doc of ${was.qualifiedName} changed too`;
    }
  }
  return undefined;
}
