import path from 'node:path';
import { extractSymbols, readForAnalysis } from '../../analysis/analyze-file.js';
import { findGeneratedReason } from '../../analysis/generated.js';
import { languageOf } from '../../analysis/languages/index.js';
import type { LanguageId } from '../../analysis/types.js';
import type { HearthConfig } from '../../config/schema.js';
import { listWorkTreeFiles } from '../../repos/git.js';
import { detectDocStyle } from './style.js';
import type { DocStyle } from './types.js';

/** Enough files to see a repo's habit without parsing a large repo whole. */
const SAMPLE_FILES = 40;

/**
 * The doc style a repo already uses for a language, read from the docs of up to 40 of its files
 * (spread over the listing); a forced style from config wins. Never throws: a repo that cannot be
 * listed gets the language's default.
 */
export async function findHouseStyle(
  repo: string,
  language: LanguageId,
  config: Pick<HearthConfig, 'docstrings' | 'analysis'>,
  extract: typeof extractSymbols = extractSymbols,
): Promise<DocStyle> {
  const forced = (config.docstrings.style as Record<string, DocStyle | 'auto' | undefined>)[
    language
  ];
  if (forced && forced !== 'auto') return detectDocStyle(language, [], forced);
  const options = { maxFileBytes: config.analysis.maxFileBytes };
  const files = await listWorkTreeFiles(repo)
    .then((listing) => listing.files.filter((file) => languageOf(file) === language).sort())
    .catch(() => [] as string[]);
  const step = Math.max(1, Math.ceil(files.length / SAMPLE_FILES));
  const docs: string[] = [];
  for (let i = 0; i < files.length; i += step) {
    const file = path.join(repo, files[i] as string);
    const read = await readForAnalysis(file, options);
    // A generated file's docs are its generator's habit, not the house's.
    if (!('text' in read) || findGeneratedReason(files[i] as string, read.text)) continue;
    const analysis = await extract(file, read.language, read);
    if (analysis.ok) for (const symbol of analysis.symbols) if (symbol.doc) docs.push(symbol.doc);
  }
  return detectDocStyle(language, docs);
}
