import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildManagerLines,
  MANAGER_RUN,
  parseHookTypes,
  parseTopLevelHooks,
} from '../../../src/service/hook-managers.js';
import {
  buildHookScript,
  isHearthHook,
  isOutdatedHook,
  quoteSh,
} from '../../../src/service/hook-script.js';

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
    id: '0123456789ab',
    program: '#!/bin/sh\n# the program\necho "$hearth_hook"\n',
  } as const;

  it('marks the file as ours, records, embeds the program, and chains only when asked', () => {
    const plain = buildHookScript({ ...options, chained: false });
    expect(plain.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', '# hearth-managed hook: pre-push']);
    expect(plain).toContain('hearth_chain=\n');
    expect(plain).toContain("hearth_hook=pre-push\nhearth_id='0123456789ab'\n");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, not JS
    expect(plain).toContain("hearth_cli=${HEARTH_CLI:-'/c'}\n");
    expect(plain.endsWith('\n# the program\necho "$hearth_hook"\n')).toBe(true);
    expect(plain.match(/#!/g)).toHaveLength(1);
    expect(plain).not.toContain('exec sh');
    expect(buildHookScript({ ...options, chained: true })).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, not JS
      'hearth_chain="${0%/*}/pre-push.pre-hearth"',
    );
    expect(isHearthHook(plain)).toBe(true);
    expect(isOutdatedHook(plain)).toBe(false);
    expect(isHearthHook('#!/bin/sh\necho "# hearth-managed hook: x"\n')).toBe(false);
  });

  it("tells an older version's hook (it execs the install's hearth-hook) as outdated", () => {
    const old = [
      '#!/bin/sh',
      '# hearth-managed hook: pre-commit',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, not JS
      "HEARTH_NODE=${HEARTH_NODE:-'/n'}",
      'export HEARTH_NODE HEARTH_CLI HEARTH_CHAIN',
      `exec sh '/old/hooks/hearth-hook' pre-commit "$@"`,
      '',
    ].join('\n');
    expect(isOutdatedHook(old)).toBe(true);
    expect(isOutdatedHook('#!/bin/sh\nexec sh /x/hearth-hook\n')).toBe(false);
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

  it.each(['husky', 'lefthook', 'pre-commit'] as const)('%s lines name no path', (name) => {
    const lines = buildManagerLines(name);
    expect(lines.join('\n')).toContain(MANAGER_RUN);
    expect(lines.join('\n')).not.toMatch(/'\/|\s\/[a-z]/);
  });
});
