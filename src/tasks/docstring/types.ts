import type { LanguageId } from '../../analysis/types.js';

/**
 * The doc conventions hearth writes. Python has three (Google is the default); JavaScript gets
 * JSDoc with types, TypeScript TSDoc without them (either may be forced); Go, Rust and Java have
 * one each.
 */
export type DocStyle =
  | 'google'
  | 'numpy'
  | 'rest'
  | 'jsdoc'
  | 'tsdoc'
  | 'godoc'
  | 'rustdoc'
  | 'javadoc';

/** The styles a language may use, the first being its default. */
export const STYLES_BY_LANGUAGE: Readonly<Record<LanguageId, readonly DocStyle[]>> = {
  python: ['google', 'numpy', 'rest'],
  typescript: ['tsdoc', 'jsdoc'],
  javascript: ['jsdoc', 'tsdoc'],
  go: ['godoc'],
  rust: ['rustdoc'],
  java: ['javadoc'],
};

/**
 * A doc as hearth handles it between the model's answer and the file: plain text, lines joined
 * with `\n`, no comment markers (`"""`, `/**`, ` * `, `//`, `///`), no indentation of its own
 * beyond the structure inside it (a Google `Args:` entry keeps its four spaces).
 */
export type DocText = string;

/** What a docstring task documents; checked again against the file when the answer comes. */
export interface DocstringTarget {
  /** Repo-relative, `/`-separated. */
  path: string;
  /** The symbol's qualified name. */
  symbol: string;
  bodyHash: string;
  /** The house style the prompt asked for (a DocStyle). */
  style: string;
}
