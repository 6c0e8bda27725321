import type { CodeSymbol } from '../../analysis/types.js';

/**
 * How many docstring tasks one file may queue now: its own cap, and what is left of the pass's.
 * Pure.
 */
export function capForFile(caps: { perFile: number; passLeft: number }): number {
  return Math.max(0, Math.min(caps.perFile, caps.passLeft));
}

/**
 * The symbols of a file to consider for docs on this pass: those that changed now, then those a
 * cap left over on an earlier pass that are still in the file with the same code (a symbol that
 * changed since is among the changed ones, or gone). Pure.
 */
export function mergeLeftovers(
  changed: readonly CodeSymbol[],
  leftover: readonly CodeSymbol[],
  current: readonly CodeSymbol[],
): CodeSymbol[] {
  const key = (s: CodeSymbol) => `${s.qualifiedName}\0${s.bodyHash}\0${s.signature}`;
  const present = new Map(current.map((s) => [key(s), s]));
  const seen = new Set(changed.map(key));
  const kept: CodeSymbol[] = [];
  for (const old of leftover) {
    const now = present.get(key(old));
    if (!now || seen.has(key(now))) continue;
    seen.add(key(now));
    kept.push(now);
  }
  return [...changed, ...kept];
}
