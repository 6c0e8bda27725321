import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckConfig } from '../checks/types.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { setAsideDamaged } from '../util/damaged-files.js';
import { describeJsonError } from '../util/json-error.js';
import { type ConfigInputs, configValue, type ResolvedConfig, resolveConfig } from './resolve.js';
import { CONFIG_KEYS, type ConfigKey, type KeyDef } from './schema.js';

/**
 * A repository's `.hearth.json` comes with a clone or a pull, so it could make hearth run
 * commands (`checks`, on every save) or write by itself (`docstrings.mode: "auto"` into files,
 * `reviews.notes` into git) without the user ever seeing it. Such values (the keys whose
 * `needsTrust` says so) are honoured only once the user trusted exactly those values for that
 * repository (`hearth trust`), like direnv's `allow`; any change needs trust again. The same
 * values from the user's own config, the environment or flags need none.
 */

/** The repo file's values that wait for trust, by key (`checks`, `docstrings.mode`, ...). */
export type RepoSettings = Readonly<Partial<Record<ConfigKey, unknown>>>;

interface TrustFile {
  version: 1;
  // `checks` is what versions that gated only checks wrote; it is read as `settings`.
  repos: Record<
    string,
    { settings?: string; checks?: string; trustedAt: string; verifyWithChecks?: boolean }
  >;
}

/** Beside the user config: trust is the user's decision, like the config itself. */
export function trustFileFor(userConfigFile: string): string {
  return path.join(path.dirname(userConfigFile), 'trusted-checks.json');
}

/** What is trusted: the commands and how they run, not the order of keys in the file. */
export function checksFingerprint(checks: readonly CheckConfig[]): string {
  const canonical = checks.map((check) =>
    Object.fromEntries(Object.entries(check).sort(([a], [b]) => a.localeCompare(b))),
  );
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * The fingerprint of the settings trusted together. Checks alone keep the fingerprint earlier
 * versions recorded, so trust given before other keys were gated still holds.
 */
export function settingsFingerprint(settings: RepoSettings): string {
  const keys = Object.keys(settings).sort();
  const checks = (settings.checks ?? []) as readonly CheckConfig[];
  if (keys.length === 1 && keys[0] === 'checks') return checksFingerprint(checks);
  const canonical = keys.map((key) => [
    key,
    key === 'checks' ? checksFingerprint(checks) : settings[key as ConfigKey],
  ]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * Missing or unreadable: nothing is trusted, which is the safe reading. Damaged: the same, and
 * the file is moved aside (recorded for status and doctor) so that the next `hearth trust`
 * does not write over what the user may want to look at.
 */
function readTrust(file: string): TrustFile {
  const empty: TrustFile = { version: 1, repos: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return empty;
  }
  const parsed = parseTrustFile(text);
  if ('problem' in parsed) {
    try {
      setAsideDamaged(file, parsed.problem, TRUST_LOST);
    } catch {
      // Another process moved it first; nothing is trusted either way.
    }
    return empty;
  }
  return parsed;
}

const TRUST_LOST =
  'nothing is trusted now: repository settings wait until you run `hearth trust PATH` again';

/** The trust file's content, or what is wrong with it. Pure. */
export function parseTrustFile(text: string): TrustFile | { problem: string } {
  let parsed: Partial<TrustFile> | null;
  try {
    parsed = JSON.parse(text) as Partial<TrustFile> | null;
  } catch {
    return { problem: describeJsonError(text) };
  }
  if (parsed?.version !== 1) return { problem: 'it is not a version 1 trust file' };
  if (typeof parsed.repos !== 'object' || parsed.repos === null || Array.isArray(parsed.repos))
    return { problem: 'it holds no "repos" object' };
  return parsed as TrustFile;
}

export function isTrusted(file: string, repo: string, settings: RepoSettings): boolean {
  const entry = readTrust(file).repos[repo];
  return (entry?.settings ?? entry?.checks) === settingsFingerprint(settings);
}

/** Records that the user trusts these settings for this repository; written atomically, 0600. */
export function trustSettings(file: string, repo: string, settings: RepoSettings): void {
  const trust = readTrust(file);
  trust.repos[repo] = {
    ...trust.repos[repo],
    settings: settingsFingerprint(settings),
    trustedAt: new Date().toISOString(),
  };
  writeTrust(file, trust);
}

/**
 * Whether the user let fixes in this repository be verified by checks that run code, which runs
 * the model's patched code as the user (`hearth trust --verify-with-checks`). Only the user's
 * own trust file says so: nothing in the repository can.
 */
export function readVerifyWithChecks(file: string, repo: string): boolean {
  return readTrust(file).repos[repo]?.verifyWithChecks === true;
}

/** Records the user's choice for `readVerifyWithChecks`; `hearth unwatch` forgets it too. */
export function setVerifyWithChecks(file: string, repo: string, on: boolean): void {
  const trust = readTrust(file);
  const entry = trust.repos[repo];
  if (on)
    trust.repos[repo] = { trustedAt: new Date().toISOString(), ...entry, verifyWithChecks: true };
  else if (entry) delete entry.verifyWithChecks;
  writeTrust(file, trust);
}

function writeTrust(file: string, trust: TrustFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  atomicWriteFile(file, `${JSON.stringify(trust, null, 2)}\n`, 0o600);
}

/** Forgets a repository's trust (`hearth unwatch`); true when there was any. */
export function forgetTrust(file: string, repo: string): boolean {
  const trust = readTrust(file);
  if (!(repo in trust.repos)) return false;
  delete trust.repos[repo];
  atomicWriteFile(file, `${JSON.stringify(trust, null, 2)}\n`, 0o600);
  return true;
}

/** A resolved config whose repo settings that need trust are held back until trusted. */
export type GatedConfig = ResolvedConfig & {
  /** The repo file's values not honoured because the user has not trusted them (as they are). */
  readonly untrusted?: RepoSettings;
};

/** The values the repo file set (and nothing above overrode) that need the user's trust. Pure. */
export function findSettingsNeedingTrust(resolved: ResolvedConfig): RepoSettings {
  const settings: Partial<Record<ConfigKey, unknown>> = {};
  for (const def of CONFIG_KEYS as readonly KeyDef[]) {
    const key = def.key as ConfigKey;
    if (resolved.sources[key].layer !== 'repo' || !def.needsTrust) continue;
    const value = configValue(resolved.values, key);
    if (def.needsTrust(value)) settings[key] = value;
  }
  return settings;
}

/**
 * Resolves the layers of one repository's config; values of its `.hearth.json` that need trust
 * and are not trusted are resolved as if the file did not set them, with a warning naming them
 * and the way to allow them.
 */
export function resolveGatedConfig(
  inputs: ConfigInputs,
  repo: string,
  trustFile: string,
): GatedConfig {
  const resolved = resolveConfig(inputs);
  const pending = findSettingsNeedingTrust(resolved);
  if (Object.keys(pending).length === 0 || isTrusted(trustFile, repo, pending)) return resolved;
  const held = resolveConfig({ ...inputs, untrustedRepoKeys: new Set(Object.keys(pending)) });
  const file = path.join(repo, '.hearth.json');
  const warnings = Object.entries(pending).map(([key, value]) =>
    key === 'checks'
      ? `the checks in ${file} (${listCommands(value)}) do not run until you trust them: hearth trust ${repo}`
      : `${file} sets ${describeSetting(key, value)}: not honoured until you trust it: hearth trust ${repo}`,
  );
  // What the repo file's held values were refused (a check's runsCode claim) still says so.
  const refused = resolved.warnings.filter((w) => !held.warnings.includes(w));
  return { ...held, warnings: [...held.warnings, ...refused, ...warnings], untrusted: pending };
}

/** What a setting makes hearth do, for a person deciding whether to trust it. */
const EFFECTS: Readonly<Record<string, string>> = {
  'docstrings.mode': 'hearth writes docstrings into files by itself',
  'reviews.notes': 'hearth adds a git note to each reviewed commit',
};

/** `docstrings.mode = "auto" (hearth writes ...)`, or the checks' commands. */
export function describeSetting(key: string, value: unknown): string {
  if (key === 'checks') return `checks ${listCommands(value)}`;
  const effect = EFFECTS[key];
  return `${key} = ${JSON.stringify(value)}${effect ? ` (${effect})` : ''}`;
}

function listCommands(checks: unknown): string {
  return (checks as readonly CheckConfig[]).map((check) => `\`${check.command}\``).join(', ');
}
