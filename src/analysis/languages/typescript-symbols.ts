import type ts from 'typescript';
import type { SourceText } from '../source-text.js';
import type { CodeSymbol, SymbolKind } from '../types.js';
import { findJsDoc } from './typescript-docs.js';
import {
  buildSignature,
  type FunctionNode,
  findOverloads,
  functionHeaderEnd,
  headerEnd,
  isExportsObject,
  isMemberFunction,
  isModuleLevel,
  isReportedMember,
  listParams,
  memberName,
  type Parsed,
  signatureStart,
  unwrap,
} from './typescript-nodes.js';

/** What every step of the walk needs, and where the symbols go. */
interface Walk extends Parsed {
  source: SourceText;
  symbols: CodeSymbol[];
}

/** A symbol before it becomes a CodeSymbol; `docHosts` are the nodes whose JSDoc it may take. */
interface Found {
  kind: SymbolKind;
  name: string;
  scope: readonly string[];
  start: number;
  end: number;
  signature: string;
  params: string[];
  docHosts: readonly ts.Node[];
}

const TYPE_ALIAS_SIGNATURE_MAX = 200;

/** Every function, method, class, interface, type alias and enum of a parsed file. */
export function collectSymbols(
  api: typeof ts,
  file: ts.SourceFile,
  source: SourceText,
): CodeSymbol[] {
  const walk: Walk = { api, file, source, symbols: [] };
  visitChildren(walk, file, []);
  return walk.symbols;
}

function visitChildren(walk: Walk, node: ts.Node, scope: readonly string[]): void {
  walk.api.forEachChild(node, (child) => {
    visit(walk, child, scope);
  });
}

function visit(walk: Walk, node: ts.Node, scope: readonly string[]): void {
  const { api } = walk;
  if (api.isFunctionDeclaration(node)) visitFunctionDeclaration(walk, node, scope);
  else if (api.isClassDeclaration(node)) visitClass(walk, node, node, className(node), scope);
  else if (api.isInterfaceDeclaration(node)) addTypeLike(walk, 'interface', node, scope);
  else if (api.isEnumDeclaration(node)) addTypeLike(walk, 'enum', node, scope);
  else if (api.isTypeAliasDeclaration(node)) addTypeLike(walk, 'type', node, scope);
  else if (api.isModuleDeclaration(node)) visitNamespace(walk, node, scope);
  else if (api.isVariableStatement(node) && isModuleLevel(walk, node)) {
    visitVariableStatement(walk, node, scope);
  } else if (api.isExpressionStatement(node) && isModuleLevel(walk, node)) {
    visitCommonJsExport(walk, node, scope);
  } else if (api.isExportAssignment(node)) visitDefaultExport(walk, node, scope);
  else visitChildren(walk, node, scope);
}

function visitFunctionDeclaration(
  walk: Walk,
  node: ts.FunctionDeclaration,
  scope: readonly string[],
): void {
  // Without a body it is an overload signature or an ambient declaration.
  if (!node.body) return;
  const name = node.name?.text ?? 'default';
  const docHosts = [node, ...findOverloads(walk, node)];
  addFunction(walk, 'function', name, scope, node, node, node, docHosts);
}

function visitClass(
  walk: Walk,
  node: ts.ClassLikeDeclaration,
  rangeNode: ts.Node,
  name: string,
  scope: readonly string[],
): void {
  addFound(walk, {
    kind: 'class',
    name,
    scope,
    start: rangeNode.getStart(walk.file),
    end: rangeNode.end,
    signature: buildSignature(walk, signatureStart(walk, rangeNode), headerEnd(walk, node.members)),
    params: [],
    docHosts: [rangeNode],
  });
  const inner = [...scope, name];
  for (const member of node.members) visitMember(walk, member, inner);
}

function visitMember(walk: Walk, member: ts.ClassElement, scope: readonly string[]): void {
  const { api } = walk;
  if (isMemberFunction(walk, member)) {
    if (!isReportedMember(walk, member)) return;
    const docHosts = [member, ...findOverloads(walk, member)];
    addFunction(walk, 'method', memberName(walk, member), scope, member, member, member, docHosts);
    return;
  }
  const value = api.isPropertyDeclaration(member) ? unwrap(walk, member.initializer) : undefined;
  if (value && (api.isArrowFunction(value) || api.isFunctionExpression(value))) {
    addFunction(walk, 'method', memberName(walk, member), scope, member, member, value, [member]);
  } else if (value && api.isClassExpression(value)) {
    visitClass(walk, value, member, memberName(walk, member), scope);
  } else visitChildren(walk, member, scope);
}

function visitNamespace(walk: Walk, node: ts.ModuleDeclaration, scope: readonly string[]): void {
  const inner = walk.api.isIdentifier(node.name) ? [...scope, node.name.text] : scope;
  if (node.body) visit(walk, node.body, inner);
}

/** `export const f = () => ...`, `const g = function () {}`, `export const C = class {}`. */
function visitVariableStatement(
  walk: Walk,
  statement: ts.VariableStatement,
  scope: readonly string[],
): void {
  const { api } = walk;
  const declarations = statement.declarationList.declarations;
  declarations.forEach((declaration, index) => {
    const value = unwrap(walk, declaration.initializer);
    // The first declaration owns the statement's `export const` and its doc.
    const rangeNode = index === 0 ? statement : declaration;
    const endNode = declarations.length === 1 ? statement : declaration;
    if (!value || !api.isIdentifier(declaration.name)) {
      visitChildren(walk, declaration, scope);
    } else if (api.isArrowFunction(value) || api.isFunctionExpression(value)) {
      const name = declaration.name.text;
      addFunction(walk, 'function', name, scope, rangeNode, endNode, value, [rangeNode]);
    } else if (api.isClassExpression(value) && declarations.length === 1) {
      visitClass(walk, value, statement, declaration.name.text, scope);
    } else visitChildren(walk, declaration, scope);
  });
}

/** `module.exports.f = function () {}` and `exports.f = () => {}`. */
function visitCommonJsExport(
  walk: Walk,
  statement: ts.ExpressionStatement,
  scope: readonly string[],
): void {
  const { api } = walk;
  const assignment = statement.expression;
  const value = api.isBinaryExpression(assignment) ? unwrap(walk, assignment.right) : undefined;
  if (
    value &&
    api.isBinaryExpression(assignment) &&
    assignment.operatorToken.kind === api.SyntaxKind.EqualsToken &&
    api.isPropertyAccessExpression(assignment.left) &&
    isExportsObject(walk, assignment.left.expression) &&
    (api.isArrowFunction(value) || api.isFunctionExpression(value))
  ) {
    const name = assignment.left.name.text;
    addFunction(walk, 'function', name, scope, statement, statement, value, [statement]);
  } else visitChildren(walk, statement, scope);
}

/** `export default () => {}` and `export default class {}` written as expressions. */
function visitDefaultExport(walk: Walk, node: ts.ExportAssignment, scope: readonly string[]): void {
  const { api } = walk;
  const value = node.isExportEquals ? undefined : unwrap(walk, node.expression);
  if (value && (api.isArrowFunction(value) || api.isFunctionExpression(value))) {
    addFunction(walk, 'function', 'default', scope, node, node, value, [node]);
  } else if (value && api.isClassExpression(value)) {
    visitClass(walk, value, node, value.name?.text ?? 'default', scope);
  } else visitChildren(walk, node, scope);
}

/** Adds a function or method and then looks for functions and classes nested in its body. */
function addFunction(
  walk: Walk,
  kind: SymbolKind,
  name: string,
  scope: readonly string[],
  rangeNode: ts.Node,
  endNode: ts.Node,
  fn: FunctionNode,
  docHosts: readonly ts.Node[],
): void {
  addFound(walk, {
    kind,
    name,
    scope,
    start: rangeNode.getStart(walk.file),
    end: endNode.end,
    signature: buildSignature(walk, signatureStart(walk, rangeNode), functionHeaderEnd(walk, fn)),
    params: listParams(walk, fn),
    docHosts,
  });
  if (fn.body) visit(walk, fn.body, [...scope, name]);
}

function addTypeLike(
  walk: Walk,
  kind: SymbolKind,
  node: ts.InterfaceDeclaration | ts.EnumDeclaration | ts.TypeAliasDeclaration,
  scope: readonly string[],
): void {
  const start = signatureStart(walk, node);
  const signature = walk.api.isTypeAliasDeclaration(node)
    ? buildSignature(walk, start, node.end).slice(0, TYPE_ALIAS_SIGNATURE_MAX)
    : buildSignature(walk, start, headerEnd(walk, node.members));
  addFound(walk, {
    kind,
    name: node.name.text,
    scope,
    start: node.getStart(walk.file),
    end: node.end,
    signature,
    params: [],
    docHosts: [node],
  });
}

function addFound(walk: Walk, found: Found): void {
  const { source } = walk;
  const range = source.range(found.start, found.end);
  const doc = found.docHosts
    .map((host) => findJsDoc(walk.api, walk.file, host))
    .find((jsDoc) => jsDoc !== undefined);
  walk.symbols.push({
    ...range,
    kind: found.kind,
    name: found.name,
    qualifiedName: [...found.scope, found.name].join('.'),
    signature: found.signature,
    params: found.params,
    hasDoc: doc !== undefined,
    ...(doc && { doc: doc.text, docRange: source.range(doc.start, doc.end) }),
    bodyHash: source.hashCode(range.startIndex, range.endIndex),
  });
}

function className(node: ts.ClassDeclaration): string {
  return node.name?.text ?? 'default';
}
