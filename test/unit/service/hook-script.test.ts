import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildManagerLines,
  parseHookTypes,
  parseTopLevelHooks,
} from '../../../src/service/hook-managers.js';
import { buildHookScript, isHearthHook, quoteSh } from '../../../src/service/hook-script.js';

describe('quoteSh', () => {
  it.each([
    ['/usr/bin/node', "'/usr/bin/node'"],
    ["/it's here/node", "'/it'\\''s here/node'"],
    ['/a $b `c` "d"}', `'/a $b \`c\` "d"}'`],
  ])('%s', (value, quoted) => {
    expect(quoteSh(value)).toBe(quoted);
    expect(spawnSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' }).stdout).toBe(value);
  });
});

describe('buildHookScript', () => {
  const options = {
    name: 'pre-push',
    node: '/n',
    cli: '/c',
    hearthHook: '/h/hearth-hook',
  } as const;

  it('marks the file as ours and chains only when asked', () => {
    const plain = buildHookScript({ ...options, chained: false });
    expect(plain.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', '# hearth-managed hook: pre-push']);
    expect(plain).toContain('HEARTH_CHAIN=\n');
    expect(plain).toContain(`exec sh '/h/hearth-hook' pre-push "$@"\n`);
    expect(buildHookScript({ ...options, chained: true })).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, not JS
      'HEARTH_CHAIN="${0%/*}/pre-push.pre-hearth"',
    );
    expect(isHearthHook(plain)).toBe(true);
    expect(isHearthHook('#!/bin/sh\necho "# hearth-managed hook: x"\n')).toBe(false);
  });
});

describe('manager config parsing', () => {
  it.each([
    ['pre-commit:\n  commands: {}\npre-push:\n  jobs: []\n', ['pre-commit', 'pre-push']],
    ['post-checkout:\n  commands: {}\nskip_output: [meta]\n', ['post-checkout']],
    ['# pre-commit:\n  pre-push:\n', []],
  ])('lefthook hooks in %j', (yaml, hooks) => {
    expect(parseTopLevelHooks(yaml)).toEqual(hooks);
  });

  it.each([
    ['default_install_hook_types: [pre-commit, pre-push]\nrepos: []\n', ['pre-commit', 'pre-push']],
    [
      'default_install_hook_types:\n  - post-checkout\n  - pre-commit\nrepos: []\n',
      ['pre-commit', 'post-checkout'],
    ],
    ['repos: []\n', []],
  ])('pre-commit hook types in %j', (yaml, hooks) => {
    expect(parseHookTypes(yaml)).toEqual(hooks);
  });

  it('builds lines that quote the hook path', () => {
    expect(buildManagerLines('husky', "/it's/pre-commit")).toEqual([
      `sh '/it'\\''s/pre-commit' "$@"`,
    ]);
    expect(buildManagerLines('pre-commit', '/h/pre-commit')[0]).toBe('  - repo: local');
  });
});
