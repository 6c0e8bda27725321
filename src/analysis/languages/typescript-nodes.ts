import type ts from 'typescript';
import { collapseWhitespace } from '../source-text.js';

/** The compiler (passed in, as it loads lazily) and the file its nodes come from. */
export interface Parsed {
  api: typeof ts;
  file: ts.SourceFile;
}

export type FunctionNode = ts.FunctionLikeDeclaration;
export type MemberFunction =
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/**
 * The overload signatures just before an implementation (or before the last abstract
 * signature), first one first: the implementation borrows their doc when it has none.
 */
export function findOverloads(parsed: Parsed, node: ts.Node): ts.Node[] {
  const siblings = listSiblings(parsed, node);
  const overloads: ts.Node[] = [];
  for (let i = siblings.indexOf(node) - 1; i >= 0; i--) {
    const sibling = siblings[i] as ts.Node;
    if (!isSameSignature(parsed, sibling, node) || hasBody(parsed, sibling)) break;
    overloads.unshift(sibling);
  }
  return overloads;
}

function listSiblings(parsed: Parsed, node: ts.Node): readonly ts.Node[] {
  const { api } = parsed;
  const parent = node.parent;
  if (api.isSourceFile(parent) || api.isBlock(parent) || api.isModuleBlock(parent)) {
    return parent.statements;
  }
  return api.isClassLike(parent) ? parent.members : [];
}

function isSameSignature(parsed: Parsed, a: ts.Node, b: ts.Node): boolean {
  return a.kind === b.kind && signatureKey(parsed, a) === signatureKey(parsed, b);
}

function signatureKey(parsed: Parsed, node: ts.Node): string {
  const { api } = parsed;
  if (api.isFunctionDeclaration(node)) return node.name?.text ?? 'default';
  if (isMemberFunction(parsed, node)) {
    const isStatic = node.modifiers?.some((m) => m.kind === api.SyntaxKind.StaticKeyword) ?? false;
    return `${isStatic ? 'static ' : ''}${memberName(parsed, node)}`;
  }
  return '';
}

function hasBody(parsed: Parsed, node: ts.Node): boolean {
  return parsed.api.isFunctionLike(node) && (node as FunctionNode).body !== undefined;
}

/** A member with a body, or an abstract method (the last one when it is overloaded). */
export function isReportedMember(parsed: Parsed, member: MemberFunction): boolean {
  if (member.body) return true;
  const { api } = parsed;
  const isAbstract = member.modifiers?.some((m) => m.kind === api.SyntaxKind.AbstractKeyword);
  if (!isAbstract) return false;
  const siblings = listSiblings(parsed, member);
  const next = siblings[siblings.indexOf(member) + 1];
  return next === undefined || !isSameSignature(parsed, next, member);
}

export function isMemberFunction(parsed: Parsed, node: ts.Node): node is MemberFunction {
  const { api } = parsed;
  return (
    api.isMethodDeclaration(node) ||
    api.isConstructorDeclaration(node) ||
    api.isGetAccessorDeclaration(node) ||
    api.isSetAccessorDeclaration(node)
  );
}

export function memberName(parsed: Parsed, member: ts.ClassElement): string {
  const { api } = parsed;
  if (api.isConstructorDeclaration(member)) return 'constructor';
  const name = member.name;
  if (!name) return 'anonymous';
  if (api.isIdentifier(name) || api.isPrivateIdentifier(name) || api.isStringLiteral(name)) {
    return name.text;
  }
  return collapseWhitespace(name.getText(parsed.file));
}

export function isModuleLevel(parsed: Parsed, node: ts.Node): boolean {
  return parsed.api.isSourceFile(node.parent) || parsed.api.isModuleBlock(node.parent);
}

/** `exports` or `module.exports`. */
export function isExportsObject(parsed: Parsed, node: ts.Expression): boolean {
  const { api } = parsed;
  if (api.isIdentifier(node)) return node.text === 'exports';
  return (
    api.isPropertyAccessExpression(node) &&
    api.isIdentifier(node.expression) &&
    node.expression.text === 'module' &&
    node.name.text === 'exports'
  );
}

/** Sees through `(fn)`, `fn as T` and `fn satisfies T` to the value. */
export function unwrap(parsed: Parsed, node: ts.Expression | undefined): ts.Expression | undefined {
  const { api } = parsed;
  let value = node;
  while (
    value &&
    (api.isParenthesizedExpression(value) ||
      api.isAsExpression(value) ||
      api.isSatisfiesExpression(value))
  ) {
    value = value.expression;
  }
  return value;
}

export function listParams(parsed: Parsed, fn: FunctionNode): string[] {
  const { api } = parsed;
  return fn.parameters
    .filter((param) => !(api.isIdentifier(param.name) && param.name.text === 'this'))
    .map((param) =>
      api.isIdentifier(param.name)
        ? param.name.text
        : collapseWhitespace(param.name.getText(parsed.file)),
    );
}

// Signatures leave decorators out: `@Component({...})` is configuration, not the declaration.
export function signatureStart(parsed: Parsed, node: ts.Node): number {
  const { api } = parsed;
  const decorators = api.canHaveDecorators(node) ? api.getDecorators(node) : undefined;
  return decorators?.at(-1)?.end ?? node.getStart(parsed.file);
}

/** Where the header of a function ends: after `=>` for arrows, before the body's `{` otherwise. */
export function functionHeaderEnd(parsed: Parsed, fn: FunctionNode): number {
  if (parsed.api.isArrowFunction(fn)) return fn.equalsGreaterThanToken.end;
  return fn.body ? fn.body.getStart(parsed.file) : fn.end;
}

/** The `{` before a class's, interface's or enum's members (the list starts just after it). */
export function headerEnd(parsed: Parsed, members: ts.NodeArray<ts.Node>): number {
  return parsed.file.text[members.pos - 1] === '{' ? members.pos - 1 : members.pos;
}

export function buildSignature(parsed: Parsed, start: number, end: number): string {
  return collapseWhitespace(parsed.file.text.slice(start, end)).replace(/;$/, '');
}
