import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, errorMessage } from '../errors.js';
import { describeJsonError } from '../util/json-error.js';
import { type ConfigInputs, type LayerInput, resolveConfig } from './resolve.js';
import { type GatedConfig, resolveGatedConfig, trustFileFor } from './trust.js';

/** The file in a repository's root that carries its team policy. */
export const REPO_CONFIG_FILE = '.hearth.json';

export interface LoadConfigOptions {
  userConfigFile: string;
  /** The repository whose `.hearth.json` joins the layers, if any. */
  repoRoot?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `key=value` strings from `--config`/`-c` flags. */
  flagPairs?: readonly string[];
}

/** Reads the config files and resolves every layer. Throws ConfigError on any bad input. */
export function loadConfig(options: LoadConfigOptions): GatedConfig {
  const inputs: ConfigInputs = {
    user: readJsonLayer(options.userConfigFile),
    userSecrets: readJsonLayer(secretsFileFor(options.userConfigFile)),
    repo: options.repoRoot
      ? readJsonLayer(path.join(options.repoRoot, REPO_CONFIG_FILE))
      : undefined,
    env: options.env,
    flags: options.flagPairs?.length ? parseFlagPairs(options.flagPairs) : undefined,
  };
  // Every reader of a repo's config gets its commands and self-writes only once trusted.
  return options.repoRoot
    ? resolveGatedConfig(inputs, options.repoRoot, trustFileFor(options.userConfigFile))
    : resolveConfig(inputs);
}

/**
 * Secret keys (`cloud.apiKey`) live apart from config.json, in a 0600 file beside it, so the
 * config can be shown, copied or shared without them.
 */
export function secretsFileFor(userConfigFile: string): string {
  return path.join(path.dirname(userConfigFile), 'secrets.json');
}

/** A JSON config file as a layer; undefined when the file does not exist. */
export function readJsonLayer(file: string): LayerInput | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${file}: cannot read: ${errorMessage(error)}`, { source: file });
  }
  if (text.trim() === '') return { source: file, values: {} };
  let values: unknown;
  try {
    values = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // Not JSON.parse's message: it quotes the text, and secrets.json holds keys.
    throw new ConfigError(`${file}: ${describeJsonError(text)}; ${howToRepair(file)}`, {
      source: file,
    });
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new ConfigError(`${file}: must hold a JSON object of config keys; ${howToRepair(file)}`, {
      source: file,
    });
  }
  return { source: file, values: values as Record<string, unknown> };
}

/**
 * The config is the user's own words: hearth never moves it aside by itself (unlike its state
 * files), it says how to.
 */
function howToRepair(file: string): string {
  return `fix it in an editor, or move it aside to start from the defaults: mv '${file}' '${file}.bad'`;
}

/** `["cloud.policy=never"]` -> a flags layer. A value is always a string, as on the command line. */
export function parseFlagPairs(pairs: readonly string[]): LayerInput {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError(`--config ${pair}: expected KEY=VALUE`, { source: 'flags' });
    }
    values[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return { source: 'flags', values };
}
