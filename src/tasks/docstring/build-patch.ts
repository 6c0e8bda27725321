import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import type { Checked } from '../../util/checked.js';
import { buildUnifiedDiff } from '../../util/unified-diff.js';
import { insertDoc } from './insert.js';
import { findRuntimeDocReason } from './runtime-doc.js';
import type { DocStyle, DocText } from './types.js';
import { updateParamSection } from './update-params.js';
import { verifyDocPatch } from './verify.js';

export interface DocPatchInput {
  /** Repo-relative, `/`-separated: the diff's path and the parser's hint. */
  path: string;
  /** The file's text without its BOM. */
  text: string;
  hasBom: boolean;
  language: LanguageId;
  style: DocStyle;
  symbol: CodeSymbol;
  doc: DocText;
  width: number;
}

/**
 * Principle 2 in one step: insert the doc at its syntax-tree position (or, when the symbol has a
 * doc, update only its parameter entries from `doc`), verify that only comments and docstrings
 * changed and only this symbol's doc, then diff. Nothing unverified comes out. `doc` in the
 * result is the doc as it reads after the patch: given again on a later version of the file, it
 * makes the same change. A symbol whose doc is read at run time gets no patch, whoever asks:
 * a task queued, or a suggestion made, before its decorator said so.
 */
export async function buildDocPatch(
  input: DocPatchInput,
): Promise<Checked<{ after: string; diff: string; doc: DocText }>> {
  const runtime = findRuntimeDocReason(input.symbol, input);
  if (runtime) return { ok: false, reason: `${input.symbol.qualifiedName}: ${runtime.reason}` };
  const inserted = hasWrittenDoc(input.symbol)
    ? updateParamSection(input)
    : { ...insertDoc(input), doc: input.doc };
  if (!inserted.ok) return inserted;
  const verified = await verifyDocPatch({
    path: input.path,
    before: input.text,
    after: inserted.text,
    target: input.symbol.qualifiedName,
    doc: input.doc,
  });
  if (!verified.ok) return verified;
  const bom = input.hasBom ? '\uFEFF' : '';
  const after = bom + inserted.text;
  const diff = buildUnifiedDiff(input.path, bom + input.text, after);
  return { ok: true, after, diff, doc: inserted.doc };
}

/** A doc with words in it: only its parameter entries may change. */
export function hasWrittenDoc(symbol: CodeSymbol): boolean {
  return symbol.docRange !== undefined && (symbol.doc ?? '').trim() !== '';
}
