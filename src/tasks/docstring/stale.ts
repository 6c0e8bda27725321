import type { CodeSymbol, LanguageId } from '../../analysis/types.js';

/**
 * Whether a doc still matches its function: the parameter names a doc documents, read from the
 * conventions hearth writes, compared with the parameters the code has now.
 */

const CALLABLE_KINDS: ReadonlySet<CodeSymbol['kind']> = new Set(['function', 'method']);

/**
 * The parameter names `doc` documents, in order and without repeats; undefined when it documents
 * none (a doc that only describes the function has nothing to go stale). Go has no convention.
 */
export function documentedParams(doc: string, language: LanguageId): string[] | undefined {
  const lines = doc.replace(/\r\n?/g, '\n').split('\n');
  const names = readersFor(language).flatMap((read) => read(lines));
  const unique = [...new Set(names.map(normaliseName).filter((name) => name !== ''))];
  return unique.length > 0 ? unique : undefined;
}

/**
 * True when the symbol's doc documents parameters and they are not the ones it has. Classes and
 * other types never are: a constructor's parameters are documented on the constructor.
 */
export function isDocStale(symbol: CodeSymbol, language: LanguageId): boolean {
  if (!CALLABLE_KINDS.has(symbol.kind) || !symbol.doc) return false;
  const documented = documentedParams(symbol.doc, language);
  if (!documented) return false;
  // `_` is a placeholder nobody documents; a bare `*` or `/` in Python is no parameter.
  const params = symbol.params
    .map(normaliseName)
    .filter((name) => /^[\w${[(]/.test(name) && name !== '_');
  const plain = params.filter((name) => !/^[{[(]/.test(name));
  const destructured = params.length > plain.length;
  if (plain.some((name) => !documented.includes(name))) return true;
  const unmatched = documented.filter((name) => !plain.includes(name));
  // A destructured parameter has no name of its own: whatever the doc calls it is fine.
  return destructured ? false : unmatched.length > 0;
}

type Reader = (lines: readonly string[]) => string[];

function readersFor(language: LanguageId): Reader[] {
  switch (language) {
    case 'python':
      return [readGoogleArgs, readNumpyParameters, readRestParams];
    case 'typescript':
    case 'javascript':
    case 'java':
      return [readAtParams];
    case 'rust':
      return [readRustArguments];
    case 'go':
      return [];
  }
}

// `*args`, `...rest`, `&x`, `mut x`, `` `x` `` -> the bare name; a destructuring pattern is kept.
function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/`/g, '')
    .replace(/^(?:\*{1,2}|\.\.\.|&\s*(?:mut\s+)?|mut\s+|ref\s+)/, '')
    .replace(/^(?:mut|ref)\s+/, '')
    .trim();
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Google: entries of an `Args:` section are its least indented lines, `name (type): text`. */
function readGoogleArgs(lines: readonly string[]): string[] {
  const names: string[] = [];
  lines.forEach((line, at) => {
    if (!/^\s*(?:Args|Arguments|Parameters):\s*$/.test(line)) return;
    const section = takeIndentedBlock(lines, at + 1, indentOf(line));
    const entryIndent = Math.min(...section.map(indentOf));
    for (const entry of section.filter((l) => indentOf(l) === entryIndent)) {
      const match = /^\s*(\*{0,2}[A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*:/.exec(entry);
      if (match?.[1]) names.push(match[1]);
    }
  });
  return names;
}

// The non-blank lines after `start` indented deeper than `indent`, up to the first that is not.
function takeIndentedBlock(lines: readonly string[], start: number, indent: number): string[] {
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.trim() === '') continue;
    if (indentOf(line) <= indent) break;
    block.push(line);
  }
  return block;
}

/** NumPy: `Parameters` underlined with dashes; entries `name : type` or `a, b : int`. */
function readNumpyParameters(lines: readonly string[]): string[] {
  const names: string[] = [];
  lines.forEach((line, at) => {
    if (!/^\s*(?:Other )?Parameters\s*$/.test(line) || !isUnderline(lines[at + 1])) return;
    const indent = indentOf(line);
    for (let i = at + 2; i < lines.length; i++) {
      const entry = lines[i] ?? '';
      if (entry.trim() === '' || indentOf(entry) > indent) continue;
      if (indentOf(entry) < indent || isUnderline(lines[i + 1])) break;
      const head = entry.split(/\s:(?:\s|$)/)[0] ?? '';
      names.push(...head.split(',').filter((name) => /^\s*\*{0,2}[A-Za-z_]\w*\s*$/.test(name)));
    }
  });
  return names;
}

function isUnderline(line: string | undefined): boolean {
  return line !== undefined && /^\s*-{3,}\s*$/.test(line);
}

/** reST: `:param name:` or `:param type name:`, the name being the last word before the colon. */
function readRestParams(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    const match = /^\s*:(?:param|parameter|arg|argument)\s+([^:]+):/.exec(line);
    const name = match?.[1]?.trim().split(/\s+/).pop();
    return name ? [name] : [];
  });
}

/** JSDoc, TSDoc, Javadoc: `@param name`, `@param {T} name`, `@param {T} [name=x]`, `a.b` -> `a`. */
function readAtParams(lines: readonly string[]): string[] {
  const names: string[] = [];
  for (const line of lines) {
    const at = line.search(/@param\b/);
    if (at < 0) continue;
    let rest = line.slice(at + '@param'.length).trimStart();
    if (rest.startsWith('{')) rest = rest.slice(skipBraces(rest)).trimStart();
    const match = /^\[?\s*((?:\.\.\.)?[A-Za-z_$][\w$]*)/.exec(rest);
    if (match?.[1]) names.push(match[1]);
  }
  return names;
}

// The index just past the `}` closing the `{` at index 0, counting nested braces.
function skipBraces(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Rust: the `* `name` - text` bullets of a `# Arguments` section, up to the next heading. */
function readRustArguments(lines: readonly string[]): string[] {
  const names: string[] = [];
  let inSection = false;
  for (const line of lines) {
    if (/^\s*#+\s/.test(line)) {
      inSection = /^\s*#+\s+(?:Arguments|Parameters)\s*$/.test(line);
      continue;
    }
    const match = inSection && /^\s*[*-]\s+`?(?:mut\s+)?([A-Za-z_]\w*)`?\s*(?:[-:–]|$)/.exec(line);
    if (match && match[1] !== undefined) names.push(match[1]);
  }
  return names;
}
