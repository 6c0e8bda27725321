import type { DocStyle } from '../tasks/docstring/types.js';

/**
 * `open` until applied, rejected, or superseded by a newer suggestion for the same symbol (or
 * because the symbol changed under it).
 */
export type SuggestionStatus = 'open' | 'applied' | 'rejected' | 'superseded';

/** One SEARCH/REPLACE edit of a fix, kept to carry the fix to the file's next content. */
export interface FixEdit {
  search: string;
  replace: string;
}

/** What every suggestion has, whatever its kind. */
interface SuggestionCommon {
  /** Short and typeable: `d` (docstring) or `f` (fix) and six hex digits. */
  id: string;
  repo: string;
  /** Repo-relative, `/`-separated. */
  path: string;
  /** sha256 of the file's bytes the patch was computed for; it applies to that content only. */
  baseHash: string;
  /** A unified diff that `git apply` accepts, relative to the repo root. */
  diff: string;
  /** The whole file after the patch, so that applying is one atomic write of verified content. */
  after: string;
  status: SuggestionStatus;
  taskId: string | null;
  createdAt: number;
  updatedAt: number;
  /** Why it was superseded or how it was applied. */
  note: string | null;
  /**
   * Why it is applied only when the user names it (`hearth apply ID`), never by `apply --all` or
   * auto mode: e.g. it rewrites an existing doc. Null for an ordinary suggestion.
   */
  caution: string | null;
}

/** A doc for one symbol, in the file's house style. */
export interface DocstringSuggestion extends SuggestionCommon {
  kind: 'docstring';
  /** The symbol's qualified name. */
  symbol: string;
  /** The symbol's body hash when the doc was written: what a rejection holds for. */
  bodyHash: string;
  /** The doc text. */
  doc: string;
  /** The style it was written in, to insert it again. */
  style: DocStyle;
}

/** A fix of one diagnostic a configured check reported. */
export interface FixSuggestion extends SuggestionCommon {
  kind: 'fix';
  /** The diagnostic's fingerprint (file, code, message): what supersedes and rejects hold for. */
  fingerprint: string;
  /** The configured check that reported it. */
  check: string;
  /** The diagnostic's message: what the fix fixes. */
  message: string;
  /** Where it applies, for people: `src/a.ts:12`. */
  location: string;
  /** Whether re-running the checker on a patched copy confirmed it. */
  verified: boolean;
  /** Its edits, to carry it to the file's next content. */
  edits: FixEdit[];
}

/** One patch hearth proposes, by kind. */
export type Suggestion = DocstringSuggestion | FixSuggestion;
export type SuggestionKind = Suggestion['kind'];

/** What the store fills in itself. */
type MadeByStore = 'id' | 'status' | 'createdAt' | 'updatedAt' | 'note' | 'caution';
type Caution = { caution?: string | null };

export type NewDocstringSuggestion = Omit<DocstringSuggestion, MadeByStore> & Caution;
export type NewFixSuggestion = Omit<FixSuggestion, MadeByStore> & Caution;
/** A suggestion as its maker hands it to the store. */
export type NewSuggestion = NewDocstringSuggestion | NewFixSuggestion;

/** What a rejection holds for: a docstring's symbol with that body, or a fix's diagnostic. */
export type RejectionKey =
  | { repo: string; path: string; symbol: string; bodyHash: string }
  | { repo: string; path: string; fingerprint: string };
