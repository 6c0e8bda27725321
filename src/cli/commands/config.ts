import { mkdirSync } from 'node:fs';
import { loadConfig, readJsonLayer, secretsFileFor } from '../../config/load.js';
import {
  configValue,
  describeUnknownKey,
  type ResolvedConfig,
  resolveConfig,
} from '../../config/resolve.js';
import {
  CONFIG_KEYS,
  type ConfigKey,
  envVarName,
  findKeyDef,
  type KeyDef,
} from '../../config/schema.js';
import { ConfigError } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot } from '../../repos/git.js';
import { print, printError, printJson } from '../output.js';

interface ReadOptions {
  repo?: string;
  json?: boolean;
}

/** `hearth config get KEY`: the value as it applies here, all layers resolved. */
export async function configGet(
  key: string,
  opts: ReadOptions,
  flagPairs: string[],
): Promise<void> {
  const def = knownKey(key);
  const config = await resolveHere(opts, flagPairs);
  const value = configValue(config.values, def.key as ConfigKey);
  if (opts.json) {
    printJson({
      key: def.key,
      value: def.secret ? shownValue(def, value) : value,
      ...config.sources[def.key as ConfigKey],
    });
    return;
  }
  print(shownValue(def, value));
}

/** `hearth config list`: every key with its value and the layer that set it. */
export async function configList(opts: ReadOptions, flagPairs: string[]): Promise<void> {
  const config = await resolveHere(opts, flagPairs);
  const keys = CONFIG_KEYS.map((def) => ({
    key: def.key,
    value: (def as KeyDef).secret
      ? shownValue(def as KeyDef, configValue(config.values, def.key))
      : configValue(config.values, def.key),
    ...config.sources[def.key],
    env: envVarName(def.key),
    description: def.description,
  }));
  if (opts.json) {
    printJson({ keys, warnings: config.warnings });
    return;
  }
  const width = Math.max(...keys.map((k) => k.key.length));
  for (const k of keys) {
    const from = k.layer === 'default' ? 'default' : `${k.layer}: ${k.source}`;
    print(
      `${k.key.padEnd(width)}  ${typeof k.value === 'string' ? k.value : formatValue(k.value)}  (${from})`,
    );
  }
}

/** `hearth config set KEY VALUE`: validated against the schema, then stored in the user config. */
export async function configSet(key: string, value: string): Promise<void> {
  const def = knownKey(key);
  const userFile = hearthPaths().userConfigFile;
  const file = def.secret ? secretsFileFor(userFile) : userFile;
  const existing = readJsonLayer(file)?.values ?? {};
  // Resolving the file as it would be afterwards checks the value, with the same message a
  // hand-edited file would get, and yields it parsed (a list, a number, a boolean).
  const after = resolveConfig({
    user: { source: file, values: { ...existing, [def.key]: value } },
    env: {},
  });
  const parsed = configValue(after.values, def.key as ConfigKey);
  const store = await openUserConfig(def.secret ? 'secrets' : 'config');
  store.set(def.key, parsed);
  print(`${def.key} = ${shownValue(def, parsed)}  (in ${file})`);
}

/** `hearth config unset KEY`: removes the key from the user config. */
export async function configUnset(key: string): Promise<void> {
  const def = knownKey(key);
  const store = await openUserConfig(def.secret ? 'secrets' : 'config');
  store.delete(def.key);
  print(`${def.key} unset; it is ${formatValue(def.default)} unless another layer sets it`);
}

function knownKey(key: string) {
  const def = findKeyDef(key);
  if (!def) throw new ConfigError(describeUnknownKey(key), { key, source: 'argument' });
  return def;
}

async function resolveHere(opts: ReadOptions, flagPairs: string[]): Promise<ResolvedConfig> {
  const repoRoot = opts.repo
    ? await findWorkTreeRoot(opts.repo)
    : await findWorkTreeRoot('.').catch(() => undefined);
  const config = loadConfig({
    userConfigFile: hearthPaths().userConfigFile,
    repoRoot,
    env: process.env,
    flagPairs,
  });
  for (const warning of config.warnings) printError(`hearth: ${warning}`);
  return config;
}

async function openUserConfig(configName: 'config' | 'secrets') {
  // conf (with its JSON-schema machinery) is heavy; only writing commands load it.
  const { default: Conf } = await import('conf');
  const folder = hearthPaths().config;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return new Conf<Record<string, unknown>>({
    cwd: folder,
    configName,
    configFileMode: 0o600,
  });
}

/** A secret's value is shown masked, keeping its last four characters to tell keys apart. */
function shownValue(def: KeyDef, value: unknown): string {
  if (!def.secret || typeof value !== 'string' || value === '') return formatValue(value);
  return `********${value.length > 12 ? value.slice(-4) : ''}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(',');
  return JSON.stringify(value);
}
