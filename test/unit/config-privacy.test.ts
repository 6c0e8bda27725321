import { describe, expect, it } from 'vitest';
import {
  applyPrivacyFloor,
  isLocalOnly,
  type PrivacyFloor,
  readPrivacyFloor,
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
