import { ConfigError } from '../errors.js';
import {
  CONFIG_KEYS,
  type ConfigKey,
  envVarName,
  findKeyDef,
  type HearthConfig,
  type KeyDef,
} from './schema.js';

/** The layers, lowest first. A higher layer wins, except where a repo file set a privacy floor. */
export type LayerName = 'default' | 'user' | 'repo' | 'env' | 'flag';

/** One file's (or the flags') values: nested JSON as in the file, or dotted keys. */
export interface LayerInput {
  /** Where the values came from, for messages: a file path, or "flags". */
  source: string;
  values: Record<string, unknown>;
}

export interface ConfigInputs {
  user?: LayerInput;
  /** The user's secrets file: part of the user layer. */
  userSecrets?: LayerInput;
  repo?: LayerInput;
  env: Readonly<Record<string, string | undefined>>;
  flags?: LayerInput;
  /** Keys whose repo-file values wait for the user's trust: the repo layer's are left out. */
  untrustedRepoKeys?: ReadonlySet<string>;
}

export interface ResolvedConfig {
  readonly values: HearthConfig;
  /** Which layer, and which file, variable or flag, gave each key its value. */
  readonly sources: Readonly<Record<ConfigKey, { layer: LayerName; source: string }>>;
  /** Values that were refused without failing, e.g. a repo file trying to loosen privacy. */
  readonly warnings: readonly string[];
}

/**
 * Resolves the config layers into one frozen object. Pure: the caller reads the files and the
 * environment. Throws a ConfigError naming every unknown key and bad value it found.
 */
export function resolveConfig(inputs: ConfigInputs): ResolvedConfig {
  const problems: Array<{ key: string; source: string; message: string }> = [];
  const warnings: string[] = [];
  const current = new Map<string, unknown>();
  const sources: Record<string, { layer: LayerName; source: string }> = {};
  // Privacy values set by a repo file or the environment; later layers may not go below them.
  const floors = new Map<string, { value: unknown; source: string }>();

  for (const def of CONFIG_KEYS) {
    current.set(def.key, def.default);
    sources[def.key] = { layer: 'default', source: 'default' };
  }

  const apply = (layer: LayerName, entries: Array<[string, unknown, string]>) => {
    for (const [rawKey, raw, source] of entries) {
      const def = findKeyDef(rawKey);
      if (!def) {
        problems.push({ key: rawKey, source, message: describeUnknownKey(rawKey) });
        continue;
      }
      const parsed = def.parse(raw);
      if (!parsed.ok) {
        problems.push({
          key: def.key,
          source,
          message: `${def.key} must be ${def.allowed}, got ${JSON.stringify(raw)}`,
        });
        continue;
      }
      if (layer === 'repo' && inputs.untrustedRepoKeys?.has(def.key)) continue;
      if (layer === 'repo' && def.repo === 'forbidden') {
        problems.push({
          key: def.key,
          source,
          message: `${def.key} cannot be set in a repo file; set it with \`hearth config set ${def.key} ...\``,
        });
        continue;
      }
      if (layer === 'repo' && def.limitFromRepo) {
        const limited = def.limitFromRepo(parsed.value);
        for (const warning of limited.warnings) warnings.push(`${source}: ${warning}`);
        parsed.value = limited.value;
      }
      if (def.repo === 'tighten-only' && layer !== 'user') {
        // A repo file may not loosen what is below it, and nothing above a repo file or the
        // environment may loosen what they set: team policy and HEARTH_LOCAL_ONLY=1 are hard.
        const floor =
          layer === 'repo'
            ? { value: current.get(def.key), source: 'the user config' }
            : floors.get(def.key);
        if (floor && !isAtLeastAsStrict(def, floor.value, parsed.value)) {
          const why =
            layer !== 'repo'
              ? `${floor.source} requires at least ${JSON.stringify(floor.value)}`
              : def.limit
                ? 'a repo file may lower a resource limit, never raise it'
                : 'a repo file may tighten privacy, never loosen it';
          warnings.push(
            `${source}: refused ${def.key} = ${JSON.stringify(parsed.value)}: ${why} (it stays ${JSON.stringify(current.get(def.key))})`,
          );
          continue;
        }
        if ((layer === 'repo' || layer === 'env') && !def.limit)
          floors.set(def.key, { value: parsed.value, source });
      }
      current.set(def.key, parsed.value);
      sources[def.key] = { layer, source };
    }
  };

  if (inputs.user) apply('user', fileEntries(inputs.user));
  if (inputs.userSecrets) apply('user', fileEntries(inputs.userSecrets));
  if (inputs.repo) apply('repo', fileEntries(inputs.repo));
  apply('env', envEntries(inputs.env));
  if (inputs.flags) apply('flag', fileEntries(inputs.flags));

  const [first] = problems;
  if (first) {
    const message = problems.map((p) => `${p.source}: ${p.message}`).join('\n');
    throw new ConfigError(message, { key: first.key, source: first.source });
  }
  return deepFreeze({
    values: nest(current) as unknown as HearthConfig,
    sources: sources as ResolvedConfig['sources'],
    warnings,
  });
}

function isAtLeastAsStrict(def: KeyDef, current: unknown, next: unknown): boolean {
  return def.atLeastAsStrict ? def.atLeastAsStrict(current, next) : true;
}

/** Flattens a file's nested objects into dotted keys; arrays and scalars are values. */
function fileEntries(layer: LayerInput): Array<[string, unknown, string]> {
  const out: Array<[string, unknown, string]> = [];
  const walk = (prefix: string, value: unknown) => {
    // No key holds an object, so an object is always a level of nesting.
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(prefix ? `${prefix}.${k}` : k, v);
      }
    } else {
      out.push([prefix, value, layer.source]);
    }
  };
  walk('', layer.values);
  return out.filter(([key]) => key !== '' && key !== '$schema');
}

function envEntries(env: ConfigInputs['env']): Array<[string, unknown, string]> {
  const out: Array<[string, unknown, string]> = [];
  for (const def of CONFIG_KEYS) {
    const def_ = def as KeyDef;
    for (const name of [envVarName(def.key), ...(def_.envAliases ?? [])]) {
      const value = env[name];
      if (value !== undefined && value !== '') {
        out.push([def.key, value, name]);
        break;
      }
    }
  }
  return out;
}

function nest(flat: Map<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of flat) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return root;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Reads a dotted key out of a resolved config. */
export function configValue(values: HearthConfig, key: ConfigKey): unknown {
  let node: unknown = values;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}

/** `unknown key "cloud.mod" (did you mean "cloud.mode"?)`, or the list of known keys. */
export function describeUnknownKey(unknown: string): string {
  const known = CONFIG_KEYS.map((d) => d.key);
  const close = known.find((k) => editDistance(k.toLowerCase(), unknown.toLowerCase()) <= 2);
  return `unknown key "${unknown}"${close ? ` (did you mean "${close}"?)` : `; known keys: ${known.join(', ')}`}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}
