import type { Node } from 'web-tree-sitter';
import { collapseWhitespace, type SourceText } from '../source-text.js';
import type { CodeSymbol, LanguageSupport, SourceRange, SymbolKind } from '../types.js';
import { extractWithTreeSitter } from './tree-sitter.js';
import { stripBlockComment, stripLineComment } from './tree-sitter-walk.js';

/**
 * Rust symbols from tree-sitter-rust: functions, methods of impls and traits, structs, unions,
 * enums, traits and type aliases, qualified by their `mod` path and impl or trait type.
 */

const ITEM_KINDS: Readonly<Record<string, SymbolKind>> = {
  function_item: 'function',
  struct_item: 'struct',
  union_item: 'struct',
  enum_item: 'enum',
  trait_item: 'trait',
  type_item: 'type',
};

/** Where an item sits: its `mod` path and, inside an impl or trait, the type that owns it. */
interface Scope {
  prefix: string;
  owner?: string;
}

/** The comments and attributes above an item that belong to it. */
interface Leading {
  start: number;
  docs: Node[];
}

export const rustSupport: LanguageSupport = {
  extract: (source) =>
    extractWithTreeSitter('rust', source, (root, text) => collectItems(root, { prefix: '' }, text)),
};

function collectItems(container: Node, scope: Scope, text: SourceText): CodeSymbol[] {
  const symbols: CodeSymbol[] = [];
  for (const node of container.namedChildren) {
    if (!node) continue;
    const body = node.childForFieldName('body');
    const kind = resolveKind(node, scope);
    const symbol = kind && buildSymbol(node, kind, scope, text);
    if (symbol) symbols.push(symbol);
    if (node.type === 'mod_item' && body && !scope.owner) {
      const prefix = `${scope.prefix}${nameOf(node)}.`;
      symbols.push(...collectItems(body, { prefix }, text));
    } else if ((node.type === 'impl_item' || node.type === 'trait_item') && body && !scope.owner) {
      const owner = node.type === 'trait_item' ? nameOf(node) : resolveTypeName(node);
      symbols.push(...collectItems(body, { prefix: scope.prefix, owner }, text));
    } else if (node.type === 'ERROR') {
      // Items after a syntax error can end up inside the ERROR node; they still parsed.
      symbols.push(...collectItems(node, scope, text));
    }
  }
  return symbols;
}

/** Inside an impl or trait only functions count; a const or static counts if it holds a closure. */
function resolveKind(node: Node, scope: Scope): SymbolKind | undefined {
  if (scope.owner) {
    return node.type === 'function_item' || node.type === 'function_signature_item'
      ? 'method'
      : undefined;
  }
  if (node.type === 'const_item' || node.type === 'static_item') {
    return closureOf(node) ? 'function' : undefined;
  }
  return ITEM_KINDS[node.type];
}

function buildSymbol(node: Node, kind: SymbolKind, scope: Scope, text: SourceText): CodeSymbol {
  const name = nameOf(node);
  const { start, docs } = findLeading(node);
  const range = text.range(start, node.endIndex);
  const docRange = docs.length > 0 ? rangeOfDocs(docs, text) : undefined;
  // A doc between attributes lies inside the range: hash the code without its lines.
  const inside =
    docRange && docRange.startIndex > start ? wholeLines(text.text, docRange) : undefined;
  return {
    ...range,
    kind,
    name,
    qualifiedName: `${scope.prefix}${scope.owner ? `${scope.owner}.` : ''}${name}`,
    signature: buildSignature(node, text.text),
    params: collectParams(node),
    hasDoc: docRange !== undefined,
    ...(docRange && { doc: readDoc(docs), docRange }),
    bodyHash: text.hashCode(range.startIndex, range.endIndex, inside),
  };
}

function nameOf(node: Node): string {
  return node.childForFieldName('name')?.text ?? '';
}

/** `impl<T> Trait for a::Type<T>` and `impl<'a> Type<'a>` both belong to `Type`. */
function resolveTypeName(impl: Node): string {
  let type = impl.childForFieldName('type');
  while (type) {
    if (type.type === 'type_identifier' || type.type === 'primitive_type') return type.text;
    if (type.type === 'scoped_type_identifier') return nameOf(type);
    const inner = type.childForFieldName('type');
    if (!inner) return collapseWhitespace(type.text);
    type = inner;
  }
  return '';
}

function closureOf(node: Node): Node | undefined {
  const value = node.childForFieldName('value');
  return value?.type === 'closure_expression' ? value : undefined;
}

/** Attributes directly above the item join its range; the outer doc comments above them are its doc. */
function findLeading(node: Node): Leading {
  const leading: Leading = { start: node.startIndex, docs: [] };
  let attributeAboveDocs = false;
  for (let sibling = node.previousSibling; sibling; sibling = sibling.previousSibling) {
    if (sibling.type === 'attribute_item') {
      leading.start = sibling.startIndex;
      attributeAboveDocs = leading.docs.length > 0;
    } else if (isOuterDoc(sibling) && !attributeAboveDocs) {
      leading.docs.unshift(sibling);
    } else {
      break;
    }
  }
  return leading;
}

/** `///` and `/** *\/` carry an `outer` marker; `////`, `/**\/`, `//!` and `//` do not. */
function isOuterDoc(node: Node): boolean {
  return (
    (node.type === 'line_comment' || node.type === 'block_comment') &&
    node.childForFieldName('outer') !== null
  );
}

/** From the first doc to the end of the last, without the line break a `///` ends with. */
function rangeOfDocs(docs: Node[], text: SourceText): SourceRange {
  const first = docs[0] as Node;
  const last = docs.at(-1) as Node;
  return text.range(first.startIndex, last.startIndex + last.text.replace(/\r?\n$/, '').length);
}

/** The full lines a doc occupies, so that cutting them out leaves no blank line behind. */
function wholeLines(source: string, range: { startIndex: number; endIndex: number }) {
  let startIndex = range.startIndex;
  while (startIndex > 0 && /[ \t]/.test(source[startIndex - 1] ?? '')) startIndex--;
  const lineBreak = /^\r?\n/.exec(source.slice(range.endIndex, range.endIndex + 2));
  return { startIndex, endIndex: range.endIndex + (lineBreak?.[0].length ?? 0) };
}

function readDoc(docs: Node[]): string {
  const lines = docs.map((doc) =>
    doc.type === 'block_comment' ? stripBlockComment(doc.text) : stripLineComment(doc.text, '///'),
  );
  return lines.join('\n').trim();
}

/** The item from its visibility to its body's `{` (or its end without `;`), on one line. */
function buildSignature(node: Node, source: string): string {
  const closure = closureOf(node);
  const body = (closure ?? node).childForFieldName('body');
  const end =
    body && (closure || source[body.startIndex] === '{') ? body.startIndex : node.endIndex;
  return collapseWhitespace(source.slice(node.startIndex, end).replace(/;\s*$/, ''));
}

/** Parameter patterns in order, without `self` in any of its forms. */
function collectParams(node: Node): string[] {
  const list = (closureOf(node) ?? node).childForFieldName('parameters');
  if (!list) return [];
  const names: string[] = [];
  for (const param of list.namedChildren) {
    if (!param) continue;
    // Closures list bare patterns; functions wrap them in `parameter` beside `self_parameter`s.
    if (
      param.type !== 'parameter' &&
      (list.type === 'parameters' || param.type.endsWith('comment'))
    ) {
      continue;
    }
    const pattern = param.type === 'parameter' ? param.childForFieldName('pattern') : param;
    if (pattern && pattern.text !== 'self') names.push(collapseWhitespace(pattern.text));
  }
  return names;
}
