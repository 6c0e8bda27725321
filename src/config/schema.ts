/**
 * Every config key hearth knows: its type, default, allowed values, and whether a repo's
 * `.hearth.json` may set it. A feature adds its keys here, beside the others.
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
  /** For privacy keys: true when `next` is at least as strict as `current`. */
  atLeastAsStrict?(current: T, next: T): boolean;
}

type Parsed<T> = { ok: true; value: T } | { ok: false };
const fail = { ok: false } as const;

function enumKey<const K extends string, const V extends string>(
  key: K,
  values: readonly V[],
  fallback: V,
  description: string,
  opts: { repo?: RepoRule; strictnessOrder?: boolean } = {},
): KeyDef<V> & { key: K } {
  return {
    key,
    description,
    default: fallback,
    allowed: values.map((v) => JSON.stringify(v)).join(' | '),
    repo: opts.repo ?? 'allowed',
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

function boolKey<const K extends string>(
  key: K,
  fallback: boolean,
  description: string,
  opts: { repo?: RepoRule; trueIsStricter?: boolean } = {},
): KeyDef<boolean> & { key: K } {
  return {
    key,
    description,
    default: fallback,
    allowed: 'true | false (or 1 | 0, yes | no, on | off)',
    repo: opts.repo ?? 'allowed',
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

function intKey<const K extends string>(
  key: K,
  fallback: number,
  min: number,
  max: number,
  description: string,
  opts: { repo?: RepoRule } = {},
): KeyDef<number> & { key: K } {
  return {
    key,
    description,
    default: fallback,
    allowed: `a whole number from ${min} to ${max}`,
    repo: opts.repo ?? 'allowed',
    parse: (raw): Parsed<number> => {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)
            ? Number(raw)
            : Number.NaN;
      return Number.isInteger(n) && n >= min && n <= max ? { ok: true, value: n } : fail;
    },
  };
}

/** A list of globs; a string from the environment or a flag is split on commas. */
function globListKey<const K extends string>(
  key: K,
  fallback: readonly string[],
  description: string,
  opts: { repo?: RepoRule; longerIsStricter?: boolean } = {},
): KeyDef<readonly string[]> & { key: K } {
  return {
    key,
    description,
    default: fallback,
    allowed: 'a list of glob strings (comma-separated in a variable or flag)',
    repo: opts.repo ?? 'allowed',
    parse: (raw): Parsed<readonly string[]> => {
      const list =
        typeof raw === 'string'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw;
      return Array.isArray(list) && list.every((g) => typeof g === 'string' && g.length > 0)
        ? { ok: true, value: list as string[] }
        : fail;
    },
    // Stricter means it still names every glob the current list names.
    atLeastAsStrict: opts.longerIsStricter
      ? (current, next) => current.every((glob) => next.includes(glob))
      : undefined,
  };
}

export const CONFIG_KEYS = [
  boolKey(
    'localOnly',
    false,
    'Keep every model request on this machine; no cloud client is built.',
    {
      repo: 'tighten-only',
      trueIsStricter: true,
    },
  ),
  enumKey('cloud.mode', ['auto', 'off'], 'auto', 'Whether cloud models may be used at all.', {
    repo: 'tighten-only',
    strictnessOrder: true,
  }),
  enumKey(
    'cloud.policy',
    ['allow', 'ask', 'never'],
    'allow',
    'Whether code may go to a cloud model: freely, after `hearth approve`, or never.',
    { repo: 'tighten-only', strictnessOrder: true },
  ),
  globListKey(
    'neverSend',
    ['.env*', '*.pem', '*.key', 'id_rsa*', 'secrets/**'],
    'Files that are never sent to any model.',
    { repo: 'tighten-only', longerIsStricter: true },
  ),
  intKey(
    'watch.settleMs',
    300,
    0,
    60_000,
    'Saves within this many milliseconds count as one change.',
  ),
  enumKey(
    'watch.mode',
    ['auto', 'poll'],
    'auto',
    'How to see file changes: file system events, or polling `git status` (for network drives).',
  ),
  intKey(
    'watch.pollIntervalMs',
    2000,
    100,
    600_000,
    'How often `git status` is polled when watching by polling.',
  ),
  intKey(
    'analysis.maxFileBytes',
    1024 * 1024,
    1024,
    64 * 1024 * 1024,
    'Files larger than this are skipped by analysis, with the reason logged.',
  ),
  enumKey(
    'log.level',
    ['error', 'warn', 'info', 'debug'],
    'info',
    'The least severe level logged.',
    {
      repo: 'forbidden',
    },
  ),
  intKey(
    'log.maxBytes',
    10 * 1024 * 1024,
    64 * 1024,
    1024 * 1024 * 1024,
    'Size at which the log file rotates.',
    {
      repo: 'forbidden',
    },
  ),
  intKey('log.maxFiles', 5, 1, 100, 'How many rotated log files are kept.', { repo: 'forbidden' }),
] as const;

/** Short names accepted for a key, e.g. a repo file's `"cloud": "never"`. */
export const KEY_ALIASES: Readonly<Record<string, string>> = { cloud: 'cloud.policy' };

export type ConfigKey = (typeof CONFIG_KEYS)[number]['key'];

/** The resolved config, nested the way the keys are dotted. */
export interface HearthConfig {
  localOnly: boolean;
  cloud: { mode: 'auto' | 'off'; policy: 'allow' | 'ask' | 'never' };
  neverSend: readonly string[];
  watch: { settleMs: number; mode: 'auto' | 'poll'; pollIntervalMs: number };
  analysis: { maxFileBytes: number };
  log: { level: 'error' | 'warn' | 'info' | 'debug'; maxBytes: number; maxFiles: number };
}

const BY_KEY = new Map<string, KeyDef>(CONFIG_KEYS.map((def) => [def.key, def as KeyDef]));

export function findKeyDef(key: string): KeyDef | undefined {
  return BY_KEY.get(KEY_ALIASES[key] ?? key);
}

/** `cloud.policy` -> `HEARTH_CLOUD_POLICY`, `log.maxBytes` -> `HEARTH_LOG_MAX_BYTES`. */
export function envVarName(key: string): string {
  return `HEARTH_${key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase()}`;
}
