import { createRequire } from 'node:module';
import type { Language, Node, Parser } from 'web-tree-sitter';
import { SourceText } from '../source-text.js';
import type { CodeSymbol, ExtractResult } from '../types.js';
import { countParseErrors } from './tree-sitter-walk.js';

/** The grammars whose wasm files ship inside their tree-sitter-* npm packages. */
export type GrammarName = 'python' | 'go' | 'rust' | 'java';

const require = createRequire(import.meta.url);
const languages = new Map<GrammarName, Promise<Language>>();
let runtime: Promise<typeof import('web-tree-sitter')> | undefined;

/**
 * A parser for one grammar. web-tree-sitter and each grammar load once per process, on first
 * use, and nothing is downloaded: the wasm files come from node_modules.
 */
export async function createParser(grammar: GrammarName): Promise<Parser> {
  runtime ??= import('web-tree-sitter').then(async (module) => {
    await module.Parser.init();
    return module;
  });
  const { Parser: ParserClass, Language: LanguageClass } = await runtime;
  let language = languages.get(grammar);
  if (!language) {
    language = LanguageClass.load(
      require.resolve(`tree-sitter-${grammar}/tree-sitter-${grammar}.wasm`),
    );
    languages.set(grammar, language);
  }
  const parser = new ParserClass();
  parser.setLanguage(await language);
  return parser;
}

const parsers = new Map<GrammarName, Promise<Parser>>();

/**
 * Parses `source` with the grammar and hands its root to `collect`; what every tree-sitter
 * language does around its own symbol walk: one parser per grammar, symbols in source order,
 * the recovered syntax errors counted, the tree freed.
 */
export async function extractWithTreeSitter(
  grammar: GrammarName,
  source: string,
  collect: (root: Node, text: SourceText) => CodeSymbol[],
): Promise<ExtractResult> {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = createParser(grammar);
    parsers.set(grammar, parser);
  }
  const tree = (await parser).parse(source);
  if (!tree) throw new Error(`tree-sitter-${grammar} returned no tree`);
  try {
    const symbols = collect(tree.rootNode, new SourceText(source));
    symbols.sort((a, b) => a.startIndex - b.startIndex);
    return { symbols, parseErrors: countParseErrors(tree.rootNode) };
  } finally {
    tree.delete();
  }
}
