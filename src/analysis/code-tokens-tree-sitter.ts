import type { Node, TreeCursor } from 'web-tree-sitter';
import { type CodeTokens, pushToken, STATEMENT_END } from './code-tokens.js';
import { withTree } from './languages/tree-sitter.js';
import { countParseErrors } from './languages/tree-sitter-walk.js';

/** Comments in every grammar here; Rust's doc comments have children, skipped with them. */
const COMMENTS = new Set(['comment', 'line_comment', 'block_comment']);

/** Whitespace to the language: Python's backslash before a line break. */
const LAYOUT = new Set(['line_continuation']);

/** String and character literals, one token each: their whitespace is part of their value. */
const LITERALS = new Set([
  'string',
  'interpreted_string_literal',
  'raw_string_literal',
  'rune_literal',
  'string_literal',
  'char_literal',
  'character_literal',
]);

/** The nodes whose named children are statements, each followed by STATEMENT_END. */
const STATEMENT_LISTS = new Set(['module', 'block', 'source_file', 'statement_list']);

/** The Python definitions whose body may open with a docstring. */
const DEFINITIONS = new Set(['function_definition', 'class_definition']);

type Grammar = 'python' | 'go' | 'rust' | 'java';

export function listTreeSitterTokens(grammar: Grammar, source: string): Promise<CodeTokens> {
  return withTree(grammar, source, (root) => {
    const walk: Walk = { source, python: grammar === 'python', cursor: root.walk(), tokens: [] };
    try {
      collectTokens(walk, '');
    } finally {
      walk.cursor.delete();
    }
    return { tokens: walk.tokens, parseErrors: countParseErrors(root) };
  });
}

interface Walk {
  source: string;
  python: boolean;
  cursor: TreeCursor;
  tokens: string[];
}

/**
 * The tokens of the cursor's node, which it is left on. Text between children that no child
 * covers is kept as a token too (grammars hide some tokens, such as the plain text around an
 * escape sequence), so no code goes unseen.
 */
function collectTokens(walk: Walk, parentType: string): void {
  const { cursor, source, tokens } = walk;
  const { nodeType: type, startIndex: start, endIndex: end } = cursor;
  if (LITERALS.has(type) || !cursor.gotoFirstChild()) {
    pushToken(tokens, source.slice(start, end));
    return;
  }
  const inList = STATEMENT_LISTS.has(type);
  let awaitingDocstring = walk.python && isDocstringHolder(type, parentType);
  let position = start;
  do {
    const child = cursor.nodeType;
    pushToken(tokens, source.slice(position, cursor.startIndex).trim());
    position = cursor.endIndex;
    if (COMMENTS.has(child) || LAYOUT.has(child)) continue;
    const named = cursor.nodeIsNamed;
    if (awaitingDocstring && named) {
      awaitingDocstring = false;
      if (isDocstring(cursor.currentNode)) continue;
    }
    collectTokens(walk, type);
    if (inList && named && !STATEMENT_LISTS.has(child)) tokens.push(STATEMENT_END);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  pushToken(tokens, source.slice(position, end).trim());
}

/** A Python module, or the body of a function or class: where a docstring may open. */
function isDocstringHolder(type: string, parentType: string): boolean {
  return type === 'module' || (type === 'block' && DEFINITIONS.has(parentType));
}

/** A statement that is a plain string alone: f-strings and bytes are not docstrings. */
function isDocstring(statement: Node): boolean {
  if (statement.type !== 'expression_statement' || statement.childCount !== 1) return false;
  const string = statement.firstChild;
  if (string?.type !== 'string') return false;
  const start = string.firstChild;
  return !(start?.type === 'string_start' && /[fFbB]/.test(start.text));
}
