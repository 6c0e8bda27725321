/**
 * The kinds of config value: each builder gives a key its parser, its allowed values for
 * messages, and, for privacy keys, the order of strictness a repo file may only move up.
 */

/** How a repo file may treat a key: set it freely, only make it stricter, or not at all. */
export type RepoRule = 'allowed' | 'tighten-only' | 'forbidden';

export interface KeyDef<T = unknown> {
  key: string;
  description: string;
  default: T;
  /** The allowed values as a person reads them, for error messages. */
  allowed: string;
  repo: RepoRule;
  /** Extra environment variables read for this key, after the derived HEARTH_* one. */
  envAliases?: readonly string[];
  /** Parses a JSON value (from a file) or a string (from the environment or a flag). */
  parse(raw: unknown): { ok: true; value: T } | { ok: false };
  /** For privacy keys and limits: true when `next` is at least as strict as `current`. */
  atLeastAsStrict?(current: T, next: T): boolean;
  /**
   * A resource limit (file size, tasks per file): a repo file may lower it, never raise it. Unlike
   * privacy, what a repo file sets is no floor for the user's environment or flags.
   */
  limit?: boolean;
  /** Kept out of config.json (in a 0600 secrets file), never printed or logged in full. */
  secret?: boolean;
  /**
   * From a repo file, whether this value makes hearth write files or run commands by itself:
   * such a value is honoured only once the user trusted it (`hearth trust`).
   */
  needsTrust?(value: T): boolean;
  /** A repo file's value as it may stand, with a warning for each part refused. */
  limitFromRepo?(value: T): { value: T; warnings: string[] };
}

type Parsed<T> = { ok: true; value: T } | { ok: false };
const fail = { ok: false } as const;

export function enumKey<const K extends string, const V extends string>(
  key: K,
  values: readonly V[],
  fallback: V,
  description: string,
  opts: { repo?: RepoRule; strictnessOrder?: boolean; needsTrust?: (value: V) => boolean } = {},
): KeyDef<V> & { key: K } {
  return {
    key,
    description,
    default: fallback,
    allowed: values.map((v) => JSON.stringify(v)).join(' | '),
    repo: opts.repo ?? 'allowed',
    needsTrust: opts.needsTrust,
    parse: (raw): Parsed<V> =>
      typeof raw === 'string' && (values as readonly string[]).includes(raw)
        ? { ok: true, value: raw as V }
        : fail,
    // `values` lists the loosest first when the key is about privacy.
    atLeastAsStrict: opts.strictnessOrder
      ? (current, next) => values.indexOf(next) >= values.indexOf(current)
      : undefined,
  };
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

export function boolKey<const K extends string>(
  key: K,
  fallback: boolean,
  description: string,
  opts: {
    repo?: RepoRule;
    trueIsStricter?: boolean;
    needsTrust?: (value: boolean) => boolean;
  } = {},
): KeyDef<boolean> & { key: K } {
  return {
    key,
    description,
    default: fallback,
    allowed: 'true | false (or 1 | 0, yes | no, on | off)',
    repo: opts.repo ?? 'allowed',
    needsTrust: opts.needsTrust,
    parse: (raw): Parsed<boolean> => {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (word !== undefined && TRUE_WORDS.includes(word)) return { ok: true, value: true };
      if (word !== undefined && FALSE_WORDS.includes(word)) return { ok: true, value: false };
      return fail;
    },
    atLeastAsStrict: opts.trueIsStricter ? (current, next) => next || !current : undefined,
  };
}

export function intKey<const K extends string>(
  key: K,
  fallback: number,
  min: number,
  max: number,
  description: string,
  opts: { repo?: RepoRule } = {},
): KeyDef<number> & { key: K } {
  return rangeKey(key, fallback, min, max, description, { ...opts, whole: true });
}

/**
 * A whole number that bounds the work one repository can cause (bytes read, tasks queued): a
 * repo's `.hearth.json` may lower it, and a higher value there is refused with a warning; only the
 * user's own config, environment or flags may raise it.
 */
export function limitKey<const K extends string>(
  key: K,
  fallback: number,
  min: number,
  max: number,
  description: string,
): KeyDef<number> & { key: K } {
  return {
    ...rangeKey(key, fallback, min, max, description, { repo: 'tighten-only', whole: true }),
    limit: true,
    atLeastAsStrict: (current, next) => next <= current,
  };
}

/** A list of globs; a string from the environment or a flag is split on commas. */
export function globListKey<const K extends string>(
  key: K,
  fallback: readonly string[],
  description: string,
  opts: { repo?: RepoRule; longerIsStricter?: boolean } = {},
): KeyDef<readonly string[]> & { key: K } {
  return stringListKey(key, fallback, description, {
    ...opts,
    allowed: 'a list of glob strings (comma-separated in a variable or flag)',
  });
}

/** A list of strings: a JSON array in a file, comma-separated in a variable or flag. */
export function stringListKey<const K extends string>(
  key: K,
  fallback: readonly string[],
  description: string,
  opts: {
    allowed: string;
    repo?: RepoRule;
    longerIsStricter?: boolean;
    validItem?: (item: string) => boolean;
  },
): KeyDef<readonly string[]> & { key: K } {
  const validItem = opts.validItem ?? (() => true);
  return {
    key,
    description,
    default: fallback,
    allowed: opts.allowed,
    repo: opts.repo ?? 'allowed',
    parse: (raw): Parsed<readonly string[]> => {
      const list =
        typeof raw === 'string'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw;
      return Array.isArray(list) &&
        list.every((g) => typeof g === 'string' && g.length > 0 && validItem(g))
        ? { ok: true, value: list as string[] }
        : fail;
    },
    // Stricter means it still names every item the current list names.
    atLeastAsStrict: opts.longerIsStricter
      ? (current, next) => current.every((item) => next.includes(item))
      : undefined,
  };
}

export function stringKey<const K extends string>(
  key: K,
  description: string,
  opts: {
    allowed: string;
    valid?: (value: string) => string | undefined;
    repo?: RepoRule;
    secret?: boolean;
    envAliases?: readonly string[];
  },
): KeyDef<string> & { key: K } {
  return {
    key,
    description,
    default: '',
    allowed: opts.allowed,
    repo: opts.repo ?? 'allowed',
    secret: opts.secret,
    envAliases: opts.envAliases,
    parse: (raw): Parsed<string> =>
      typeof raw === 'string' && (raw === '' || !opts.valid?.(raw))
        ? { ok: true, value: raw }
        : fail,
  };
}

/** A number that may have a fraction, like a budget in dollars. */
export function numberKey<const K extends string>(
  key: K,
  fallback: number,
  min: number,
  max: number,
  description: string,
  opts: { repo?: RepoRule } = {},
): KeyDef<number> & { key: K } {
  return rangeKey(key, fallback, min, max, description, { ...opts, whole: false });
}

function rangeKey<const K extends string>(
  key: K,
  fallback: number,
  min: number,
  max: number,
  description: string,
  opts: { repo?: RepoRule; whole: boolean },
): KeyDef<number> & { key: K } {
  const pattern = opts.whole ? /^\s*\d+\s*$/ : /^\s*-?\d+(\.\d+)?\s*$/;
  return {
    key,
    description,
    default: fallback,
    allowed: `a ${opts.whole ? 'whole ' : ''}number from ${min} to ${max}`,
    repo: opts.repo ?? 'allowed',
    parse: (raw): Parsed<number> => {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && pattern.test(raw)
            ? Number(raw)
            : Number.NaN;
      const ok = (opts.whole ? Number.isInteger(n) : Number.isFinite(n)) && n >= min && n <= max;
      return ok ? { ok: true, value: n } : fail;
    },
  };
}

/** A structured value (a list of objects, say) whose parser lives beside the feature using it. */
export function structuredKey<const K extends string, T>(
  key: K,
  fallback: T,
  description: string,
  opts: {
    allowed: string;
    parse: (raw: unknown) => T | undefined;
    repo?: RepoRule;
    needsTrust?: (value: T) => boolean;
    limitFromRepo?: (value: T) => { value: T; warnings: string[] };
  },
): KeyDef<T> & { key: K } {
  return {
    key,
    description,
    default: fallback,
    allowed: opts.allowed,
    repo: opts.repo ?? 'allowed',
    needsTrust: opts.needsTrust,
    limitFromRepo: opts.limitFromRepo,
    parse: (raw): Parsed<T> => {
      let value = raw;
      // From an environment variable or a flag the value arrives as JSON text.
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          return fail;
        }
      }
      const parsed = opts.parse(value);
      return parsed === undefined ? fail : { ok: true, value: parsed };
    },
  };
}
