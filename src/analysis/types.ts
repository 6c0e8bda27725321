/**
 * What hearth understands of a source file: its symbols (functions, methods, classes, interfaces,
 * type aliases, exported constants holding functions), each with its range, signature, parameters,
 * doc and a hash of its code. One LanguageSupport per language produces them.
 */

/** The languages `hearth scan` reports; TSX counts as TypeScript, JSX as JavaScript. */
export type LanguageId = 'python' | 'typescript' | 'javascript' | 'go' | 'rust' | 'java';

export type SymbolKind =
  | 'function'
  | 'method'
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'struct'
  | 'trait';

/** A span of the source: UTF-16 indices (for slicing the JS string), UTF-8 bytes, 1-based lines. */
export interface SourceRange {
  startIndex: number;
  endIndex: number;
  startByte: number;
  endByte: number;
  startLine: number;
  endLine: number;
}

export interface CodeSymbol extends SourceRange {
  kind: SymbolKind;
  name: string;
  /** Dotted path through enclosing classes, impls and functions: `Outer.Inner.method`. */
  qualifiedName: string;
  /** The declaration without its body, whitespace collapsed: `def f(a, b=1) -> int`. */
  signature: string;
  /** Parameter names in order, without `self`, `cls`, `this` or a Go receiver. */
  params: string[];
  hasDoc: boolean;
  /** The doc's text with its comment markers and indentation removed. */
  doc?: string;
  /** Where the doc comment or docstring is, so it can be replaced. */
  docRange?: SourceRange;
  /**
   * Python: the UTF-16 index where the body's first statement starts (comments above it stay
   * outside the body); a docstring goes there.
   */
  bodyStart?: number;
  /**
   * Python: each decorator's expression as written, without `@`, outermost first
   * (`click.command()`, `app.get("/items")`): some make the docstring runtime text.
   */
  decorators?: string[];
  /**
   * sha256 (hex) of the symbol's own code with its doc left out and line endings normalised:
   * unchanged by edits elsewhere in the file or by a doc being added or changed.
   */
  bodyHash: string;
}

export interface ExtractResult {
  symbols: CodeSymbol[];
  /** How many syntax errors the parser recovered from; the symbols that did parse are kept. */
  parseErrors: number;
}

export interface LanguageSupport {
  /** Extracts the symbols of one file. `path` tells variants apart (`.tsx`, `.jsx`, `.mjs`...). */
  extract(source: string, path: string): Promise<ExtractResult> | ExtractResult;
}
