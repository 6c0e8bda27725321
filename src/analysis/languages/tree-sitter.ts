import { createRequire } from 'node:module';
import type { Language, Parser } from 'web-tree-sitter';

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
