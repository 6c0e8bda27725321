/**
 * Every config key hearth knows: its type, default, allowed values, and whether a repo's
 * `.hearth.json` may set it. A feature adds its keys here, beside the others.
 */

import { parseChecksConfig } from '../checks/config.js';
import { limitRepoChecks } from '../checks/runs-code.js';
import { type CheckConfig, PARSER_NAMES } from '../checks/types.js';
import {
  boolKey,
  enumKey,
  globListKey,
  intKey,
  type KeyDef,
  limitKey,
  numberKey,
  stringKey,
  stringListKey,
  structuredKey,
} from './key-builders.js';

export type { KeyDef, RepoRule } from './key-builders.js';

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
  stringKey('local.url', 'The local OpenAI-compatible endpoint; empty: found on 127.0.0.1.', {
    allowed: 'an http(s) URL ending in /v1, e.g. http://127.0.0.1:11434/v1',
    valid: (v) => (/^https?:\/\/\S+\/v1\/?$/.test(v) ? undefined : 'bad URL'),
    repo: 'forbidden',
  }),
  stringListKey(
    'privacy.allowedHosts',
    [],
    "Hosts off this machine that local-only still lets local.url name (a team's own inference server).",
    {
      allowed: 'a list of host names or IP addresses, e.g. gpu.internal,10.0.0.5',
      validItem: (host) => /^[A-Za-z0-9.:[\]-]+$/.test(host),
      repo: 'forbidden',
    },
  ),
  stringKey('local.model', 'The local model to use; empty: the first the endpoint lists.', {
    allowed: 'a model name, e.g. gemma3:4b',
    repo: 'forbidden',
  }),
  stringKey('local.modelPath', 'A GGUF file for the embedded engine (node-llama-cpp).', {
    allowed: 'an absolute path to a .gguf file',
    valid: (v) => (v.startsWith('/') && v.endsWith('.gguf') ? undefined : 'bad path'),
    repo: 'forbidden',
  }),
  intKey(
    'local.contextTokens',
    0,
    0,
    10_000_000,
    "The local model's context window; 0: ask the server.",
  ),
  intKey(
    'local.threads',
    0,
    0,
    256,
    'CPU threads the embedded engine uses; 0: one fewer than the cores useful for math, at least 1 (leaving a core for you).',
    { repo: 'forbidden' },
  ),
  stringKey('cloud.url', 'The cloud OpenAI-compatible endpoint.', {
    allowed:
      'an https URL (http only for 127.0.0.1, localhost or [::1]), e.g. https://api.openai.com/v1',
    valid: (v) =>
      /^https:\/\/\S+$/.test(v) ||
      /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?$/.test(v)
        ? undefined
        : 'bad URL',
    repo: 'forbidden',
  }),
  stringKey('cloud.model', 'The cloud model to use, e.g. gpt-4.1.', {
    allowed: 'a model name',
    repo: 'forbidden',
  }),
  stringKey('cloud.apiKey', 'The cloud API key (also HEARTH_CLOUD_API_KEY or OPENAI_API_KEY).', {
    allowed: 'an API key',
    repo: 'forbidden',
    secret: true,
    envAliases: ['OPENAI_API_KEY'],
  }),
  enumKey(
    'cloud.fallback',
    ['local', 'fail'],
    'local',
    'What a task that wants the cloud does when the cloud is not allowed: run locally, or fail.',
  ),
  intKey('cloud.dailyTokens', 2_000_000, 0, 1_000_000_000, 'Cloud tokens allowed per day.', {
    repo: 'forbidden',
  }),
  numberKey('cloud.dailyDollars', 5, 0, 10_000, 'Cloud spend allowed per day, in US dollars.', {
    repo: 'forbidden',
  }),
  enumKey(
    'cloud.overBudget',
    ['wait', 'local'],
    'wait',
    'Over the daily budget: wait for the next day, or run locally.',
    {
      repo: 'forbidden',
    },
  ),
  intKey(
    'route.reviewFiles',
    10,
    1,
    100_000,
    'A review of at least this many files goes to the cloud.',
  ),
  intKey(
    'route.reviewLines',
    10_000,
    1,
    10_000_000,
    'A review of at least this many changed lines goes to the cloud (a smaller one stays local when it fits the local window).',
  ),
  intKey(
    'network.probeMinMs',
    5000,
    50,
    3_600_000,
    'The shortest interval between connectivity probes.',
    {
      repo: 'forbidden',
    },
  ),
  intKey(
    'network.probeMaxMs',
    300_000,
    50,
    86_400_000,
    'The longest interval between connectivity probes.',
    {
      repo: 'forbidden',
    },
  ),
  intKey(
    'power.batteryThreshold',
    30,
    0,
    100,
    'On battery below this percentage, background local model work waits for power (0: never).',
    {
      repo: 'forbidden',
    },
  ),
  intKey('power.pollMs', 120_000, 100, 3_600_000, 'How often the battery is read.', {
    repo: 'forbidden',
  }),
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
  limitKey(
    'analysis.maxFileBytes',
    1024 * 1024,
    1024,
    64 * 1024 * 1024,
    'Files larger than this are skipped by analysis, with the reason logged. A repo file may only lower it.',
  ),
  enumKey(
    'docstrings.mode',
    ['suggest', 'auto', 'off'],
    'suggest',
    'Docstrings for undocumented or stale symbols: kept as suggestions, applied to the work tree when the file is unchanged, or not made.',
    // A repo file may not make hearth write into files by itself until the user trusts it.
    { needsTrust: (mode) => mode === 'auto' },
  ),
  enumKey(
    'docstrings.style.python',
    ['auto', 'google', 'numpy', 'rest'],
    'auto',
    "Python docstring style; auto: the repo's most common, else Google.",
  ),
  enumKey(
    'docstrings.style.typescript',
    ['auto', 'tsdoc', 'jsdoc'],
    'auto',
    "TypeScript doc style; auto: the repo's most common, else TSDoc (no types in braces).",
  ),
  enumKey(
    'docstrings.style.javascript',
    ['auto', 'jsdoc', 'tsdoc'],
    'auto',
    "JavaScript doc style; auto: the repo's most common, else JSDoc with types.",
  ),
  intKey('docstrings.width', 88, 40, 200, 'Doc comments are wrapped to this many columns.'),
  intKey(
    'docstrings.maxLines',
    40,
    1,
    500,
    'A doc that takes more lines than this in the file (wrapped, with its markers) is refused.',
  ),
  limitKey(
    'docstrings.maxPerFile',
    20,
    0,
    100_000,
    'At most this many docstring tasks are queued for one file in one analysis pass; the rest wait for a later pass or `hearth docstrings PATH` (which does the whole file). A repo file may only lower it.',
  ),
  limitKey(
    'docstrings.maxPerPass',
    100,
    0,
    100_000,
    'At most this many docstring tasks are queued by one analysis pass of a repository (a save, a branch switch); the rest wait as for docstrings.maxPerFile. A repo file may only lower it.',
  ),
  structuredKey(
    'checks',
    [] as readonly CheckConfig[],
    'Checkers run on save and on staged content; each diagnostic gets a local fix suggestion.',
    {
      allowed: `a list of { "name", "command", "parser": ${PARSER_NAMES.join(' | ')}, "timeoutMs", "runsCode" }`,
      parse: parseChecksConfig,
      needsTrust: (checks) => checks.length > 0,
      // A repo file may say its checks run code, never that they do not.
      limitFromRepo: limitRepoChecks,
    },
  ),
  enumKey(
    'hooks.preCommit.block',
    ['never', 'errors'],
    'never',
    'Whether pre-commit refuses a commit whose staged content fails a configured check.',
  ),
  intKey(
    'fixes.checkDebounceMs',
    1500,
    0,
    600_000,
    "Saves within this many milliseconds make one run of a repository's checks.",
    { repo: 'forbidden' },
  ),
  enumKey(
    'fixes.unverified',
    ['show', 'hide'],
    'show',
    'Whether fixes the checker could not confirm are listed (marked unverified) or hidden.',
  ),
  enumKey(
    'reviews.onCommit',
    ['always', 'large', 'never'],
    'large',
    'Which commits get a review by themselves: all, those as large as route.reviewFiles or route.reviewLines, or none.',
  ),
  stringKey(
    'reviews.schedule',
    'When to review the commits made since the last scheduled review, as a cron expression; empty: never.',
    {
      allowed:
        'a cron expression: minute hour day month weekday (seconds first if 6 fields), e.g. "0 18 * * 1-5", or ""',
      // The shape only: node-cron (loaded by the daemon, not every command) has the last word.
      valid: (v) => (/^\S+( \S+){4,5}$/.test(v.trim()) ? undefined : 'not 5 or 6 fields'),
      repo: 'forbidden',
    },
  ),
  boolKey(
    'reviews.notes',
    false,
    'Attach each finished review of a commit to it as a git note under refs/notes/hearth.',
    { needsTrust: (notes) => notes },
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
  intKey(
    'audit.retentionDays',
    90,
    0,
    36_500,
    'Days the audit log keeps a request (dropped at daemon start and daily); 0 keeps all.',
    { repo: 'forbidden' },
  ),
] as const;

/** Short names accepted for a key, e.g. a repo file's `"cloud": "never"`. */
export const KEY_ALIASES: Readonly<Record<string, string>> = { cloud: 'cloud.policy' };

export type ConfigKey = (typeof CONFIG_KEYS)[number]['key'];

/** The resolved config, nested the way the keys are dotted. */
export interface HearthConfig {
  localOnly: boolean;
  cloud: {
    mode: 'auto' | 'off';
    policy: 'allow' | 'ask' | 'never';
    url: string;
    model: string;
    apiKey: string;
    fallback: 'local' | 'fail';
    dailyTokens: number;
    dailyDollars: number;
    overBudget: 'wait' | 'local';
  };
  local: {
    url: string;
    model: string;
    modelPath: string;
    contextTokens: number;
    threads: number;
  };
  privacy: { allowedHosts: readonly string[] };
  route: { reviewFiles: number; reviewLines: number };
  network: { probeMinMs: number; probeMaxMs: number };
  power: { batteryThreshold: number; pollMs: number };
  neverSend: readonly string[];
  watch: { settleMs: number; mode: 'auto' | 'poll'; pollIntervalMs: number };
  analysis: { maxFileBytes: number };
  checks: readonly CheckConfig[];
  hooks: { preCommit: { block: 'never' | 'errors' } };
  fixes: { checkDebounceMs: number; unverified: 'show' | 'hide' };
  reviews: { onCommit: 'always' | 'large' | 'never'; schedule: string; notes: boolean };
  docstrings: {
    mode: 'suggest' | 'auto' | 'off';
    style: {
      python: 'auto' | 'google' | 'numpy' | 'rest';
      typescript: 'auto' | 'tsdoc' | 'jsdoc';
      javascript: 'auto' | 'jsdoc' | 'tsdoc';
    };
    width: number;
    maxLines: number;
    maxPerFile: number;
    maxPerPass: number;
  };
  log: { level: 'error' | 'warn' | 'info' | 'debug'; maxBytes: number; maxFiles: number };
  audit: { retentionDays: number };
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
