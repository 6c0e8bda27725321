import type { LanguageId } from '../../analysis/types.js';

/**
 * Directive comments: comments a tool reads as an order about one line of code. At the end of a
 * code line (`# type: ignore`, `// eslint-disable-line`) they govern that line; on a line of their
 * own (`// @ts-expect-error`, `# pylint: disable-next=`) the line right below. A doc patch must
 * leave each one governing the code it governed. The list is data: add a tool by adding a line.
 */

/**
 * A PEP 484 function type comment, `# type: (int) -> str`: on its own line it belongs to the
 * header right above it, which it must follow directly.
 */
const FUNCTION_TYPE_COMMENT = /#\s*type:\s*\(.*\)\s*->/;

/** A comment start and the directive that follows it, per comment syntax. */
const HASH_DIRECTIVES: readonly RegExp[] = [
  FUNCTION_TYPE_COMMENT,
  /#\s*type:/,
  /#\s*noqa\b/i,
  /#\s*pragma\b/,
  /#\s*pylint:/,
  /#\s*pyright:/,
  /#\s*mypy:/,
  /#\s*ruff:/,
  /#\s*fmt:\s*(?:skip|off|on)\b/,
  /#\s*isort:/,
  /#\s*nosec\b/,
];

const SLASH_DIRECTIVES: readonly RegExp[] = [
  /\/\/\s*@ts-(?:expect-error|ignore)\b/,
  /\/[/*]\s*eslint-disable(?:-next-line|-line)?\b/,
  /\/[/*]\s*biome-ignore\b/,
  /\/[/*]\s*prettier-ignore\b/,
  /\/[/*]\s*(?:istanbul|c8|v8)\s+ignore\b/,
  /\/\/\s*NOLINT(?:NEXTLINE)?\b/,
  /\/\/\s*deno-lint-ignore\b/,
  /\/\/\s*noinspection\b/,
  /\/\/(?:nolint|lint:ignore)\b/,
  /\/\/go:[a-z]/,
];

const DIRECTIVES_BY_LANGUAGE: Readonly<Record<LanguageId, readonly RegExp[]>> = {
  python: HASH_DIRECTIVES,
  typescript: SLASH_DIRECTIVES,
  javascript: SLASH_DIRECTIVES,
  go: SLASH_DIRECTIVES,
  rust: SLASH_DIRECTIVES,
  java: SLASH_DIRECTIVES,
};

/** One directive found in a line of text. */
export interface DirectiveLine {
  /** 0-based line number. */
  line: number;
  /** The directive comment's text, from its marker to the end of the line. */
  comment: string;
  /**
   * `own-line` governs the next line; `trailing` the code before it on its line; `after-header`
   * (a function type comment) the line above it.
   */
  position: 'own-line' | 'trailing' | 'after-header';
}

/** The directive in one line of the language's text, if any. Pure. */
export function findDirective(
  language: LanguageId,
  lineText: string,
): Omit<DirectiveLine, 'line'> | undefined {
  for (const pattern of DIRECTIVES_BY_LANGUAGE[language]) {
    const match = pattern.exec(lineText);
    if (!match) continue;
    const alone = lineText.slice(0, match.index).trim() === '';
    const ownLine = pattern === FUNCTION_TYPE_COMMENT ? 'after-header' : 'own-line';
    return {
      comment: lineText.slice(match.index).trimEnd(),
      position: alone ? ownLine : 'trailing',
    };
  }
  return undefined;
}

/** Every line of `lines` that holds a directive. Pure. */
export function listDirectives(language: LanguageId, lines: readonly string[]): DirectiveLine[] {
  return lines.flatMap((lineText, line) => {
    const found = findDirective(language, lineText);
    return found ? [{ line, ...found }] : [];
  });
}

/** Whether a whole line is a directive comment governing the next line. */
export function isOwnLineDirective(language: LanguageId, lineText: string): boolean {
  return findDirective(language, lineText)?.position === 'own-line';
}
