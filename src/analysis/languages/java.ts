import type { Node } from 'web-tree-sitter';
import { collapseWhitespace, type SourceText } from '../source-text.js';
import type { CodeSymbol, LanguageSupport, SymbolKind } from '../types.js';
import { extractWithTreeSitter } from './tree-sitter.js';
import { stripBlockComment } from './tree-sitter-walk.js';

/**
 * Java symbols from tree-sitter-java: classes, records, interfaces, annotation types and enums,
 * nested by name (`Outer.Inner`), and their methods and constructors. Anonymous classes,
 * lambdas and enum constants' bodies are not symbols.
 */

const KINDS: Readonly<Record<string, SymbolKind>> = {
  class_declaration: 'class',
  record_declaration: 'class',
  interface_declaration: 'interface',
  annotation_type_declaration: 'interface',
  enum_declaration: 'enum',
  method_declaration: 'method',
  constructor_declaration: 'method',
  compact_constructor_declaration: 'method',
  annotation_type_element_declaration: 'method',
};

/** Nodes whose members belong to the type around them. */
const TRANSPARENT = new Set(['enum_body_declarations', 'ERROR']);

export const javaSupport: LanguageSupport = {
  extract: (source) =>
    extractWithTreeSitter('java', source, (root, text) => collectDeclarations(root, '', text)),
};

function collectDeclarations(container: Node, prefix: string, text: SourceText): CodeSymbol[] {
  const symbols: CodeSymbol[] = [];
  for (const node of container.namedChildren) {
    if (!node) continue;
    const kind = KINDS[node.type];
    const body = node.childForFieldName('body');
    if (kind) symbols.push(buildSymbol(node, kind, prefix, text));
    if (kind && kind !== 'method' && body) {
      symbols.push(...collectDeclarations(body, `${prefix}${nameOf(node)}.`, text));
    } else if (TRANSPARENT.has(node.type)) {
      symbols.push(...collectDeclarations(node, prefix, text));
    }
  }
  return symbols;
}

function buildSymbol(node: Node, kind: SymbolKind, prefix: string, text: SourceText): CodeSymbol {
  const name = nameOf(node);
  const range = text.range(node.startIndex, node.endIndex);
  const javadoc = findJavadoc(node);
  return {
    ...range,
    kind,
    name,
    qualifiedName: `${prefix}${name}`,
    signature: buildSignature(node, text.text),
    params: collectParams(node),
    hasDoc: javadoc !== undefined,
    ...(javadoc && {
      doc: stripBlockComment(javadoc.text),
      docRange: text.range(javadoc.startIndex, javadoc.endIndex),
    }),
    bodyHash: text.hashCode(range.startIndex, range.endIndex),
  };
}

function nameOf(node: Node): string {
  return node.childForFieldName('name')?.text ?? '';
}

/** A `/** *\/` comment right before the declaration; its annotations sit after it, in `modifiers`. */
function findJavadoc(node: Node): Node | undefined {
  const previous = node.previousSibling;
  const isJavadoc =
    previous?.type === 'block_comment' &&
    previous.text.startsWith('/**') &&
    previous.text !== '/**/';
  return isJavadoc ? previous : undefined;
}

/** From the first modifier or keyword after the annotations to the body's `{` or the `;`. */
function buildSignature(node: Node, source: string): string {
  const body = node.childForFieldName('body');
  const end = body ? body.startIndex : node.endIndex;
  const header = source.slice(findHeaderStart(node), end).replace(/;\s*$/, '');
  return collapseWhitespace(header);
}

function findHeaderStart(node: Node): number {
  for (const child of node.children) {
    if (!child || isSkippedInHeader(child)) continue;
    if (child.type !== 'modifiers') return child.startIndex;
    const modifier = child.children.find((part) => part && !isSkippedInHeader(part));
    if (modifier) return modifier.startIndex;
  }
  return node.startIndex;
}

function isSkippedInHeader(node: Node): boolean {
  return node.type.endsWith('annotation') || node.type.endsWith('comment');
}

/** Formal parameter names; a record's compact constructor takes the record's components. */
function collectParams(node: Node): string[] {
  const owner = node.type === 'compact_constructor_declaration' ? node.parent?.parent : node;
  const list = owner?.childForFieldName('parameters');
  if (!list) return [];
  const names: string[] = [];
  for (const param of list.namedChildren) {
    if (param?.type === 'formal_parameter') names.push(nameOf(param));
    if (param?.type === 'spread_parameter') {
      const declarator = param.namedChildren.find((part) => part?.type === 'variable_declarator');
      if (declarator) names.push(nameOf(declarator));
    }
  }
  return names;
}
