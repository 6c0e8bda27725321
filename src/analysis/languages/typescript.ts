import path from 'node:path';
import type ts from 'typescript';
import { SourceText } from '../source-text.js';
import type { ExtractResult, LanguageSupport } from '../types.js';
import { collectSymbols } from './typescript-symbols.js';

type TypeScript = typeof ts;

// The compiler costs ~0.5 s to import, so it loads on the first file and only once.
let loading: Promise<TypeScript> | undefined;

function loadTypeScript(): Promise<TypeScript> {
  loading ??= import('typescript').then((module) => module.default);
  return loading;
}

/** `.tsx` and `.jsx` turn JSX on; plain `.js` files are parsed as JavaScript (JSX allowed too). */
function resolveScriptKind(api: TypeScript, file: string): ts.ScriptKind {
  switch (path.extname(file).toLowerCase()) {
    case '.tsx':
      return api.ScriptKind.TSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return api.ScriptKind.JS;
    case '.jsx':
      return api.ScriptKind.JSX;
    default:
      return api.ScriptKind.TS;
  }
}

// parseDiagnostics is internal to the compiler but has kept its name and shape for years.
function countParseErrors(file: ts.SourceFile): number {
  return (file as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
}

/**
 * Parses a TypeScript or JavaScript file the one way hearth does (the script kind from the
 * extension), with its recovered syntax errors counted; the compiler loads on first use.
 */
export async function parseTypeScript(
  file: string,
  source: string,
): Promise<{ api: TypeScript; parsed: ts.SourceFile; parseErrors: number }> {
  const api = await loadTypeScript();
  const parsed = api.createSourceFile(
    file,
    source,
    api.ScriptTarget.Latest,
    true,
    resolveScriptKind(api, file),
  );
  return { api, parsed, parseErrors: countParseErrors(parsed) };
}

export const typescriptSupport: LanguageSupport = {
  async extract(source: string, file: string): Promise<ExtractResult> {
    const { api, parsed, parseErrors } = await parseTypeScript(file, source);
    const symbols = collectSymbols(api, parsed, new SourceText(source));
    symbols.sort((a, b) => a.startIndex - b.startIndex);
    return { symbols, parseErrors };
  },
};
