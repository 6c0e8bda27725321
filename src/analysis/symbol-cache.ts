import {
  extractSymbols,
  type FileAnalysis,
  type FileSkip,
  readForAnalysis,
} from './analyze-file.js';
import { diffSymbols, type SymbolChange } from './symbol-diff.js';
import type { CodeSymbol, LanguageId } from './types.js';

export type FileUpdate =
  /** The content is what was analysed last time: nothing was parsed. */
  | { status: 'unchanged' }
  | {
      status: 'analyzed';
      analysis: Extract<FileAnalysis, { ok: true }>;
      changes: SymbolChange[];
      /** The text that was parsed (without its BOM), for the stages that build on the symbols. */
      source: { text: string; hasBom: boolean };
    }
  | { status: 'skipped'; skip: FileSkip }
  | { status: 'removed'; changes: SymbolChange[] };

interface Entry {
  contentHash: string;
  symbols: CodeSymbol[];
}

/**
 * The symbols of each file as last analysed, keyed by path and content hash, so that re-saving
 * an unchanged file does no parsing and a change reports only the symbols whose code or
 * signature changed.
 */
export class SymbolCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxFileBytes: number;
  readonly #baseline: ((file: string) => Promise<string | undefined>) | undefined;
  readonly #extract: typeof extractSymbols;
  readonly #skipGenerated: ((file: string, text: string) => string | undefined) | undefined;

  /**
   * `baseline` gives a file's last known text (for a repo, its version in HEAD) the first time the
   * file changes, so that a first save reports what changed rather than every symbol as new.
   */
  constructor(options: {
    maxFileBytes: number;
    baseline?: (file: string) => Promise<string | undefined>;
    /** Why a file is generated (then it is skipped before parsing), or undefined. */
    generated?: (file: string, text: string) => string | undefined;
    /** Parses a file's text (the daemon's does it on a worker thread); default: here. */
    extract?: typeof extractSymbols;
  }) {
    this.#extract = options.extract ?? extractSymbols;
    this.#maxFileBytes = options.maxFileBytes;
    this.#baseline = options.baseline;
    this.#skipGenerated = options.generated;
  }

  async update(file: string): Promise<FileUpdate> {
    const read = await readForAnalysis(file, { maxFileBytes: this.#maxFileBytes });
    const previous = this.#entries.get(file);
    if (!('text' in read)) {
      if (read.reason === 'missing') return this.remove(file);
      return { status: 'skipped', skip: read };
    }
    if (previous?.contentHash === read.contentHash) return { status: 'unchanged' };
    const generated = this.#skipGenerated?.(file, read.text);
    if (generated) {
      this.#entries.delete(file);
      const skip = { ok: false as const, language: read.language, reason: 'generated' as const };
      return { status: 'skipped', skip: { ...skip, message: `${file} is skipped: ${generated}` } };
    }
    const analysis = await this.#extract(file, read.language, read);
    if (!analysis.ok) return { status: 'skipped', skip: analysis };
    const before = previous?.symbols ?? (await this.#baselineSymbols(file, read.language));
    this.#entries.set(file, { contentHash: analysis.contentHash, symbols: analysis.symbols });
    return {
      status: 'analyzed',
      analysis,
      changes: diffSymbols(before, analysis.symbols),
      source: { text: read.text, hasBom: read.hasBom },
    };
  }

  /** Forgets a deleted file; its symbols are reported removed. */
  remove(file: string): FileUpdate {
    const previous = this.#entries.get(file);
    this.#entries.delete(file);
    return { status: 'removed', changes: diffSymbols(previous?.symbols ?? [], []) };
  }

  async #baselineSymbols(file: string, language: LanguageId): Promise<CodeSymbol[]> {
    const text = await this.#baseline?.(file).catch(() => undefined);
    if (text === undefined) return [];
    const analysis = await this.#extract(file, language, {
      text: text.replace(/^\uFEFF/, ''),
      contentHash: '',
    });
    return analysis.ok ? analysis.symbols : [];
  }
}

/** One file whose symbols were extracted on a pass. */
export interface AnalysedFile {
  rel: string;
  update: Extract<FileUpdate, { status: 'analyzed' }>;
}

/**
 * What a monitor hands on after a pass extracted the symbols of the files that changed: the
 * docstring stage (whose caps count per pass) and the fix stage.
 */
export type AnalysedListener = (repo: string, files: readonly AnalysedFile[]) => Promise<void>;
