import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import type { Checked, DocStyle, DocText } from '../../tasks/docstring/types.js';
import { buildUnifiedDiff } from '../unified-diff.js';
import { insertDoc } from './insert.js';
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
 * Principle 2 in one step: insert the doc at its syntax-tree position, verify that only comments
 * and docstrings changed and only this symbol's doc, then diff. Nothing unverified comes out.
 */
export async function buildDocPatch(
  input: DocPatchInput,
): Promise<Checked<{ after: string; diff: string }>> {
  const inserted = insertDoc(input);
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
  return { ok: true, after, diff: buildUnifiedDiff(input.path, bom + input.text, after) };
}
