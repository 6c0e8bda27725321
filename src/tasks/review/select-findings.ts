import { createHash } from 'node:crypto';
import type { DroppedFinding, RawFinding, ReviewFinding } from './types.js';

export interface SelectContext {
  /** New-side line numbers changed per file; `'all'` for a file that is wholly new. */
  changedLines: ReadonlyMap<string, ReadonlySet<number> | 'all'>;
  /** The lines around `line` in the reviewed version of the file; undefined past its end. */
  codeAround: (file: string, line: number) => string | undefined;
  /** Fingerprints a person dismissed. */
  dismissed: ReadonlySet<string>;
  /** Fingerprints earlier reviews of this repository reported. */
  seen: ReadonlySet<string>;
}

/** How far from a changed line a finding may point and still be about the change. */
const NEAR_LINES = 3;
const QUOTED = /(`[^`\n]+`|'[^'\s]+'|"[^"\s]+"|“[^”\s]+”|‘[^’\s]+’)/;

/**
 * A key for "the same finding" that survives re-reviews and moves: the file, the category, the
 * message with wording noise removed and the code around the line, never the line number.
 */
export function fingerprintFinding(input: {
  file: string;
  category: string;
  message: string;
  codeAround: string;
}): string {
  const parts = [
    input.file,
    input.category.trim().toLowerCase(),
    normaliseMessage(input.message),
    collapseSpace(input.codeAround),
  ];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 20);
}

/**
 * The findings about the change (on or within 3 lines of a changed line of a changed file), each
 * fingerprinted, without those dismissed, reported before or repeated, sorted by file and line;
 * the others with a reason.
 */
export function selectFindings(
  raw: readonly RawFinding[],
  context: SelectContext,
): { findings: ReviewFinding[]; dropped: DroppedFinding[] } {
  const findings: ReviewFinding[] = [];
  const dropped: DroppedFinding[] = [];
  const kept = new Set<string>();
  for (const finding of raw) {
    const drop = (reason: string) => dropped.push({ finding, reason });
    const file = resolveFile(finding.file, context.changedLines);
    if (file === undefined) {
      drop('no such file in the change');
      continue;
    }
    const changed = context.changedLines.get(file);
    if (changed !== 'all' && !isNearChange(finding, changed)) {
      drop('outside the change');
      continue;
    }
    const codeAround = context.codeAround(file, finding.line);
    if (codeAround === undefined) {
      drop(`the file has no line ${finding.line}`);
      continue;
    }
    const fingerprint = fingerprintFinding({ ...finding, file, codeAround });
    if (context.dismissed.has(fingerprint)) drop('dismissed');
    else if (context.seen.has(fingerprint)) drop('already reported');
    else if (kept.has(fingerprint)) drop('a duplicate');
    else {
      kept.add(fingerprint);
      findings.push({ ...finding, file, fingerprint });
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { findings, dropped };
}

// The changed file the model meant, allowing the `a/`, `b/` and `/` prefixes diffs put on paths.
function resolveFile(
  file: string,
  changedLines: SelectContext['changedLines'],
): string | undefined {
  const bare = file.replace(/^\/+/, '');
  const candidates = [file, bare, bare.replace(/^[ab]\//, '')];
  return candidates.find((candidate) => changedLines.has(candidate));
}

function isNearChange(finding: RawFinding, changed: ReadonlySet<number> | undefined): boolean {
  const from = finding.line - NEAR_LINES;
  const to = (finding.endLine ?? finding.line) + NEAR_LINES;
  for (const line of changed ?? []) if (line >= from && line <= to) return true;
  return false;
}

// Lower case, numbers as `#`, whitespace collapsed, no closing punctuation; quoted names as written.
function normaliseMessage(message: string): string {
  const parts = message
    .split(QUOTED)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase().replace(/\d+(?:[.,]\d+)*/g, '#')));
  return collapseSpace(parts.join('')).replace(/[\s.!?;:,]+$/, '');
}

function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Three lines around a 1-based line: what a finding's fingerprint holds of the code. */
export function linesAround(text: string | undefined, line: number): string | undefined {
  const lines = text?.split('\n');
  if (!lines || line < 1 || line > lines.length) return undefined;
  return lines.slice(Math.max(0, line - 2), line + 1).join('\n');
}

/** Whether a finding still describes `text` (its file now): the code at its line is unchanged. */
export function findingStillHolds(finding: ReviewFinding, text: string | undefined): boolean {
  const codeAround = linesAround(text, finding.line);
  return (
    codeAround !== undefined &&
    fingerprintFinding({ ...finding, codeAround }) === finding.fingerprint
  );
}
