import type { Node } from 'web-tree-sitter';
import { collapseWhitespace, type SourceText } from '../source-text.js';
import type { CodeSymbol, LanguageSupport, SourceRange, SymbolKind } from '../types.js';
import { GO_DIRECTIVE } from './go-directive.js';
import { extractWithTreeSitter } from './tree-sitter.js';
import { findLeadingComments, stripBlockComment, stripLineComment } from './tree-sitter-walk.js';

/**
 * Go symbols from tree-sitter-go: functions, methods (qualified by their receiver's type), type
 * declarations (one symbol per spec of a grouped `type (...)`) and top-level vars holding a func.
 */

/** What a symbol needs besides its doc and hash: the node its range covers and its header. */
interface Declaration {
  node: Node;
  kind: SymbolKind;
  name: string;
  qualifiedName: string;
  signature: string;
  params: string[];
}

export const goSupport: LanguageSupport = {
  extract: (source) =>
    extractWithTreeSitter('go', source, (root, text) =>
      collectDeclarations(root, text).map((d) => buildSymbol(d, text)),
    ),
};

// Only top-level declarations are symbols; an ERROR node may still hold some that parsed.
function collectDeclarations(container: Node, text: SourceText): Declaration[] {
  return container.namedChildren.flatMap((node): Declaration[] => {
    switch (node.type) {
      case 'function_declaration':
      case 'method_declaration':
        return [describeFunction(node, text.text)];
      case 'type_declaration':
        return describeTypes(node, text.text);
      case 'var_declaration':
      case 'const_declaration':
        return describeFuncVars(node, text.text);
      case 'ERROR':
        return collectDeclarations(node, text);
      default:
        return [];
    }
  });
}

function buildSymbol(declaration: Declaration, text: SourceText): CodeSymbol {
  const { node, ...header } = declaration;
  const range = text.range(node.startIndex, node.endIndex);
  const doc = readDoc(selectDocComments(findLeadingComments(node)), text);
  return {
    ...range,
    ...header,
    hasDoc: doc !== undefined,
    ...doc,
    bodyHash: text.hashCode(range.startIndex, range.endIndex),
  };
}

function describeFunction(node: Node, source: string): Declaration {
  const name = node.childForFieldName('name')?.text ?? '_';
  const owner = node.type === 'method_declaration' ? readReceiverType(node) : undefined;
  const parameters = node.childForFieldName('parameters');
  return {
    node,
    kind: node.type === 'method_declaration' ? 'method' : 'function',
    name,
    qualifiedName: owner ? `${owner}.${name}` : name,
    signature: sliceHeader(
      source,
      node.startIndex,
      node.childForFieldName('body')?.startIndex ?? node.endIndex,
    ),
    params: parameters ? listParams(parameters) : [],
  };
}

/** `(s *Server[T])` -> `Server`. */
function readReceiverType(method: Node): string | undefined {
  const receiver = method
    .childForFieldName('receiver')
    ?.namedChildren.find((node) => node.type === 'parameter_declaration');
  return readBaseType(receiver?.childForFieldName('type') ?? null);
}

function readBaseType(type: Node | null): string | undefined {
  if (!type) return undefined;
  switch (type.type) {
    case 'pointer_type':
    case 'parenthesized_type':
      return readBaseType(type.namedChildren[0] ?? null);
    case 'generic_type':
      return readBaseType(type.childForFieldName('type'));
    default:
      return type.text;
  }
}

/** `(a, b int, _ string, opts ...Option)` -> a, b, _, opts; an unnamed parameter is `_`. */
function listParams(parameters: Node): string[] {
  return parameters.namedChildren.flatMap((node) => {
    if (node.type === 'variadic_parameter_declaration') {
      return [node.childForFieldName('name')?.text ?? '_'];
    }
    if (node.type !== 'parameter_declaration') return [];
    const names = node.childrenForFieldName('name').filter((name) => name.type === 'identifier');
    return names.length > 0 ? names.map((name) => name.text) : ['_'];
  });
}

/** A lone `type X ...` is one symbol covering the declaration; a grouped one, one per spec. */
function describeTypes(declaration: Node, source: string): Declaration[] {
  const grouped = declaration.children.some((node) => node.type === '(');
  return declaration.namedChildren.flatMap((spec) => {
    if (spec.type !== 'type_spec' && spec.type !== 'type_alias') return [];
    const name = spec.childForFieldName('name')?.text;
    if (!name) return [];
    const node = grouped ? spec : declaration;
    const type = spec.childForFieldName('type');
    const end = findTypeBody(type)?.startIndex ?? spec.endIndex;
    const signature = sliceHeader(source, node.startIndex, end);
    return [
      {
        node,
        kind: resolveTypeKind(spec, type),
        name,
        qualifiedName: name,
        signature: grouped ? `type ${signature}` : signature,
        params: [],
      },
    ];
  });
}

function resolveTypeKind(spec: Node, type: Node | null): SymbolKind {
  if (spec.type === 'type_alias') return 'type';
  if (type?.type === 'struct_type') return 'struct';
  if (type?.type === 'interface_type') return 'interface';
  return 'type';
}

/** The `{` that opens a struct's fields or an interface's methods. */
function findTypeBody(type: Node | null): Node | undefined {
  if (type?.type === 'struct_type') {
    return type.namedChildren.find((node) => node.type === 'field_declaration_list');
  }
  if (type?.type === 'interface_type') return type.children.find((node) => node.type === '{');
  return undefined;
}

/** `var Handler = func(w int) {...}`: each name bound to a func literal is a function. */
function describeFuncVars(declaration: Node, source: string): Declaration[] {
  const list = declaration.namedChildren.find((node) => node.type === 'var_spec_list');
  const grouped = list !== undefined || declaration.children.some((node) => node.type === '(');
  const keyword = declaration.type === 'var_declaration' ? 'var' : 'const';
  const specs = (list ?? declaration).namedChildren.filter(
    (node) => node.type === 'var_spec' || node.type === 'const_spec',
  );
  return specs.flatMap((spec) => {
    const names = spec.childrenForFieldName('name').filter((name) => name.type === 'identifier');
    const values = spec.childForFieldName('value')?.namedChildren ?? [];
    return names.flatMap((name, i): Declaration[] => {
      const value = values[i];
      if (value?.type !== 'func_literal') return [];
      const node = grouped ? spec : declaration;
      const parameters = value.childForFieldName('parameters');
      const end = value.childForFieldName('body')?.startIndex ?? value.endIndex;
      const signature = sliceHeader(source, node.startIndex, end);
      return [
        {
          node,
          kind: 'function',
          name: name.text,
          qualifiedName: name.text,
          signature: grouped ? `${keyword} ${signature}` : signature,
          params: parameters ? listParams(parameters) : [],
        },
      ];
    });
  });
}

/** The declaration without its body, whitespace collapsed. */
function sliceHeader(source: string, start: number, end: number): string {
  return collapseWhitespace(source.slice(start, end));
}

/**
 * The doc among the comments above a declaration: one `/* *\/` block, or the run of `//` lines
 * just above it, without the tool directives at either end.
 */
function selectDocComments(comments: Node[]): Node[] {
  const last = comments.at(-1);
  if (!last) return [];
  if (last.text.startsWith('/*')) return [last];
  const lines = comments.slice(comments.findLastIndex((node) => !node.text.startsWith('//')) + 1);
  while (isDirective(lines[0])) lines.shift();
  while (isDirective(lines.at(-1))) lines.pop();
  return lines;
}

function isDirective(comment: Node | undefined): boolean {
  return comment !== undefined && GO_DIRECTIVE.test(comment.text);
}

function readDoc(
  comments: Node[],
  text: SourceText,
): { doc: string; docRange: SourceRange } | undefined {
  const first = comments[0];
  const last = comments.at(-1);
  if (!first || !last) return undefined;
  const doc = first.text.startsWith('/*')
    ? stripBlockComment(first.text)
    : comments
        .filter((node) => !isDirective(node))
        .map((node) => stripLineComment(node.text))
        .join('\n')
        .trim();
  if (doc === '') return undefined;
  // A line comment's text keeps the `\r` of a CRLF line end; the doc's range does not.
  const end = last.startIndex + last.text.trimEnd().length;
  return { doc, docRange: text.range(first.startIndex, end) };
}
