import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostic, ParserName } from '../types.js';
import { parseCargoOutput } from './cargo.js';
import type { Found, ToolOutput } from './common.js';
import { parseEslintOutput } from './eslint.js';
import { parseGenericOutput } from './generic.js';
import { parseGovetOutput } from './govet.js';
import { parseMypyOutput } from './mypy.js';
import { parsePyrightOutput } from './pyright.js';
import { parseRuffOutput } from './ruff.js';
import { parseTscOutput } from './tsc.js';

/** Checker output → diagnostics, one parser per tool family. Pure: no IO. */

export type { ToolOutput } from './common.js';

const PARSERS: Record<ParserName, (output: ToolOutput) => Found[]> = {
  tsc: parseTscOutput,
  eslint: parseEslintOutput,
  ruff: parseRuffOutput,
  mypy: parseMypyOutput,
  pyright: parsePyrightOutput,
  govet: parseGovetOutput,
  cargo: parseCargoOutput,
  generic: parseGenericOutput,
};

/**
 * Reads what a checker printed in `cwd` into diagnostics with cwd-relative paths, sorted by
 * file, line and column, exact duplicates dropped. Never throws: garbage gives `[]`.
 */
export function parseDiagnostics(
  parser: ParserName,
  output: ToolOutput,
  cwd: string,
): Diagnostic[] {
  let found: Found[];
  try {
    found = PARSERS[parser](output);
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const item of found) {
    const diagnostic = normaliseDiagnostic(item, parser, cwd);
    const key = JSON.stringify(Object.values(diagnostic));
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(diagnostic);
  }
  return diagnostics.sort(compareDiagnostics);
}

/**
 * A stable key for "the same problem" that survives the code around it moving: file, code and
 * message (whitespace collapsed), never the position.
 */
export function diagnosticFingerprint(d: Diagnostic): string {
  const message = d.message.replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update([d.file, d.code ?? '', message].join('\0'))
    .digest('hex')
    .slice(0, 16);
}

// Fixed key order, so equal diagnostics serialise equally for the duplicate check.
function normaliseDiagnostic(found: Found, parser: ParserName, cwd: string): Diagnostic {
  const column = found.column !== undefined && found.column >= 1 ? found.column : undefined;
  return {
    file: relativisePath(found.file, cwd),
    line: Math.max(1, found.line),
    column,
    endLine: found.endLine,
    severity: found.severity,
    code: found.code || undefined,
    message: found.message,
    parser,
  };
}

/** `cwd`-relative when under it, `./x` → `x`; paths outside `cwd` stay absolute. */
export function relativisePath(file: string, cwd: string): string {
  if (!path.posix.isAbsolute(file)) return path.posix.normalize(file);
  const absolute = path.posix.normalize(file);
  for (const root of listRootAliases(path.posix.normalize(cwd))) {
    const relative = path.posix.relative(root, absolute);
    const outside = relative === '..' || relative.startsWith('../') || relative === '';
    if (!outside && !path.posix.isAbsolute(relative)) return relative;
  }
  return absolute;
}

// macOS: /var, /tmp and /etc are symlinks into /private, and tools print either spelling.
function listRootAliases(cwd: string): string[] {
  if (cwd.startsWith('/private/')) return [cwd, cwd.slice('/private'.length)];
  if (/^\/(var|tmp|etc)(\/|$)/.test(cwd)) return [cwd, `/private${cwd}`];
  return [cwd];
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return (a.column ?? 0) - (b.column ?? 0);
}
