import type { CodeSymbol, LanguageId } from '../../analysis/types.js';
import { locateParamEntries } from './param-entries.js';

/**
 * Whether a doc still matches its function: the parameter names a doc documents, read from the
 * conventions hearth writes, compared with the parameters the code has now.
 */

const CALLABLE_KINDS: ReadonlySet<CodeSymbol['kind']> = new Set(['function', 'method']);

/** Receiver-like names a doc does not have to document. */
const SELF_LIKE: ReadonlySet<string> = new Set(['self', 'cls', 'mcs', 'this']);

/**
 * The parameter names `doc` documents, in order and without repeats; undefined when it documents
 * none (a doc that only describes the function has nothing to go stale). Go has no convention.
 */
export function documentedParams(doc: string, language: LanguageId): string[] | undefined {
  const lines = doc.replace(/\r\n?/g, '\n').split('\n');
  const names = locateParamEntries(lines, language).map((entry) => entry.name);
  const unique = [...new Set(names.map(normaliseName).filter((name) => name !== ''))];
  return unique.length > 0 ? unique : undefined;
}

/** What a callable's doc should document, read from its parameters and signature. */
export interface ParamsToDocument {
  /** Named parameters in signature order, without `_`, bare `*` or receiver-like names. */
  plain: string[];
  /** Those of `plain` that are `*args`, `**kwargs`, `...rest` or Java/Go varargs. */
  variadic: string[];
  /** A destructured parameter: it has no name, so any documented name may be its. */
  destructured: boolean;
}

export function listParamsToDocument(symbol: CodeSymbol, language: LanguageId): ParamsToDocument {
  // `_` is a placeholder nobody documents; a bare `*` or `/` in Python is no parameter.
  const params = symbol.params
    .map(normaliseName)
    .filter((name) => /^[\w${[(]/.test(name) && name !== '_' && !SELF_LIKE.has(name));
  const plain = params.filter((name) => !/^[{[(]/.test(name));
  const variadic = plain.filter((name) => isVariadic(symbol.signature, name, language));
  return { plain, variadic, destructured: params.length > plain.length };
}

/** Whether a documented name may stay: the symbol has it, or it is receiver-like. */
export function keepsDocumentedName(name: string, params: ParamsToDocument): boolean {
  const bare = normaliseName(name);
  return params.destructured || SELF_LIKE.has(bare) || params.plain.includes(bare);
}

/**
 * True when the symbol's doc documents parameters and they are not the ones it has: a named,
 * non-variadic parameter is missing, or a documented one is gone. Classes and other types never
 * are: a constructor's parameters are documented on the constructor.
 */
export function isDocStale(symbol: CodeSymbol, language: LanguageId): boolean {
  if (!CALLABLE_KINDS.has(symbol.kind) || !symbol.doc) return false;
  const documented = documentedParams(symbol.doc, language);
  if (!documented) return false;
  const params = listParamsToDocument(symbol, language);
  const required = params.plain.filter((name) => !params.variadic.includes(name));
  if (required.some((name) => !documented.includes(name))) return true;
  return documented.some((name) => !keepsDocumentedName(name, params));
}

// Python `*args`/`**kwargs`, JS/TS `...rest`, Java `T... xs`, Go `xs ...T`, seen in the signature.
function isVariadic(signature: string, name: string, language: LanguageId): boolean {
  const bare = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns: Record<LanguageId, string | undefined> = {
    python: `(?:^|[(,])\\s*\\*{1,2}\\s*${bare}\\b`,
    typescript: `\\.\\.\\.\\s*${bare}(?![\\w$])`,
    javascript: `\\.\\.\\.\\s*${bare}(?![\\w$])`,
    java: `\\.\\.\\.\\s*${bare}\\b`,
    go: `\\b${bare}\\s+\\.\\.\\.`,
    rust: undefined,
  };
  const pattern = patterns[language];
  return pattern !== undefined && new RegExp(pattern).test(signature);
}

// `*args`, `...rest`, `&x`, `mut x`, `` `x` `` -> the bare name; a destructuring pattern is kept.
export function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/`/g, '')
    .replace(/^(?:\*{1,2}|\.\.\.|&\s*(?:mut\s+)?|mut\s+|ref\s+)/, '')
    .replace(/^(?:mut|ref)\s+/, '')
    .trim();
}
