import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CLI,
  cleanup,
  hearth,
  hearthEnv,
  ROOT,
  spawnHearth,
  tempDir,
  tempHome,
} from '../helpers/hearth.js';

afterEach(cleanup);

describe('the hearth CLI', () => {
  // Every command's help is tested in-process (test/unit/cli-help.test.ts); this is the process.
  it.each([
    [['--help'], 'hearth'],
    [['config', 'get', '--help'], 'hearth config get'],
  ])('has --help: %j exits 0', async (args, usage) => {
    const result = await hearth(tempHome(), args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: ${usage}`);
  });

  it('runs when started through a link to it, or by its path without .js', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const link = path.join(tempDir(), 'hearth');
    symlinkSync(CLI, link);
    for (const entry of [link, CLI.replace(/\.js$/, '')]) {
      const run = spawnSync(process.execPath, [entry, 'version'], {
        env: hearthEnv(tempHome()),
        encoding: 'utf8',
      });
      expect(run.stdout, run.stderr).toBe(`hearth ${version}\n`);
    }
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const home = tempHome();
    expect((await hearth(home, ['version'])).stdout).toBe(`hearth ${version}\n`);
    expect((await hearth(home, ['--version'])).stdout).toBe(`${version}\n`);
  });

  it.each([
    [[], 'Usage: hearth'],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['-c', 'cloud.policy=never', 'statsu'], "unknown command 'statsu'"],
    [['status', '--bogus'], "unknown option '--bogus'"],
    [['config', 'get'], "missing required argument 'key'"],
    [['config', 'set', 'a', 'b', 'c'], 'too many arguments'],
    [['logs', '-n', 'many'], 'expected a whole number'],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const result = await hearth(tempHome(), args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['status'],
    ['status', '--json'],
    ['-c', 'cloud.policy=never', 'status'],
    ['stop'],
    ['repos'],
    ['--config=cloud.policy=never', 'repos'],
    ['watch', '.'],
    ['unwatch'],
  ])('exits 3 from %j when the daemon is not running', async (...args) => {
    const result = await hearth(tempHome(), args);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the daemon is not running');
    if (args.includes('--json')) expect(JSON.parse(result.stdout)).toEqual({ running: false });
  });

  it('ends quietly, exit 0, when the reader of its output goes away (hearth config list | head -0)', async () => {
    const child = spawnHearth(tempHome(), ['config', 'list']);
    child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('with --json, says an error in JSON on stdout as well', async () => {
    const result = await hearth(tempHome(), ['config', 'get', 'no.such', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'config-invalid',
        message: expect.stringContaining('unknown key "no.such"'),
        exitCode: 1,
      },
    });
    expect(result.stderr).toContain('no.such');
  });

  // `script` (util-linux, in every Debian) gives the command a real terminal.
  it.skipIf(process.platform !== 'linux')(
    'colours PASS, WARN and FAIL on a terminal, and never under NO_COLOR or in a pipe',
    async () => {
      const home = tempHome();
      const onTerminal = (extra: Record<string, string>) =>
        spawnSync('script', ['-qc', `${process.execPath} ${CLI} doctor`, '/dev/null'], {
          // Without CI: Node itself turns colour off under an unnamed CI variable.
          env: { ...hearthEnv(home, extra), TERM: 'xterm', CI: undefined },
          encoding: 'utf8',
          timeout: 60_000,
        }).stdout;
      const coloured = onTerminal({});
      expect(coloured).toContain('\x1b[32mPASS\x1b[39m  node');
      expect(coloured).toContain('\x1b[33mWARN\x1b[39m  daemon');
      expect(onTerminal({ NO_COLOR: '1' })).not.toContain('\x1b[');
      const piped = await hearth(home, ['doctor']);
      expect(piped.stdout).toMatch(/^PASS {2}node/m);
      expect(piped.stdout).not.toContain('\x1b[');
    },
  );
});
