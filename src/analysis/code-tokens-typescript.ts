import type ts from 'typescript';
import { type CodeTokens, pushToken, STATEMENT_END } from './code-tokens.js';
import { parseTypeScript } from './languages/typescript.js';

type TypeScript = typeof ts;

/**
 * The tokens of a TypeScript or JavaScript file, read from its syntax tree rather than from a
 * scanner alone, which cannot tell a regular expression from a division or where a template
 * string resumes. Comments are trivia and JSDoc nodes are skipped, so neither leaves a token.
 */
export async function listTypeScriptTokens(file: string, source: string): Promise<CodeTokens> {
  const { api, parsed, parseErrors } = await parseTypeScript(file, source);
  const tokens: string[] = [];
  collectTokens(api, parsed, parsed, tokens);
  return { tokens, parseErrors };
}

function collectTokens(api: TypeScript, file: ts.SourceFile, node: ts.Node, tokens: string[]) {
  const { SyntaxKind } = api;
  for (const child of node.getChildren(file)) {
    if (child.kind >= SyntaxKind.FirstJSDocNode && child.kind <= SyntaxKind.LastJSDocNode) continue;
    if (child.kind <= SyntaxKind.LastToken) pushToken(tokens, readToken(api, file, child));
    else collectTokens(api, file, child, tokens);
    if (api.isStatement(child) || api.isClassElement(child) || api.isTypeElement(child)) {
      tokens.push(STATEMENT_END);
    }
  }
}

function readToken(api: TypeScript, file: ts.SourceFile, token: ts.Node): string {
  const text = token.getText(file);
  return token.kind === api.SyntaxKind.JsxText ? collapseJsxText(text) : text;
}

/**
 * JSX text as React sees it: each line trimmed where it meets a line break, blank lines
 * dropped, the rest joined with a space; so re-indenting JSX changes no token.
 */
function collapseJsxText(text: string): string {
  const lines = text.split(/\r\n?|\n/);
  const last = lines.length - 1;
  return lines
    .map((line, i) => {
      const start = i === 0 ? line : line.trimStart();
      return i === last ? start : start.trimEnd();
    })
    .filter((line) => line !== '')
    .join(' ');
}
