import { stripVTControlCharacters } from 'node:util';
import type { Diagnostic } from '../types.js';

/**
 * Shared pieces of the checker-output parsers. Parsers return `Found`: the file exactly as the
 * tool wrote it, no `parser`; `parseDiagnostics` makes paths relative, sorts and dedupes.
 */

export interface ToolOutput {
  stdout: string;
  stderr: string;
}

export type Found = Omit<Diagnostic, 'parser'>;

export type Severity = Diagnostic['severity'];

/** Lines of both streams, ANSI colour codes stripped, CRLF tolerated. */
export function splitOutputLines(output: ToolOutput): string[][] {
  return [output.stdout, output.stderr].map((text) =>
    stripVTControlCharacters(text).split(/\r?\n/),
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// Tools prefix JSON with npm noise or banners; trying every bracket in megabytes of it is wasteful.
const MAX_JSON_STARTS = 50;

/**
 * The JSON value in `text` that `accept` likes: the whole text when it parses, else the first
 * balanced `[`/`{`…`]`/`}` span that does. Undefined when there is none.
 */
export function extractJson(text: string, accept: (value: unknown) => boolean): unknown {
  const whole = tryParseJson(text.trim());
  if (whole.ok && accept(whole.value)) return whole.value;
  let start = findJsonStart(text, 0);
  for (let tries = 0; start !== -1 && tries < MAX_JSON_STARTS; tries++) {
    const end = findJsonEnd(text, start);
    if (end !== -1) {
      const part = tryParseJson(text.slice(start, end + 1));
      if (part.ok && accept(part.value)) return part.value;
    }
    start = findJsonStart(text, start + 1);
  }
  return undefined;
}

export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function findJsonStart(text: string, from: number): number {
  const square = text.indexOf('[', from);
  const curly = text.indexOf('{', from);
  if (square === -1) return curly;
  if (curly === -1) return square;
  return Math.min(square, curly);
}

// Index of the bracket closing the one at `start`, skipping strings; -1 when it never closes.
function findJsonEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
