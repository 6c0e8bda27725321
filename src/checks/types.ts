/**
 * Checkers and what they report: a repo's `checks` config names commands and the parser that
 * reads each one's output into diagnostics.
 */

export const PARSER_NAMES = [
  'tsc',
  'eslint',
  'ruff',
  'mypy',
  'pyright',
  'govet',
  'cargo',
  'generic',
] as const;
export type ParserName = (typeof PARSER_NAMES)[number];

/** One problem a checker reported. */
export interface Diagnostic {
  /** Repo-relative, `/`-separated (absolute paths from the tool are made relative). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, when the tool gives it. */
  column?: number;
  endLine?: number;
  severity: 'error' | 'warning' | 'note';
  /** The tool's rule or error code: `TS2322`, `no-unused-vars`, `F401`, `E0308`... */
  code?: string;
  message: string;
  parser: ParserName;
}

/** One configured check: `{ "name": "types", "command": "npx tsc --noEmit", "parser": "tsc" }`. */
export interface CheckConfig {
  name: string;
  /** Run with `sh -c` in the repo root (or a scratch copy of it). */
  command: string;
  parser: ParserName;
  /** Killed after this long; its diagnostics so far are not trusted. */
  timeoutMs: number;
  /**
   * Whether it runs code from the repository (tests, scripts, eslint's config): said by the
   * config, else read from the command (`check-runs-code.ts`). Absent unless the config said it,
   * so trust given to checks before this key existed still holds.
   */
  runsCode?: boolean;
}
