import type { CodeSymbol } from './types.js';

export type SymbolChange =
  | { type: 'added'; symbol: CodeSymbol }
  | { type: 'changed'; symbol: CodeSymbol; before: CodeSymbol }
  | { type: 'removed'; symbol: CodeSymbol };

/**
 * What changed between two extractions of one file. A symbol is the same symbol when its
 * qualified name matches (the n-th of a repeated name, such as Java overloads, matches the n-th);
 * it changed when its code (bodyHash) or its signature did. A moved symbol or an edited doc is no
 * change. Pure.
 */
export function diffSymbols(
  before: readonly CodeSymbol[],
  after: readonly CodeSymbol[],
): SymbolChange[] {
  const previous = keyed(before);
  const changes: SymbolChange[] = [];
  for (const [key, symbol] of keyed(after)) {
    const old = previous.get(key);
    if (!old) changes.push({ type: 'added', symbol });
    else if (old.bodyHash !== symbol.bodyHash || old.signature !== symbol.signature) {
      changes.push({ type: 'changed', symbol, before: old });
    }
    previous.delete(key);
  }
  for (const symbol of previous.values()) changes.push({ type: 'removed', symbol });
  return changes;
}

function keyed(symbols: readonly CodeSymbol[]): Map<string, CodeSymbol> {
  const seen = new Map<string, number>();
  const out = new Map<string, CodeSymbol>();
  for (const symbol of symbols) {
    const n = seen.get(symbol.qualifiedName) ?? 0;
    seen.set(symbol.qualifiedName, n + 1);
    out.set(`${symbol.qualifiedName}#${n}`, symbol);
  }
  return out;
}
