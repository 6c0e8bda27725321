import { errorMessage } from '../errors.js';
import { languageOf, supportFor } from './languages/index.js';
import { readSource, type SkipReason, type SourceFile } from './read-source.js';
import type { CodeSymbol, LanguageId } from './types.js';

export type FileAnalysis =
  | {
      ok: true;
      language: LanguageId;
      contentHash: string;
      symbols: CodeSymbol[];
      parseErrors: number;
    }
  | { ok: false; reason: SkipReason; message: string; language?: LanguageId };

export type FileSkip = Extract<FileAnalysis, { ok: false }>;

/**
 * Reads one file and extracts its symbols, or says why it was skipped. Never throws: a file the
 * parser chokes on is a skip with the reason, not a crash.
 */
export async function analyzeFile(
  file: string,
  options: { maxFileBytes: number },
): Promise<FileAnalysis> {
  const read = await readForAnalysis(file, options);
  return 'text' in read ? extractSymbols(file, read.language, read) : read;
}

/** The first half of analyzeFile: the language and the text, or the reason to skip. */
export async function readForAnalysis(
  file: string,
  options: { maxFileBytes: number },
): Promise<(Extract<SourceFile, { ok: true }> & { language: LanguageId }) | FileSkip> {
  const language = languageOf(file);
  if (!language)
    return { ok: false, reason: 'unsupported', message: `${file}: not a language hearth reads` };
  const source = await readSource(file, options.maxFileBytes);
  return { ...source, language };
}

type Extractor = (
  file: string,
  language: LanguageId,
  source: { text: string; contentHash: string },
) => Promise<FileAnalysis>;

let elsewhere: Extractor | undefined;

/**
 * Sends every extraction of this process to `extractor` (the daemon's worker thread), also those
 * of the stages that parse a file again (docstring verification, apply); undefined: here again.
 */
export function useExtractor(extractor: Extractor | undefined): void {
  elsewhere = extractor;
}

/** The second half: parse the text with the language's extractor (where useExtractor says). */
export function extractSymbols(
  file: string,
  language: LanguageId,
  source: { text: string; contentHash: string },
): Promise<FileAnalysis> {
  return elsewhere ? elsewhere(file, language, source) : extractHere(file, language, source);
}

/** Parses on this thread. */
export async function extractHere(
  file: string,
  language: LanguageId,
  source: { text: string; contentHash: string },
): Promise<FileAnalysis> {
  try {
    const support = await supportFor(file);
    if (!support) throw new Error('no extractor for this file type');
    const result = await support.extract(source.text, file);
    return { ok: true, language, contentHash: source.contentHash, ...result };
  } catch (error) {
    return {
      ok: false,
      reason: 'parse-failed',
      language,
      message: `${file} could not be parsed: ${errorMessage(error)}`,
    };
  }
}
