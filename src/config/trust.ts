import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckConfig } from '../tasks/fix/types.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import type { ResolvedConfig } from './resolve.js';

/**
 * Commands in a repository's `.hearth.json` (`checks`) run on every save, so a clone or a pull
 * could bring commands the user never saw. They run only once the user trusted exactly those
 * commands for that repository (`hearth trust`), like direnv's `allow`; any change to them
 * needs trust again. Checks from the user's own config, the environment or flags need none.
 */

interface TrustFile {
  version: 1;
  repos: Record<string, { checks: string; trustedAt: string }>;
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

function readTrust(file: string): TrustFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as TrustFile;
    if (parsed?.version === 1 && typeof parsed.repos === 'object' && parsed.repos !== null)
      return parsed;
  } catch {
    // Missing or unreadable: nothing is trusted, which is the safe reading.
  }
  return { version: 1, repos: {} };
}

export function isTrusted(file: string, repo: string, checks: readonly CheckConfig[]): boolean {
  return readTrust(file).repos[repo]?.checks === checksFingerprint(checks);
}

/** Records that the user trusts these checks for this repository; written atomically, 0600. */
export function trustChecks(file: string, repo: string, checks: readonly CheckConfig[]): void {
  const trust = readTrust(file);
  trust.repos[repo] = { checks: checksFingerprint(checks), trustedAt: new Date().toISOString() };
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

/** A resolved config whose repo checks are held back until trusted. */
export type GatedConfig = ResolvedConfig & {
  /** The repo file's checks, not run because the user has not trusted them (as they are now). */
  readonly untrustedChecks?: readonly CheckConfig[];
};

/**
 * Holds back checks that come from the repo file and are not trusted: the config says no checks,
 * with a warning that names the commands and the way to allow them.
 */
export function gateRepoChecks(
  resolved: ResolvedConfig,
  repo: string,
  trustFile: string,
): GatedConfig {
  const { checks } = resolved.values;
  if (resolved.sources.checks.layer !== 'repo' || checks.length === 0) return resolved;
  if (isTrusted(trustFile, repo, checks)) return resolved;
  const commands = checks.map((check) => `\`${check.command}\``).join(', ');
  return {
    ...resolved,
    values: Object.freeze({ ...resolved.values, checks: Object.freeze([]) }),
    warnings: [
      ...resolved.warnings,
      `the checks in ${path.join(repo, '.hearth.json')} (${commands}) do not run until you trust them: hearth trust ${repo}`,
    ],
    untrustedChecks: checks,
  };
}
