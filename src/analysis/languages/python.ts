import type { Node } from 'web-tree-sitter';
import { collapseWhitespace, type SourceText } from '../source-text.js';
import type { CodeSymbol, LanguageSupport, SourceRange } from '../types.js';
import { extractWithTreeSitter } from './tree-sitter.js';
import { cleanDoc } from './tree-sitter-walk.js';

/**
 * Python symbols from tree-sitter-python: functions (async and generators too), methods and
 * classes at any depth, qualified through their enclosing classes and functions. `@overload`
 * stubs are left out; the implementation stands for them.
 */

/** The classes and functions around a definition, and whether the nearest one is a class. */
interface Scope {
  path: string[];
  inClass: boolean;
}

const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/** The nodes that can hold a definition, directly or through a block: all others are skipped. */
const CONTAINERS = new Set([
  'module',
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
  'ERROR',
]);

/** A docstring's line ending and the blank lines after it. */
const TRAILING_BLANKS = /[ \t]*(?:\r?\n|$)(?:[ \t]*\r?\n)*/y;

export const pythonSupport: LanguageSupport = {
  extract: (source) =>
    extractWithTreeSitter('python', source, (root, text) =>
      collectDefinitions(root, { path: [], inClass: false }, text),
    ),
};

// Definitions hide under `if TYPE_CHECKING:`, `try:` and error nodes too; only a definition
// opens a new scope.
function collectDefinitions(container: Node, scope: Scope, text: SourceText): CodeSymbol[] {
  const symbols: CodeSymbol[] = [];
  for (const node of container.namedChildren) {
    if (DEFINITIONS.has(node.type)) symbols.push(...collectDefinition(node, scope, text));
    else if (CONTAINERS.has(node.type)) symbols.push(...collectDefinitions(node, scope, text));
  }
  return symbols;
}

/** The symbol of one (possibly decorated) definition followed by those nested in its body. */
function collectDefinition(outer: Node, scope: Scope, text: SourceText): CodeSymbol[] {
  const definition =
    outer.type === 'decorated_definition' ? outer.childForFieldName('definition') : outer;
  const name = definition?.childForFieldName('name')?.text;
  if (!definition || !name) return collectDefinitions(outer, scope, text);
  const decorators = outer.namedChildren.filter((node) => node.type === 'decorator');
  if (decorators.some(isOverloadDecorator)) return [];
  const body = definition.childForFieldName('body');
  const isClass = definition.type === 'class_definition';
  const inner = { path: [...scope.path, name], inClass: isClass };
  return [
    { ...buildSymbol(outer, definition, name, scope, text), ...listDecorators(decorators) },
    ...(body ? collectDefinitions(body, inner, text) : []),
  ];
}

function buildSymbol(
  outer: Node,
  definition: Node,
  name: string,
  scope: Scope,
  text: SourceText,
): CodeSymbol {
  const isClass = definition.type === 'class_definition';
  const kind = isClass ? 'class' : scope.inClass ? 'method' : 'function';
  const range = text.range(outer.startIndex, outer.endIndex);
  const body = definition.childForFieldName('body');
  const docstring = findDocstring(body);
  const parameters = definition.childForFieldName('parameters');
  const params = parameters ? listParams(parameters) : [];
  if (kind === 'method' && (params[0] === 'self' || params[0] === 'cls')) params.shift();
  const exclude = docstring && resolveDocLines(text.text, docstring, range.endIndex);
  return {
    ...range,
    kind,
    name,
    qualifiedName: [...scope.path, name].join('.'),
    signature: buildSignature(definition, text.text),
    params,
    hasDoc: docstring !== undefined,
    ...(docstring && {
      doc: readDocstring(docstring, text.text),
      docRange: text.range(docstring.startIndex, docstring.endIndex),
    }),
    ...(body && { bodyStart: body.startIndex }),
    bodyHash: text.hashCode(range.startIndex, range.endIndex, exclude),
  };
}

/** The decorators' expressions, whitespace collapsed; nothing when there are none. */
function listDecorators(decorators: Node[]): { decorators?: string[] } {
  if (decorators.length === 0) return {};
  return {
    decorators: decorators.map((node) => collapseWhitespace(node.text.replace(/^@\s*/, ''))),
  };
}

/** `@overload` or `@typing.overload` (or `@t.overload`) marks a type stub. */
function isOverloadDecorator(decorator: Node): boolean {
  const expression = decorator.namedChildren[0];
  return expression !== undefined && /^([\w.]+\.)?overload$/.test(expression.text);
}

/** `async def f(a, b=1) -> int`: from `async`/`def`/`class` up to the colon opening the body. */
function buildSignature(definition: Node, source: string): string {
  const colon = definition.children.find((node) => node.type === ':');
  const end =
    colon?.startIndex ?? definition.childForFieldName('body')?.startIndex ?? definition.endIndex;
  return collapseWhitespace(source.slice(definition.startIndex, end));
}

function listParams(parameters: Node): string[] {
  return parameters.namedChildren.flatMap((node) => {
    const name = readParamName(node);
    return name === undefined ? [] : [name];
  });
}

/** The name a parameter binds: `b: int = 1` -> `b`, `*args` -> `args`; separators bind none. */
function readParamName(node: Node): string | undefined {
  switch (node.type) {
    case 'identifier':
    case 'tuple_pattern':
      return node.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return node.childForFieldName('name')?.text;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const inner = node.namedChildren.find((child) => child.type !== 'type');
      return inner && readParamName(inner);
    }
    default:
      return undefined;
  }
}

/**
 * The string that is the body's first statement. f-strings and bytes are left out: Python does
 * not make them `__doc__`.
 */
function findDocstring(body: Node | null): Node | undefined {
  const first = body?.namedChildren.find((node) => node.type !== 'comment');
  if (first?.type !== 'expression_statement' || first.namedChildCount !== 1) return undefined;
  const string = first.namedChildren[0];
  if (string?.type !== 'string') return undefined;
  const prefix = string.children[0]?.type === 'string_start' ? string.children[0].text : '';
  return /[fFbB]/.test(prefix) ? undefined : string;
}

/** The docstring's content without prefix and quotes, dedented like `inspect.cleandoc`. */
function readDocstring(string: Node, source: string): string {
  const start = string.children.find((node) => node.type === 'string_start');
  const end = string.children.find((node) => node.type === 'string_end' && !node.isMissing);
  return cleanDoc(
    source.slice(start?.endIndex ?? string.startIndex, end?.startIndex ?? string.endIndex),
  );
}

/**
 * What the body hash leaves out: the docstring's whole lines and the blank lines after it when
 * it stands alone, so that adding one (with its indentation and newline) leaves the hash alone.
 */
function resolveDocLines(
  source: string,
  string: Node,
  limit: number,
): Pick<SourceRange, 'startIndex' | 'endIndex'> {
  const lineStart = source.lastIndexOf('\n', string.startIndex - 1) + 1;
  TRAILING_BLANKS.lastIndex = string.endIndex;
  const after = TRAILING_BLANKS.exec(source);
  const alone = source.slice(lineStart, string.startIndex).trim() === '';
  if (!alone || !after) return { startIndex: string.startIndex, endIndex: string.endIndex };
  return { startIndex: lineStart, endIndex: Math.min(string.endIndex + after[0].length, limit) };
}
