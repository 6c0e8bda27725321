import { describe, expect, it } from 'vitest';
import { filterNeverSend, isNeverSend } from '../../../src/router/never-send.js';

// The defaults of the `neverSend` config key.
const DEFAULTS = ['.env*', '*.pem', '*.key', 'id_rsa*', 'secrets/**'];

describe('isNeverSend with the default globs', () => {
  it.each([
    ['.env', true],
    ['.env.local', true],
    ['config/.env.production', true],
    ['cert.pem', true],
    ['a/b/c.pem', true],
    ['deploy/server.key', true],
    ['id_rsa', true],
    ['home/.ssh/id_rsa.pub', true],
    // `secrets/**` matches the folder at the root and at any depth.
    ['secrets/db.yml', true],
    ['secrets/nested/deep/token.txt', true],
    ['config/secrets/db.yml', true],
    ['CERT.PEM', true],
    ['./.env', true],
    ['config\\.env.local', true],
    ['src/env.ts', false],
    ['src/environment.ts', false],
    ['docs/keys.md', false],
    ['src/key.ts', false],
    ['src/secrets.ts', false],
    // picomatch lets a trailing `/**` match zero segments: blocking the name itself errs safe.
    ['secrets', true],
    ['my-secrets/a.txt', false],
    ['src/main.ts', false],
    ['README.md', false],
  ])('%s -> %s', (path, expected) => {
    expect(isNeverSend(path, DEFAULTS)).toBe(expected);
  });
});

describe('isNeverSend glob semantics', () => {
  it.each([
    // [glob, path, expected]
    ['*.pem', 'a/b/c.pem', true],
    ['.env*', 'config/.env.local', true],
    ['.*', 'a/.hidden', true],
    ['secrets/**', 'secrets/a', true],
    ['secrets/**', 'x/y/secrets/a', true],
    ['/secrets/**', 'secrets/a', true],
    ['/secrets/**', 'x/secrets/a', false],
    ['config/*.json', 'config/prod.json', true],
    ['config/*.json', 'app/config/prod.json', true],
    ['config/*.json', 'config/sub/prod.json', false],
    // A name without a slash matches a folder too, and blocks what is inside it.
    ['private', 'a/private/notes.md', true],
    ['private', 'private', true],
    // A trailing slash matches folders only.
    ['private/', 'a/private/notes.md', true],
    ['private/', 'a/private', false],
    ['vault*/', 'vault-prod/x', true],
    ['**/*.p12', 'a/b/c.p12', true],
    // Negations cannot re-include (a repo may only tighten), and blank entries match nothing.
    ['!.env.example', 'src/main.ts', false],
    ['', 'src/main.ts', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(isNeverSend(path, [glob])).toBe(expected);
  });

  it('keeps blocking a file a negation names', () => {
    expect(isNeverSend('.env.example', ['.env*', '!.env.example'])).toBe(true);
  });

  it('blocks nothing with no globs', () => {
    expect(isNeverSend('.env', [])).toBe(false);
  });
});

describe('filterNeverSend', () => {
  it('splits paths into allowed and blocked, keeping their order', () => {
    const paths = ['src/a.ts', '.env', 'src/b.ts', 'secrets/x', 'keys/server.key', 'README.md'];
    expect(filterNeverSend(paths, DEFAULTS)).toEqual({
      allowed: ['src/a.ts', 'src/b.ts', 'README.md'],
      blocked: ['.env', 'secrets/x', 'keys/server.key'],
    });
  });
});
