import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callHome, listDaemonRepos } from '../helpers/daemon.js';
import {
  cleanup,
  hearth,
  hearthJson,
  homePaths,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';

interface KeyAnswer {
  key: string;
  value: unknown;
  layer: string;
  source: string;
}

afterEach(cleanup);

const writeRepoConfig = (repo: string, values: unknown) =>
  writeFileSync(path.join(repo, '.hearth.json'), JSON.stringify(values));

describe('hearth config', () => {
  it('resolves each layer over the one below it', async () => {
    const home = tempHome();
    const repo = tempRepo();
    const get = (key: string, opts: { env?: Record<string, string>; flags?: string[] } = {}) =>
      hearthJson<KeyAnswer>(home, [...(opts.flags ?? []), 'config', 'get', key, '--json'], {
        cwd: repo,
        env: opts.env,
      });

    expect(await get('log.level')).toMatchObject({ value: 'info', layer: 'default' });
    expect((await hearth(home, ['config', 'set', 'log.level', 'warn'])).code).toBe(0);
    expect(await get('log.level')).toMatchObject({
      value: 'warn',
      layer: 'user',
      source: homePaths(home).userConfig,
    });
    expect(await get('log.level', { env: { HEARTH_LOG_LEVEL: 'error' } })).toMatchObject({
      value: 'error',
      layer: 'env',
      source: 'HEARTH_LOG_LEVEL',
    });
    expect(
      await get('log.level', {
        env: { HEARTH_LOG_LEVEL: 'error' },
        flags: ['-c', 'log.level=debug'],
      }),
    ).toMatchObject({
      value: 'debug',
      layer: 'flag',
    });

    // The repo layer sits between the user config and the environment.
    await hearth(home, ['config', 'set', 'cloud.policy', 'ask']);
    expect(await get('cloud.policy')).toMatchObject({ value: 'ask', layer: 'user' });
    writeRepoConfig(repo, { cloud: 'never' });
    expect(await get('cloud.policy')).toMatchObject({
      value: 'never',
      layer: 'repo',
      source: path.join(repo, '.hearth.json'),
    });
    // ...and the folder outside the repo does not see it.
    expect(
      await hearthJson<KeyAnswer>(home, ['config', 'get', 'cloud.policy', '--json'], {
        cwd: path.dirname(repo),
      }),
    ).toMatchObject({
      value: 'ask',
    });
    expect(await get('cloud.policy', { env: { HEARTH_CLOUD_POLICY: 'never' } })).toMatchObject({
      value: 'never',
      layer: 'env',
    });
  });

  it('stores the user config in a 0600 file, as typed values', async () => {
    const home = tempHome();
    expect((await hearth(home, ['config', 'set', 'neverSend', '*.pem, private/**'])).code).toBe(0);
    expect((await hearth(home, ['config', 'set', 'localOnly', 'yes'])).code).toBe(0);
    expect((await hearth(home, ['config', 'set', 'log.maxFiles', '7'])).code).toBe(0);
    const file = homePaths(home).userConfig;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      neverSend: ['*.pem', 'private/**'],
      localOnly: true,
      log: { maxFiles: 7 },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect((await hearth(home, ['config', 'unset', 'log.maxFiles'])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).log).toEqual({});
    const list = await hearthJson<{ keys: Array<KeyAnswer & { env: string }> }>(home, [
      'config',
      'list',
      '--json',
    ]);
    expect(list.keys.find((k) => k.key === 'localOnly')).toMatchObject({
      value: true,
      layer: 'user',
      env: 'HEARTH_LOCAL_ONLY',
    });
    expect(list.keys.find((k) => k.key === 'log.maxFiles')).toMatchObject({
      value: 5,
      layer: 'default',
    });
  });

  it('keeps the cloud API key in a 0600 secrets file and never prints it whole', async () => {
    const home = tempHome();
    const key = 'sk-proj-Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8';
    const set = await hearth(home, ['config', 'set', 'cloud.apiKey', key]);
    expect(set.code).toBe(0);
    expect(set.stdout).not.toContain(key);
    const secrets = path.join(path.dirname(homePaths(home).userConfig), 'secrets.json');
    expect(JSON.parse(readFileSync(secrets, 'utf8'))).toEqual({ cloud: { apiKey: key } });
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(() => readFileSync(homePaths(home).userConfig, 'utf8')).toThrow();

    const shown = await hearthJson<KeyAnswer>(home, ['config', 'get', 'cloud.apiKey', '--json']);
    expect(shown).toMatchObject({ value: '********7Ii8', layer: 'user', source: secrets });
    const list = await hearth(home, ['config', 'list']);
    expect(list.stdout).not.toContain(key);
    expect(list.stdout).toMatch(/cloud\.apiKey\s+\*{8}\w{4}/);

    // OPENAI_API_KEY is read too, after HEARTH_CLOUD_API_KEY.
    const fromEnv = await hearthJson<KeyAnswer>(home, ['config', 'get', 'cloud.apiKey', '--json'], {
      env: { OPENAI_API_KEY: 'sk-from-the-environment-0000' },
    });
    expect(fromEnv).toMatchObject({
      layer: 'env',
      source: 'OPENAI_API_KEY',
      value: '********0000',
    });
  });

  it('refuses a repo file that points code at another endpoint', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeRepoConfig(repo, { cloud: { url: 'https://collector.example.invalid/v1' } });
    const result = await hearth(home, ['config', 'list'], { cwd: repo });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cloud.url cannot be set in a repo file');
  });

  it('rejects an unknown key or a bad value, naming it, and writes nothing', async () => {
    const home = tempHome();
    const unknown = await hearth(home, ['config', 'set', 'cloud.mod', 'off']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown key "cloud.mod"');
    expect(unknown.stderr).toContain('did you mean "cloud.mode"');

    const bad = await hearth(home, ['config', 'set', 'cloud.policy', 'sometimes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cloud.policy must be "allow" | "ask" | "never", got "sometimes"');
    expect(() => statSync(homePaths(home).userConfig)).toThrow();

    const get = await hearth(home, ['config', 'get', 'nope']);
    expect(get.code).toBe(1);
    expect(get.stderr).toContain('unknown key "nope"');

    const env = await hearth(home, ['config', 'get', 'localOnly'], {
      env: { HEARTH_LOCAL_ONLY: 'maybe' },
    });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain('HEARTH_LOCAL_ONLY: localOnly must be true | false');

    const repo = tempRepo();
    writeRepoConfig(repo, { clud: 'never' });
    const fromRepo = await hearth(home, ['config', 'list'], { cwd: repo });
    expect(fromRepo.code).toBe(1);
    expect(fromRepo.stderr).toContain(`${path.join(repo, '.hearth.json')}: unknown key "clud"`);

    writeFileSync(path.join(repo, '.hearth.json'), '{ "cloud": ');
    const broken = await hearth(home, ['config', 'list'], { cwd: repo });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('.hearth.json: not valid JSON');
  });

  it('refuses a repo file that tries to loosen privacy, and says so', async () => {
    const home = tempHome();
    const repo = tempRepo();
    await hearth(home, ['config', 'set', 'cloud.policy', 'never']);
    writeRepoConfig(repo, { cloud: 'allow', localOnly: false });
    const result = await hearth(home, ['config', 'get', 'cloud.policy', '--json'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ value: 'never', layer: 'user' });
    expect(result.stderr).toContain(
      'refused cloud.policy = "allow": a repo file may tighten privacy, never loosen it',
    );

    // The daemon keeps the stricter value too, and logs the refusal.
    await startDaemon(home);
    await hearth(home, ['watch', repo]);
    const log = await waitFor('the refusal in the log', () => {
      const text = readFileSync(homePaths(home).log, 'utf8');
      return text.includes('refused cloud.policy') && text;
    });
    expect(log).toContain(path.join(repo, '.hearth.json'));
  });

  it('shows HEARTH_LOCAL_ONLY=1 in status, and re-resolves when the user config changes', async () => {
    const localHome = tempHome();
    await startDaemon(localHome, { env: { HEARTH_LOCAL_ONLY: '1' } });
    expect(
      (await hearthJson<{ localOnly: boolean }>(localHome, ['status', '--json'])).localOnly,
    ).toBe(true);
    expect((await hearth(localHome, ['status'])).stdout).toContain('local-only  yes');

    const home = tempHome();
    await startDaemon(home);
    expect((await hearthJson<{ localOnly: boolean }>(home, ['status', '--json'])).localOnly).toBe(
      false,
    );
    expect((await hearth(home, ['status'], { env: { HEARTH_LOCAL_ONLY: '1' } })).stdout).toContain(
      'started without it',
    );

    await hearth(home, ['config', 'set', 'localOnly', 'true']);
    await waitFor('the daemon to see the new config', async () => {
      return (await callHome(home, 'status', {})).localOnly;
    });

    // A broken edit is refused; the daemon keeps the last good config and says why.
    writeFileSync(homePaths(home).userConfig, JSON.stringify({ localOnly: 'perhaps' }));
    await waitFor(
      'the refused change',
      async () => (await callHome(home, 'status', {})).config.error,
    );
    const status = await waitFor('the refused change in status', async () => {
      const s = await hearthJson<{ localOnly: boolean; config: { error?: string } }>(home, [
        'status',
        '--json',
      ]);
      return s.config.error ? s : undefined;
    });
    expect(status.localOnly).toBe(true);
    expect(status.config.error).toContain('localOnly must be');
  });

  it('accepts the local-only flag on start', async () => {
    const home = tempHome();
    await startDaemon(home, { args: ['--local-only'] });
    expect((await hearthJson<{ localOnly: boolean }>(home, ['status', '--json'])).localOnly).toBe(
      true,
    );
  });

  it('reports a repo with an invalid .hearth.json without failing the daemon', async () => {
    const home = tempHome();
    const repo = tempRepo();
    mkdirSync(path.join(repo, 'sub'));
    writeRepoConfig(repo, { log: { level: 'debug' } });
    await startDaemon(home);
    expect((await hearth(home, ['watch', path.join(repo, 'sub')])).code).toBe(0);
    const status = await hearthJson<{ repos: Array<{ problem?: string }> }>(home, [
      'status',
      '--json',
    ]);
    expect(status.repos[0]?.problem).toContain('log.level cannot be set in a repo file');
    expect(status.repos[0]?.problem).toMatch(/^invalid \S+\.hearth\.json: /);

    // Fixing the file clears the problem without a restart.
    writeRepoConfig(repo, { cloud: 'ask' });
    await waitFor('the fixed repo config', async () => {
      const [info] = await listDaemonRepos(home);
      return info && info.problem === undefined;
    });
  });

  it("names the user config, not every repository's .hearth.json, when the user config breaks", async () => {
    const home = tempHome();
    const repo = tempRepo();
    await startDaemon(home);
    expect((await hearth(home, ['watch', repo])).code).toBe(0);
    writeFileSync(homePaths(home).userConfig, '{"log": ');
    await waitFor('the broken user config', async () => (await listDaemonRepos(home))[0]?.problem);
    const problem = await waitFor('the repo to report the broken user config', async () => {
      const s = await hearthJson<{ repos: Array<{ problem?: string }> }>(home, [
        'status',
        '--json',
      ]);
      return s.repos[0]?.problem;
    });
    expect(problem).toBe(
      `config refused: ${homePaths(home).userConfig}: not valid JSON: it ends too early (line 1); fix it in an editor, or move it aside to start from the defaults: mv '${homePaths(home).userConfig}' '${homePaths(home).userConfig}.bad'`,
    );
    expect(problem).not.toContain('.hearth.json');
  });
});
