import { describe, expect, it } from 'vitest';
import {
  applyPrivacyFloor,
  isLocalOnly,
  isOnThisMachine,
  type PrivacyFloor,
  readPrivacyFloor,
  whyLocalEndpointRefused,
} from '../../src/config/privacy.js';
import { resolveConfig } from '../../src/config/resolve.js';

const open = resolveConfig({ env: {} }).values;
const floor = (over: Partial<PrivacyFloor>): PrivacyFloor => ({
  ...readPrivacyFloor(open),
  ...over,
});

describe('applyPrivacyFloor', () => {
  it.each([
    ['local-only from the caller', { localOnly: true }, true],
    ['cloud off from the caller', { cloudMode: 'off' as const }, true],
    ['policy never from the caller', { cloudPolicy: 'never' as const }, true],
    ['nothing stricter', {}, false],
  ])('%s', (_, over, localOnly) => {
    expect(isLocalOnly(applyPrivacyFloor(open, floor(over)))).toBe(localOnly);
  });

  it('never loosens: the stricter of the two wins for every setting, neverSend is the union', () => {
    const strict = resolveConfig({
      env: { HEARTH_LOCAL_ONLY: '1', HEARTH_CLOUD_POLICY: 'ask', HEARTH_NEVER_SEND: 'a/**' },
    }).values;
    const merged = applyPrivacyFloor(strict, floor({ neverSend: ['b/**'] }));
    expect(merged.localOnly).toBe(true);
    expect(merged.cloud.policy).toBe('ask');
    expect(merged.neverSend).toEqual(['a/**', 'b/**']);
    expect(applyPrivacyFloor(open, floor({ cloudPolicy: 'ask' })).cloud.policy).toBe('ask');
    expect(applyPrivacyFloor(open, undefined)).toBe(open);
  });
});

describe('isOnThisMachine', () => {
  it.each([
    ['http://127.0.0.1:11434/v1', true],
    ['http://127.8.9.10/v1', true],
    ['http://localhost:1234/v1', true],
    ['http://LOCALHOST/v1', true],
    ['http://[::1]:8080/v1', true],
    ['http://[::ffff:127.0.0.1]/v1', true],
    ['http://0.0.0.0:8080/v1', false],
    ['http://192.168.1.20:11434/v1', false],
    ['https://gpu.internal/v1', false],
    ['http://localhost.example.com/v1', false],
    ['http://127.0.0.1.nip.io/v1', false],
    ['not a url', false],
  ])('%s: %s', (url, expected) => {
    expect(isOnThisMachine(url)).toBe(expected);
  });
});

describe('whyLocalEndpointRefused', () => {
  const localOnly = { ...open, localOnly: true };
  const withHosts = (hosts: string[]) => ({ ...localOnly, privacy: { allowedHosts: hosts } });

  it('refuses a remote local.url under local-only, naming local-only and the host', () => {
    expect(whyLocalEndpointRefused('http://192.168.1.20:11434/v1', localOnly)).toMatch(
      /local-only mode is on and local\.url names 192\.168\.1\.20, which is not this machine/,
    );
    const policyNever = { ...open, cloud: { ...open.cloud, policy: 'never' as const } };
    expect(whyLocalEndpointRefused('https://gpu.internal/v1', policyNever)).toContain(
      'privacy.allowedHosts',
    );
  });

  it('allows this machine, a host the user listed, and anything without local-only', () => {
    expect(whyLocalEndpointRefused('http://127.0.0.1:1/v1', localOnly)).toBeUndefined();
    expect(whyLocalEndpointRefused('https://GPU.internal/v1', withHosts(['gpu.internal']))).toBe(
      undefined,
    );
    expect(whyLocalEndpointRefused('http://[fd00::5]:80/v1', withHosts(['[fd00::5]']))).toBe(
      undefined,
    );
    expect(whyLocalEndpointRefused('https://gpu.internal/v1', withHosts(['other']))).toBeDefined();
    expect(whyLocalEndpointRefused('https://gpu.internal/v1', open)).toBeUndefined();
  });
});
