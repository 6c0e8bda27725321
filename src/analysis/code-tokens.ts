import { errorMessage } from '../errors.js';
import type { Checked } from '../util/checked.js';
import { languageOf } from './languages/index.js';

/**
 * A file's code as a list of tokens: what must not change when only comments and docstrings
 * do. Whitespace, line endings, comments and docstrings leave no token; string literals are one
 * token each, their whitespace included.
 */
export interface CodeTokens {
  tokens: string[];
  /** How many syntax errors the parser recovered from. */
  parseErrors: number;
}

/**
 * Stands after each statement (and class member): where a statement ends can hang on a line
 * break (Python's layout, JavaScript's and Go's automatic semicolons), so the same tokens with
 * the breaks moved must not compare equal. No language has a token spelled like this.
 */
export const STATEMENT_END = '<end of statement>';

type TokenLister = (path: string, text: string) => Promise<Checked<CodeTokens>>;

let elsewhere: TokenLister | undefined;

/** Sends every token listing of this process to `lister` (the daemon's worker thread). */
export function useTokenLister(lister: TokenLister | undefined): void {
  elsewhere = lister;
}

/** The code tokens of `text`, parsed as the language of `path` (where useTokenLister says). */
export function listCodeTokens(path: string, text: string): Promise<Checked<CodeTokens>> {
  return elsewhere ? elsewhere(path, text) : listCodeTokensHere(path, text);
}

/** The code tokens of `text`, parsed on this thread. Never throws. */
export async function listCodeTokensHere(path: string, text: string): Promise<Checked<CodeTokens>> {
  const language = languageOf(path);
  if (!language) return { ok: false, reason: `${path}: not a language hearth reads` };
  try {
    if (language === 'typescript' || language === 'javascript') {
      const { listTypeScriptTokens } = await import('./code-tokens-typescript.js');
      return { ok: true, ...(await listTypeScriptTokens(path, text)) };
    }
    const { listTreeSitterTokens } = await import('./code-tokens-tree-sitter.js');
    return { ok: true, ...(await listTreeSitterTokens(language, text)) };
  } catch (error) {
    return { ok: false, reason: `${path} could not be read as code: ${errorMessage(error)}` };
  }
}

/**
 * Adds a token unless it is only whitespace. Line endings inside it become `\n`, as every
 * language here reads them in string literals and template strings.
 */
export function pushToken(tokens: string[], text: string): void {
  if (text.trim() !== '') tokens.push(text.replace(/\r\n?/g, '\n'));
}
