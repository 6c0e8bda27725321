import { createRequire } from 'node:module';
import type { Node, Parser } from 'web-tree-sitter';
import { SourceText } from '../source-text.js';
import type { CodeSymbol, ExtractResult } from '../types.js';
import { countParseErrors } from './tree-sitter-walk.js';

/** The grammars whose wasm files ship inside their tree-sitter-* npm packages. */
export type GrammarName = 'python' | 'go' | 'rust' | 'java';

const require = createRequire(import.meta.url);
const parsers = new Map<GrammarName, Promise<Parser>>();
let runtime: Promise<typeof import('web-tree-sitter')> | undefined;

/**
 * The parser of one grammar, made once per process on first use. Nothing is downloaded: the
 * wasm files come from node_modules.
 */
function parserFor(grammar: GrammarName): Promise<Parser> {
  let parser = parsers.get(grammar);
  if (!parser) {
    runtime ??= import('web-tree-sitter').then(async (module) => {
      await module.Parser.init();
      return module;
    });
    parser = runtime.then(async ({ Parser: ParserClass, Language }) => {
      const language = await Language.load(
        require.resolve(`tree-sitter-${grammar}/tree-sitter-${grammar}.wasm`),
      );
      const created = new ParserClass();
      created.setLanguage(language);
      return created;
    });
    parsers.set(grammar, parser);
  }
  return parser;
}

/**
 * Parses `source` with the grammar, hands the tree's root to `use` and frees the tree after: the
 * one place that parses with tree-sitter. The root must not be kept past `use`.
 */
export async function withTree<T>(
  grammar: GrammarName,
  source: string,
  use: (root: Node) => T,
): Promise<T> {
  const tree = (await parserFor(grammar)).parse(source);
  if (!tree) throw new Error(`tree-sitter-${grammar} returned no tree`);
  try {
    return use(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/**
 * What every tree-sitter language does around its own symbol walk: symbols in source order and
 * the recovered syntax errors counted.
 */
export function extractWithTreeSitter(
  grammar: GrammarName,
  source: string,
  collect: (root: Node, text: SourceText) => CodeSymbol[],
): Promise<ExtractResult> {
  return withTree(grammar, source, (root) => {
    const symbols = collect(root, new SourceText(source));
    symbols.sort((a, b) => a.startIndex - b.startIndex);
    return { symbols, parseErrors: countParseErrors(root) };
  });
}
