import type { Suggestion } from './types.js';

/** Where it applies, for people: `src/a.ts:12` for a fix, the symbol for a doc. */
export function describeWhere(s: Suggestion): string {
  return s.kind === 'fix' ? s.location : s.symbol;
}

/** What it says: the doc text, or the diagnostic a fix fixes. */
export function describeTitle(s: Suggestion): string {
  return s.kind === 'fix' ? s.message : s.doc;
}

/** Whether a checker confirmed it: a fix's verdict, null for a doc (nothing to run). */
export function findVerified(s: Suggestion): boolean | null {
  return s.kind === 'fix' ? s.verified : null;
}
