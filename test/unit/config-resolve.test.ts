import { describe, expect, it } from 'vitest';
import { isLocalOnly } from '../../src/config/privacy.js';
import { configValue, resolveConfig } from '../../src/config/resolve.js';
import { envVarName } from '../../src/config/schema.js';
import { ConfigError } from '../../src/errors.js';

const user = (values: Record<string, unknown>) => ({ source: '/home/u/config.json', values });
const repo = (values: Record<string, unknown>) => ({ source: '/r/.hearth.json', values });
const flags = (values: Record<string, unknown>) => ({ source: 'flags', values });

describe('resolveConfig layers', () => {
  it('uses the defaults when nothing is set', () => {
    const config = resolveConfig({ env: {} });
    expect(config.values.cloud.policy).toBe('allow');
    expect(config.values.localOnly).toBe(false);
    expect(config.values.neverSend).toContain('*.pem');
    expect(config.sources['cloud.policy']).toEqual({ layer: 'default', source: 'default' });
  });

  it.each([
    {
      name: 'user over default',
      inputs: { user: user({ log: { level: 'warn' } }), env: {} },
      level: 'warn',
      layer: 'user',
    },
    {
      name: 'env over user',
      inputs: { user: user({ log: { level: 'warn' } }), env: { HEARTH_LOG_LEVEL: 'error' } },
      level: 'error',
      layer: 'env',
    },
    {
      name: 'flag over env',
      inputs: {
        user: user({ 'log.level': 'warn' }),
        env: { HEARTH_LOG_LEVEL: 'error' },
        flags: flags({ 'log.level': 'debug' }),
      },
      level: 'debug',
      layer: 'flag',
    },
  ])('$name', ({ inputs, level, layer }) => {
    const config = resolveConfig(inputs);
    expect(config.values.log.level).toBe(level);
    expect(config.sources['log.level'].layer).toBe(layer);
  });

  it('lets a repo file win over the user config when it tightens', () => {
    const config = resolveConfig({
      user: user({ cloud: { policy: 'ask' } }),
      repo: repo({ cloud: 'never' }),
      env: {},
    });
    expect(config.values.cloud.policy).toBe('never');
    expect(config.sources['cloud.policy']).toEqual({ layer: 'repo', source: '/r/.hearth.json' });
    expect(config.warnings).toEqual([]);
  });

  it.each([
    {
      key: 'cloud.policy',
      userValues: { cloud: { policy: 'never' } },
      repoValues: { cloud: 'allow' },
      kept: 'never',
    },
    {
      key: 'cloud.policy',
      userValues: { cloud: { policy: 'ask' } },
      repoValues: { cloud: { policy: 'allow' } },
      kept: 'ask',
    },
    {
      key: 'cloud.mode',
      userValues: { cloud: { mode: 'off' } },
      repoValues: { cloud: { mode: 'auto' } },
      kept: 'off',
    },
    {
      key: 'localOnly',
      userValues: { localOnly: true },
      repoValues: { localOnly: false },
      kept: true,
    },
    {
      key: 'neverSend',
      userValues: { neverSend: ['*.pem', 'private/**'] },
      repoValues: { neverSend: ['*.pem'] },
      kept: ['*.pem', 'private/**'],
    },
  ])('refuses a repo file that loosens $key', ({ key, userValues, repoValues, kept }) => {
    const config = resolveConfig({ user: user(userValues), repo: repo(repoValues), env: {} });
    expect(configValue(config.values, key as 'cloud.policy')).toEqual(kept);
    expect(config.sources[key as 'cloud.policy'].layer).toBe('user');
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain(key);
    expect(config.warnings[0]).toContain('never loosen');
  });

  it('accepts a repo neverSend list that adds globs', () => {
    const config = resolveConfig({
      repo: repo({ neverSend: ['.env*', '*.pem', '*.key', 'id_rsa*', 'secrets/**', 'vault/**'] }),
      env: {},
    });
    expect(config.values.neverSend).toContain('vault/**');
    expect(config.warnings).toEqual([]);
  });

  it('keeps a repo privacy floor against a looser environment variable or flag', () => {
    const config = resolveConfig({
      repo: repo({ cloud: 'never' }),
      env: { HEARTH_CLOUD_POLICY: 'allow' },
      flags: flags({ 'cloud.policy': 'ask' }),
    });
    expect(config.values.cloud.policy).toBe('never');
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toContain('HEARTH_CLOUD_POLICY');
  });

  it('keeps HEARTH_LOCAL_ONLY=1 against a flag that would turn it off', () => {
    const config = resolveConfig({
      env: { HEARTH_LOCAL_ONLY: '1' },
      flags: flags({ localOnly: 'false' }),
    });
    expect(config.values.localOnly).toBe(true);
    expect(config.warnings).toEqual([
      'flags: refused localOnly = false: HEARTH_LOCAL_ONLY requires at least true (it stays true)',
    ]);
    // A flag may still tighten.
    expect(resolveConfig({ env: {}, flags: flags({ localOnly: 'true' }) }).values.localOnly).toBe(
      true,
    );
  });

  it('lets the environment loosen your own user config for one run', () => {
    const config = resolveConfig({
      user: user({ cloud: { policy: 'never' } }),
      env: { HEARTH_CLOUD_POLICY: 'ask' },
    });
    expect(config.values.cloud.policy).toBe('ask');
    expect(config.warnings).toEqual([]);
  });

  it('makes HEARTH_LOCAL_ONLY=1 the local-only switch', () => {
    const config = resolveConfig({
      user: user({ localOnly: false }),
      env: { HEARTH_LOCAL_ONLY: '1' },
    });
    expect(config.values.localOnly).toBe(true);
    expect(isLocalOnly(config.values)).toBe(true);
    expect(isLocalOnly(resolveConfig({ env: {} }).values)).toBe(false);
    expect(isLocalOnly(resolveConfig({ env: { HEARTH_CLOUD_MODE: 'off' } }).values)).toBe(true);
    expect(isLocalOnly(resolveConfig({ env: {}, repo: repo({ cloud: 'never' }) }).values)).toBe(
      true,
    );
  });

  it('reads fractional numbers where a key allows them, and whole numbers elsewhere', () => {
    expect(
      resolveConfig({ env: { HEARTH_CLOUD_DAILY_DOLLARS: '2.5' } }).values.cloud.dailyDollars,
    ).toBe(2.5);
    expect(() => resolveConfig({ env: { HEARTH_CLOUD_DAILY_DOLLARS: 'lots' } })).toThrow(
      /a number from 0 to 10000/,
    );
    expect(() => resolveConfig({ env: { HEARTH_WATCH_SETTLE_MS: '2.5' } })).toThrow(
      /a whole number from 0 to 60000/,
    );
  });

  it('ignores empty variables and unrelated HEARTH_* variables', () => {
    const config = resolveConfig({
      env: { HEARTH_LOG_LEVEL: '', HEARTH_HOME: '/x', HEARTH_SKIP: '1' },
    });
    expect(config.values.log.level).toBe('info');
  });

  it('returns a frozen object', () => {
    const config = resolveConfig({ env: {} });
    expect(Object.isFrozen(config.values)).toBe(true);
    expect(Object.isFrozen(config.values.cloud)).toBe(true);
    expect(() => {
      (config.values.cloud as { policy: string }).policy = 'allow';
    }).toThrow();
  });
});

describe('resolveConfig errors', () => {
  const cases: Array<{
    name: string;
    inputs: Parameters<typeof resolveConfig>[0];
    key: string;
    mentions: string[];
  }> = [
    {
      name: 'unknown key in a file',
      inputs: { user: user({ cloud: { mod: 'off' } }), env: {} },
      key: 'cloud.mod',
      mentions: ['/home/u/config.json', 'unknown key "cloud.mod"', 'did you mean "cloud.mode"'],
    },
    {
      name: 'unknown top-level key',
      inputs: { repo: repo({ frobnicate: 1 }), env: {} },
      key: 'frobnicate',
      mentions: ['/r/.hearth.json', 'known keys: localOnly'],
    },
    {
      name: 'bad enum value',
      inputs: { env: { HEARTH_CLOUD_POLICY: 'sometimes' } },
      key: 'cloud.policy',
      mentions: ['HEARTH_CLOUD_POLICY', '"allow" | "ask" | "never"', '"sometimes"'],
    },
    {
      name: 'bad boolean',
      inputs: { env: { HEARTH_LOCAL_ONLY: 'maybe' } },
      key: 'localOnly',
      mentions: ['HEARTH_LOCAL_ONLY', 'true | false'],
    },
    {
      name: 'number out of range',
      inputs: { user: user({ log: { maxFiles: 0 } }), env: {} },
      key: 'log.maxFiles',
      mentions: ['from 1 to 100', 'got 0'],
    },
    {
      name: 'wrong type',
      inputs: { user: user({ neverSend: 5 }), env: {} },
      key: 'neverSend',
      mentions: ['a list of glob strings', 'got 5'],
    },
    {
      name: 'key a repo may not set',
      inputs: { repo: repo({ log: { level: 'debug' } }), env: {} },
      key: 'log.level',
      mentions: ['cannot be set in a repo file'],
    },
    {
      name: 'a repo widening where local-only may send',
      inputs: { repo: repo({ privacy: { allowedHosts: ['evil.example'] } }), env: {} },
      key: 'privacy.allowedHosts',
      mentions: ['cannot be set in a repo file'],
    },
    {
      name: 'a repo shortening how long the audit log keeps requests',
      inputs: { repo: repo({ audit: { retentionDays: 1 } }), env: {} },
      key: 'audit.retentionDays',
      mentions: ['cannot be set in a repo file'],
    },
    {
      name: 'a repo changing how often checks run',
      inputs: { repo: repo({ fixes: { checkDebounceMs: 0 } }), env: {} },
      key: 'fixes.checkDebounceMs',
      mentions: ['cannot be set in a repo file'],
    },
    {
      name: 'a check debounce longer than ten minutes',
      inputs: { env: { HEARTH_FIXES_CHECK_DEBOUNCE_MS: '600001' } },
      key: 'fixes.checkDebounceMs',
      mentions: ['HEARTH_FIXES_CHECK_DEBOUNCE_MS', 'from 0 to 600000', 'got "600001"'],
    },
    {
      name: 'bad flag',
      inputs: { env: {}, flags: flags({ 'log.levle': 'debug' }) },
      key: 'log.levle',
      mentions: ['flags', 'did you mean "log.level"'],
    },
  ];

  it('keeps audit lines 90 days unless the user says otherwise', () => {
    expect(resolveConfig({ env: {} }).values.audit.retentionDays).toBe(90);
    expect(
      resolveConfig({ env: { HEARTH_AUDIT_RETENTION_DAYS: '0' } }).values.audit.retentionDays,
    ).toBe(0);
    expect(
      resolveConfig({ env: {}, user: user({ audit: { retentionDays: 30 } }) }).values.audit
        .retentionDays,
    ).toBe(30);
  });

  it('waits 1.5 s of quiet after saves before running checks unless the user says otherwise', () => {
    expect(resolveConfig({ env: {} }).values.fixes.checkDebounceMs).toBe(1500);
    expect(
      resolveConfig({ env: { HEARTH_FIXES_CHECK_DEBOUNCE_MS: '50' } }).values.fixes.checkDebounceMs,
    ).toBe(50);
    expect(
      resolveConfig({ env: {}, user: user({ fixes: { checkDebounceMs: 0 } }) }).values.fixes
        .checkDebounceMs,
    ).toBe(0);
  });

  it.each(cases)('$name names the key', ({ inputs, key, mentions }) => {
    let error: unknown;
    try {
      resolveConfig(inputs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe(key);
    expect((error as ConfigError).message).toContain(key);
    for (const text of mentions) expect((error as ConfigError).message).toContain(text);
  });

  it('reports every problem at once', () => {
    expect(() => resolveConfig({ user: user({ a: 1, b: 2 }), env: {} })).toThrow(/"a"[\s\S]*"b"/);
  });
});

describe('envVarName', () => {
  it.each([
    ['localOnly', 'HEARTH_LOCAL_ONLY'],
    ['cloud.policy', 'HEARTH_CLOUD_POLICY'],
    ['log.maxBytes', 'HEARTH_LOG_MAX_BYTES'],
    ['network.probeMinMs', 'HEARTH_NETWORK_PROBE_MIN_MS'],
  ])('%s -> %s', (key, name) => {
    expect(envVarName(key)).toBe(name);
  });
});

describe('resource limits from a repo file', () => {
  // A repo's .hearth.json comes with a clone: it may make hearth do less, never more.
  it.each([
    {
      key: 'analysis.maxFileBytes',
      user: undefined,
      repoValue: 64 * 1024 * 1024,
      expected: 1024 * 1024,
    },
    { key: 'analysis.maxFileBytes', user: 4096, repoValue: 8192, expected: 4096 },
    { key: 'docstrings.maxPerFile', user: undefined, repoValue: 5000, expected: 20 },
    { key: 'docstrings.maxPerPass', user: undefined, repoValue: 100_000, expected: 100 },
  ])(
    'refuses a repo raising $key to $repoValue, with the reason',
    ({ key, user: mine, repoValue, expected }) => {
      const config = resolveConfig({
        user: mine === undefined ? undefined : user({ [key]: mine }),
        repo: repo({ [key]: repoValue }),
        env: {},
      });
      expect(configValue(config.values, key as never)).toBe(expected);
      expect(config.warnings).toEqual([
        `/r/.hearth.json: refused ${key} = ${repoValue}: a repo file may lower a resource limit, never raise it (it stays ${expected})`,
      ]);
    },
  );

  it.each([
    { key: 'analysis.maxFileBytes', value: 2048 },
    { key: 'docstrings.maxPerFile', value: 3 },
    { key: 'docstrings.maxPerPass', value: 0 },
  ])('applies a repo lowering $key to $value', ({ key, value }) => {
    const config = resolveConfig({ repo: repo({ [key]: value }), env: {} });
    expect(configValue(config.values, key as never)).toBe(value);
    expect(config.sources[key as never]).toEqual({ layer: 'repo', source: '/r/.hearth.json' });
    expect(config.warnings).toEqual([]);
  });

  it("lets the user's own config, environment and flags raise a limit", () => {
    const raised = resolveConfig({
      user: user({ docstrings: { maxPerFile: 500 } }),
      env: { HEARTH_ANALYSIS_MAX_FILE_BYTES: String(8 * 1024 * 1024) },
      flags: flags({ 'docstrings.maxPerPass': 1000 }),
    });
    expect(raised.values.docstrings.maxPerFile).toBe(500);
    expect(raised.values.analysis.maxFileBytes).toBe(8 * 1024 * 1024);
    expect(raised.values.docstrings.maxPerPass).toBe(1000);
    // What a repo lowered is no floor for the user's environment (unlike privacy).
    const env = resolveConfig({
      repo: repo({ analysis: { maxFileBytes: 2048 } }),
      env: { HEARTH_ANALYSIS_MAX_FILE_BYTES: '4096' },
    });
    expect(env.values.analysis.maxFileBytes).toBe(4096);
    expect(env.warnings).toEqual([]);
  });
});
