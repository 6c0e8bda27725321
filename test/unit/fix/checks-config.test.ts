import { describe, expect, it } from 'vitest';
import { parseChecksConfig } from '../../../src/checks/config.js';
import { resolveConfig } from '../../../src/config/resolve.js';

describe('the checks config', () => {
  it('fills in a name and a time-out', () => {
    expect(parseChecksConfig([{ command: 'npx tsc --noEmit', parser: 'tsc' }])).toEqual([
      { name: 'tsc', command: 'npx tsc --noEmit', parser: 'tsc', timeoutMs: 120_000 },
    ]);
  });

  it.each([
    ['not a list', { command: 'x', parser: 'tsc' }],
    ['no command', [{ parser: 'tsc' }]],
    ['an unknown parser', [{ command: 'x', parser: 'jshint' }]],
    ['a tiny time-out', [{ command: 'x', parser: 'tsc', timeoutMs: 5 }]],
  ])('refuses %s', (_what, raw) => {
    expect(parseChecksConfig(raw)).toBeUndefined();
  });

  it('comes from a repo file, and a bad one names the key and what it allows', () => {
    const checks = [{ name: 'lint', command: 'npx eslint -f json .', parser: 'eslint' }];
    expect(
      resolveConfig({ env: {}, repo: { source: '.hearth.json', values: { checks } } }).values
        .checks[0],
    ).toMatchObject({
      name: 'lint',
      parser: 'eslint',
    });
    expect(() =>
      resolveConfig({
        env: {},
        repo: { source: '.hearth.json', values: { checks: [{ command: 'x' }] } },
      }),
    ).toThrow(/checks .*"parser": tsc \| eslint/);
  });
});
