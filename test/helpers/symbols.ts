import type { CodeSymbol } from '../../src/analysis/types.js';

/** The symbol with this qualified name, or an error listing the names there are. */
export function findSymbol(symbols: CodeSymbol[], qualifiedName: string): CodeSymbol {
  const symbol = symbols.find((s) => s.qualifiedName === qualifiedName);
  if (!symbol) {
    throw new Error(
      `no symbol ${qualifiedName} in ${symbols.map((s) => s.qualifiedName).join(', ')}`,
    );
  }
  return symbol;
}

/** [kind, qualifiedName, startLine, endLine] of each symbol, in order. */
export function outline(symbols: CodeSymbol[]) {
  return symbols.map((s) => [s.kind, s.qualifiedName, s.startLine, s.endLine]);
}
