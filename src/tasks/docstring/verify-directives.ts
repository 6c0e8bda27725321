import { languageOf } from '../../analysis/languages/index.js';
import type { LanguageId } from '../../analysis/types.js';
import { countCommonPrefix, countCommonSuffix } from '../../util/unified-diff.js';
import { type DirectiveLine, isOwnLineDirective, listDirectives } from './directive-comments.js';

/**
 * Principle 2 for directive comments: after a doc patch, every directive of the file governs
 * the same code as before. A trailing one (`# type: ignore[override]`) stays on the same code
 * line; one on a line of its own (`// @ts-expect-error`) keeps the same line right below it
 * (below the run of directives it stands in).
 * Lines outside the patched span pair up one to one; a directive inside it must be found again
 * among the new lines. Pure.
 */
export function findDirectiveChange(patch: {
  path: string;
  before: string;
  after: string;
}): string | undefined {
  const language = languageOf(patch.path);
  if (!language) return undefined;
  const was = patch.before.split(/\r?\n/);
  const now = patch.after.split(/\r?\n/);
  const prefix = countCommonPrefix(was, now);
  const suffix = countCommonSuffix(was, now, prefix);
  const used = new Set<number>();
  for (const directive of listDirectives(language, was)) {
    const line = directive.line;
    const counterpart =
      line < prefix
        ? line
        : line >= was.length - suffix
          ? line + now.length - was.length
          : findMovedLine(directive, was[line] as string, now, [prefix, now.length - suffix], used);
    const where = `the directive \`${directive.comment}\` on line ${line + 1}`;
    if (counterpart === undefined) {
      return directive.position === 'trailing'
        ? `${where} would no longer sit on the code it governs`
        : `${where} would be moved or removed`;
    }
    if (directive.position === 'after-header' && was[line - 1] !== now[counterpart - 1]) {
      return `${where} would no longer follow the header it types`;
    }
    if (
      directive.position === 'own-line' &&
      findGovernedLine(language, was, line) !== findGovernedLine(language, now, counterpart)
    ) {
      return `${where} would govern a different line: a doc would come between it and its line`;
    }
  }
  return undefined;
}

/** The line an own-line directive governs: the next one, past a run of directives. */
function findGovernedLine(
  language: LanguageId,
  lines: readonly string[],
  line: number,
): string | undefined {
  let next = line + 1;
  while (next < lines.length && isOwnLineDirective(language, lines[next] as string)) next++;
  return lines[next];
}

/**
 * The first unused line of `lines[from, to)` that reads exactly like `text`, or (a trailing
 * directive) holds the same code and comment with only a comment dropped before them: what a doc
 * comment replaced on a code line leaves (`/** old *\/ f(); // eslint-disable-line`).
 */
function findMovedLine(
  directive: DirectiveLine,
  text: string,
  lines: readonly string[],
  [from, to]: [number, number],
  used: Set<number>,
): number | undefined {
  for (let i = from; i < to; i++) {
    const candidate = lines[i] as string;
    if (used.has(i)) continue;
    if (
      candidate === text ||
      (directive.position === 'trailing' && keepsCode(directive, text, candidate))
    ) {
      used.add(i);
      return i;
    }
  }
  return undefined;
}

function keepsCode(directive: DirectiveLine, was: string, now: string): boolean {
  const comment = directive.comment;
  if (!now.trimEnd().endsWith(comment)) return false;
  const wasCode = was.trimEnd().slice(0, -comment.length).trim();
  const nowCode = now.trimEnd().slice(0, -comment.length).trim();
  if (nowCode === '' || !wasCode.endsWith(nowCode)) return false;
  const dropped = wasCode.slice(0, -nowCode.length).trim();
  return dropped === '' || dropped.endsWith('*/');
}
