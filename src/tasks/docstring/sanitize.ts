import {
  cleanDoc,
  stripBlockComment,
  stripLineComment,
} from '../../analysis/languages/tree-sitter-walk.js';
import type { LanguageId } from '../../analysis/types.js';
import type { Checked } from '../../util/checked.js';
import { findNotProse } from './prose.js';
import type { DocStyle, DocText } from './types.js';

/**
 * Turns a model's answer into doc text, or refuses it with a reason. Models wrap docs in chat
 * prose, fences and comment markers, which go; an answer holding code, or text that does not
 * read as prose, is refused, not repaired.
 * Escaping `"""` or `*\/` for the file is the renderer's job, not this one's.
 */

export interface SanitizeOptions {
  language: LanguageId;
  style: DocStyle;
  symbolName: string;
  maxLines?: number;
  maxChars?: number;
}

const DEFAULT_MAX_LINES = 60;
const DEFAULT_MAX_CHARS = 4000;

export function sanitizeDocAnswer(
  answer: string,
  options: SanitizeOptions,
): Checked<{ text: DocText }> {
  const bad = findBadCharacter(answer);
  if (bad) return refuse(bad);
  const normalised = answer.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  const unfenced = stripWrappingFence(stripChatProse(normalised));
  if (!unfenced.ok) return unfenced;
  const text = tidyLayout(stripCommentMarkers(stripChatProse(unfenced.text), options.language));
  if (text === '') return refuse('empty answer');
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const lineCount = text.split('\n').length;
  if (lineCount > maxLines) return refuse(`too long: ${lineCount} lines (limit ${maxLines})`);
  if (text.length > maxChars)
    return refuse(`too long: ${text.length} characters (limit ${maxChars})`);
  const code = findCodeLine(text, options.language);
  if (code !== undefined) return refuse(describeCode(code, options.symbolName));
  // Garbage from a broken model (subword soup, mixed scripts, loops) is refused, not suggested.
  const notProse = findNotProse(text);
  if (notProse) return refuse(notProse);
  // A godoc that does not start with the name is kept as written: the caller decides.
  return { ok: true, text };
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** U+FFFD means bytes were not UTF-8; control and bidi-override characters have no place in a doc. */
function findBadCharacter(text: string): string | undefined {
  if (text.includes('\uFFFD'))
    return 'answer holds U+FFFD: the model sent bytes that are not UTF-8';
  // A lone surrogate (a JSON `\ud800` escape) cannot be written as UTF-8 at all.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
    return 'answer holds a lone surrogate: it is not valid Unicode';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = (code < 0x20 && !'\n\r\t'.includes(char)) || (code >= 0x7f && code <= 0x9f);
    const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if (control || bidi) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      return `answer holds ${control ? 'control' : 'bidirectional override'} character U+${hex}`;
    }
  }
  return undefined;
}

const INTERJECTION = /^(?:sure|certainly|of course|absolutely|okay|alright)\b/i;
const DOC_LABEL =
  /^(?:the\s+)?(?:(?:updated|corrected|new|revised|improved|suggested)\s+)?(?:docstring|doc comment|documentation|doc|javadoc|jsdoc|tsdoc|rustdoc|godoc)\b[^:]{0,80}:$/i;
const TRAILING_PROSE =
  /^(?:this (?:docstring|doc comment|doc|documentation|comment|javadoc|jsdoc|tsdoc|rustdoc|godoc)\b|let me know\b|i hope\b|hope this\b|note:\s*i\b|i(?:'ve| have| added| kept| used)\b|feel free\b|if you(?:'d like| would like| have any| need any| want any)\b|explanation:)/i;

// `Sure! Here's the docstring:`, `Certainly...`, `Docstring:` (bold or not) open a chat answer.
function isPreamble(line: string): boolean {
  const text = line.trim().replace(/^\*\*|\*\*$/g, '');
  if (INTERJECTION.test(text)) return /[:!]$/.test(text) || /^[a-z ]+[\s.!,…]*$/i.test(text);
  if (/^here(?:'s|’s| is| are)\b/i.test(text)) return text.endsWith(':');
  return DOC_LABEL.test(text);
}

/** Drops preamble lines before the doc and closing remarks (`Let me know...`) after it. */
function stripChatProse(text: string): string {
  let lines = text.split('\n');
  for (;;) {
    const first = lines.findIndex((line) => line.trim() !== '');
    if (first < 0 || !isPreamble(lines[first] ?? '')) break;
    lines = lines.slice(first + 1);
  }
  for (;;) {
    let end = lines.length;
    while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
    let start = end - 1;
    while (start > 0 && (lines[start - 1] ?? '').trim() !== '' && !isFence(lines[start - 1])) {
      start--;
    }
    if (start < 0 || !TRAILING_PROSE.test((lines[start] ?? '').trim())) {
      return lines.slice(0, end).join('\n');
    }
    lines = lines.slice(0, start);
  }
}

function isFence(line: string | undefined): boolean {
  return line !== undefined && /^\s*(?:`{3,}|~{3,})/.test(line);
}

/** A fence around the whole answer goes; any other fence means the answer holds code. */
function stripWrappingFence(text: string): Checked<{ text: string }> {
  let lines = text.trim().split('\n');
  if (
    lines.length >= 2 &&
    isFence(lines[0]) &&
    /^\s*(?:`{3,}|~{3,})\s*$/.test(lines.at(-1) ?? '')
  ) {
    lines = lines.slice(1, -1);
  }
  if (lines.some(isFence) || lines.some((line) => line.includes('```'))) {
    return refuse('answer contains code: a fenced block');
  }
  return { ok: true, text: lines.join('\n') };
}

const LINE_MARKERS = ['///', '//!', '//'] as const;

/** `"""..."""`, `/** ... *\/` with gutters, `///`, `//!`, `//` and (Python) `#` prefixes go. */
function stripCommentMarkers(text: string, language: LanguageId): string {
  const trimmed = text.trim();
  const quoted = /^[rRuU]?("""|''')([\s\S]*)\1$/.exec(trimmed);
  if (language === 'python' && quoted) return quoted[2] ?? '';
  if (/^\/\*[\s\S]*\*\/$/.test(trimmed)) return stripBlockComment(trimmed);
  const lines = trimmed.split('\n');
  const filled = lines.filter((line) => line.trim() !== '');
  const markers = language === 'python' ? [...LINE_MARKERS, '#'] : LINE_MARKERS;
  const marker = markers.find((m) => filled.every((line) => line.trimStart().startsWith(m)));
  return marker ? lines.map((line) => stripLineComment(line, marker)).join('\n') : trimmed;
}

/** Dedented, no trailing spaces, at most one blank line in a row, trimmed. */
function tidyLayout(text: string): string {
  return cleanDoc(text).replace(/\n{3,}/g, '\n\n');
}

/*
 * Lines that read as code, per language. Inline code in backticks is removed before matching, and
 * so are braced types on tag lines (`@param {() => void} cb`). Examples are refused as code too
 * (`@example`, `>>>`): the model's examples are unchecked code, and refusing is the simple rule.
 */
const SHARED_CODE: readonly RegExp[] = [
  /\{\s*$/, // opens a block
  /^\s*[})\]]+\s*[;,)]*\s*$/, // only closes one
  /[\w$\]]\([^()]*\)\s*;\s*$/, // a call statement
  /^\s*[\w$.[\]]+\s*[-+*/]?=\s*[^=\s].*;\s*$/, // an assignment statement
  /^\s*(?:return|throw|break|continue)\b[^.]*;\s*$/,
];

const CODE_LINES: Readonly<Record<LanguageId, readonly RegExp[]>> = {
  python: [
    /^\s*(?:async\s+)?def\s+\w+\s*\(/,
    /^\s*class\s+\w+\s*[(:]/,
    /^\s*import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*\s*$/,
    /^\s*from\s+[\w.]+\s+import\s+\S/,
    /^\s*[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*[-+*/]?=\s*(?:[\w.]+\(|[[{'"\d]|None\b|True\b|False\b|self\b|lambda\b)/,
    /^\s*return(?:\s+(?:[\w.]+\(.*\)|\w*[._[][\w.[\]'"]*[\w\]'"]|None|True|False|self|\d+))?\s*$/,
    /^\s*raise\s+[A-Z]\w*\(.*\)\s*$/,
    /^\s*(?:for\s+\w+(?:\s*,\s*\w+)*\s+in\s+\S.*|with\s+.+\s+as\s+\w+|try|finally|except(?:\s+\w+(?:\s+as\s+\w+)?)?)\s*:\s*$/,
    /^\s*pass\s*$/,
    /^\s*@[\w.]+(?:\(.*\))?\s*$/,
    /^\s*>>>(?:\s|$)/,
  ],
  typescript: [],
  javascript: [],
  go: [
    /^\s*func\b\s*(?:\([^)]*\)\s*)?\w*\s*[[(]/,
    /^\s*package\s+\w+\s*$/,
    /^\s*import\s*(?:\(|"|\w+\s+")/,
    /:=/,
    /^\s*(?:var|const)\s+\w+(?:\s+[\w.*[\]]+)?\s*=/,
  ],
  rust: [
    /^\s*(?:pub(?:\([\w\s:]+\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"\w+"\s+)?fn\s+\w+/,
    /^\s*(?:pub(?:\([\w\s:]+\))?\s+)?use\s+(?:\w+::)+[\w{}*,\s:]*;?\s*$/,
    /^\s*let\s+(?:mut\s+)?(?:\w+|\([\w,\s]+\))\s*(?::[^=]+)?=/,
    /^\s*(?:unsafe\s+)?impl\b(?:<[^>]*>)?\s+[\w:<>]+\s+for\s+[\w:<>]+\s*$/,
    /^\s*#!?\[\w/,
  ],
  java: [
    /^\s*import\s+(?:static\s+)?[\w.]+(?:\.\*)?\s*;\s*$/,
    /^\s*package\s+[\w.]+\s*;\s*$/,
    /^\s*(?:(?:public|private|protected|static|final|abstract|synchronized|native)\s+)+[\w<>[\],.?\s]*?[\w$]+\(/,
    /^\s*(?:(?:public|private|protected|static|final|abstract)\s+)+(?:class|interface|enum|record)\s+\w+/,
    /^\s*@[A-Z]\w*(?:\(.*\))?\s*$/,
    /^\s*[\w<>[\],.?]+\s+[\w$]+\s*=\s*.+;\s*$/, // a typed declaration
  ],
};

const SCRIPT_CODE: readonly RegExp[] = [
  /^\s*import\s+(?:type\s+)?(?:[\w$*{}\s,]+\s+from\s+)?['"]/,
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b\s*\*?\s*[\w$]*\s*[(<]/,
  /^\s*(?:export\s+)?(?:const|let|var)\s+(?:[\w$]+|\{[^}]*\}|\[[^\]]*\])\s*(?::[^=]+)?=/,
  /^\s*export\s+(?:default\b|(?:const|let|var|function|class|interface|type|enum|async|abstract)\b)/,
  /=>/,
  /^\s*@example\b/,
];

function rulesFor(language: LanguageId): readonly RegExp[] {
  const own = language === 'typescript' || language === 'javascript' ? SCRIPT_CODE : [];
  return [...CODE_LINES[language], ...own, ...SHARED_CODE];
}

/** The first line that reads as code in `language`, or undefined. */
export function findCodeLine(text: string, language: LanguageId): string | undefined {
  const rules = rulesFor(language);
  return text.split('\n').find((line) => {
    const prose = withoutInlineCode(line);
    return rules.some((rule) => rule.test(prose));
  });
}

// `code` spans and `{@link X}` go; on a tag line (`@param {T} x`) braced types go too.
function withoutInlineCode(line: string): string {
  const bare = line.replace(/`[^`]*`/g, '``').replace(/\{@\w+[^{}]*\}/g, '');
  if (!/^\s*@\w+/.test(bare)) return bare;
  return bare.replace(/\{(?:[^{}]|\{[^{}]*\})*\}/g, '');
}

function describeCode(line: string, symbolName: string): string {
  if (symbolName !== '' && line.includes(`${symbolName}(`)) {
    return `answer contains code: the declaration of ${symbolName}`;
  }
  const shown = line.trim();
  return `answer contains code: ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`;
}
