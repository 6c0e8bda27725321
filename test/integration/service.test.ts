/**
 * `hearth service` against a temp home. No systemd user instance or launchd runs here, so the
 * service manager is the one thing replaced: `run` is a stub that records each command and
 * answers as the manager would. Everything else (rendering, files, folders) is real.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderLaunchdPlist, renderSystemdUnit } from '../../src/service/render.js';
import {
  type CommandResult,
  installService,
  readServiceStatus,
  type ServiceOptions,
  type ServicePlatform,
  uninstallService,
} from '../../src/service/service.js';
import { cleanup, tempDir } from '../helpers/hearth.js';

afterEach(cleanup);

const CLI = '/opt/hearth/dist/cli/main.js';
const OK: CommandResult = { code: 0, stdout: '', stderr: '' };
const NO_BUS: CommandResult = {
  code: 1,
  stdout: '',
  stderr: 'Failed to connect to bus: No medium found\n',
};

function setup(platform: ServicePlatform, answer: (argv: string[]) => CommandResult = () => OK) {
  const home = tempDir('hearth-user-');
  const hearthHome = tempDir('hearth-home-');
  const ran: string[][] = [];
  const options: ServiceOptions = {
    platform,
    dryRun: false,
    home,
    uid: 501,
    cli: CLI,
    env: { PATH: '/usr/bin:/bin', HEARTH_HOME: hearthHome },
    run: async (cmd, args) => {
      ran.push([cmd, ...args]);
      return answer([cmd, ...args]);
    },
  };
  const input = { node: process.execPath, cli: CLI, home, hearthHome };
  return { home, hearthHome, ran, options, input };
}

const unitPath = (home: string) => path.join(home, '.config', 'systemd', 'user', 'hearth.service');
const plistPath = (home: string) =>
  path.join(home, 'Library', 'LaunchAgents', 'dev.hearth.daemon.plist');

describe('hearth service on linux (systemd)', () => {
  it('installs: writes the unit, reloads, enables and starts it, hints at linger', async () => {
    const { home, hearthHome, ran, options } = setup('linux');
    const report = await installService(options);
    expect(ran).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', 'hearth.service'],
    ]);
    const unit = readFileSync(unitPath(home), 'utf8');
    expect(unit).toContain(`ExecStart=${process.execPath} ${CLI} daemon --no-console`);
    expect(unit).toContain(`Environment=HEARTH_HOME=${hearthHome}`);
    // git's folder (found on the given PATH) is on the daemon's PATH.
    expect(unit).toMatch(/Environment=PATH=\S*\/usr\/bin/);
    expect(report).toMatchObject({ ok: true, fileExists: true, fileCurrent: true, manual: [] });
    expect(report.messages.join('\n')).toContain('loginctl enable-linger $USER');
  });

  it('reinstalls over a running service: restarted only when the unit changed', async () => {
    const { home, ran, options } = setup('linux');
    await installService(options);
    ran.length = 0;
    const same = await installService(options);
    expect(ran).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', 'hearth.service'],
    ]);
    expect(same.messages[0]).toBe(`wrote ${unitPath(home)}`);
    ran.length = 0;
    // An upgrade moved the CLI: the running daemon must pick up the new ExecStart.
    const moved = await installService({ ...options, cli: '/opt/hearth-2/dist/cli/main.js' });
    expect(ran).toEqual([
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', 'hearth.service'],
      ['systemctl', '--user', 'restart', 'hearth.service'],
    ]);
    expect(moved.messages[0]).toContain('it changed: the service is restarted with it');
    expect(readFileSync(unitPath(home), 'utf8')).toContain('/opt/hearth-2/dist/cli/main.js');
  });

  it('names the HEARTH_* settings of this shell the service will not have, never a secret', async () => {
    const { home, options } = setup('linux');
    const env = {
      ...options.env,
      HEARTH_LOCAL_ONLY: '1',
      HEARTH_CLOUD_URL: 'https://api.example.com/v1',
      OPENAI_API_KEY: 'sk-live-0123456789abcdefghij',
      HEARTH_LOG_LEVEL: 'debug info',
    };
    const report = await installService({ ...options, env });
    expect(report.messages).toEqual(
      expect.arrayContaining([
        'the service will not see these settings from this shell; to keep them, run:',
        '  HEARTH_LOCAL_ONLY: hearth config set localOnly 1',
        '  HEARTH_CLOUD_URL: hearth config set cloud.url https://api.example.com/v1',
        '  OPENAI_API_KEY: hearth config set cloud.apiKey VALUE',
        "  HEARTH_LOG_LEVEL: hearth config set log.level 'debug info'",
      ]),
    );
    const unit = readFileSync(unitPath(home), 'utf8');
    expect(unit).not.toContain('sk-live');
    expect(JSON.stringify(report)).not.toContain('sk-live');
    // Without such variables, nothing is said.
    const quiet = await installService(options);
    expect(quiet.messages.join('\n')).not.toContain('will not see');
  });

  it('respects XDG_CONFIG_HOME', async () => {
    const { options, home } = setup('linux');
    const config = path.join(home, 'xdg');
    await installService({ ...options, env: { ...options.env, XDG_CONFIG_HOME: config } });
    expect(existsSync(path.join(config, 'systemd', 'user', 'hearth.service'))).toBe(true);
  });

  it('uninstalls: disables and stops, removes the file, reloads', async () => {
    const { home, ran, options } = setup('linux');
    await installService(options);
    ran.length = 0;
    const report = await uninstallService(options);
    expect(ran).toEqual([
      ['systemctl', '--user', 'disable', '--now', 'hearth.service'],
      ['systemctl', '--user', 'daemon-reload'],
    ]);
    expect(existsSync(unitPath(home))).toBe(false);
    expect(report).toMatchObject({ ok: true, fileExists: false });
  });

  it('reports status from is-enabled and is-active, and whether the file is current', async () => {
    const { ran, options, home } = setup('linux', (argv) =>
      argv.includes('is-enabled')
        ? { code: 0, stdout: 'enabled\n', stderr: '' }
        : { code: 3, stdout: 'failed\n', stderr: '' },
    );
    const before = await readServiceStatus(options);
    expect(before).toMatchObject({ fileExists: false, ok: true });
    await installService(options);
    ran.length = 0;
    const report = await readServiceStatus(options);
    expect(ran).toEqual([
      ['systemctl', '--user', 'is-enabled', 'hearth.service'],
      ['systemctl', '--user', 'is-active', 'hearth.service'],
    ]);
    expect(report).toMatchObject({
      ok: true,
      fileExists: true,
      fileCurrent: true,
      state: { enabled: 'enabled', active: 'failed' },
    });
    const moved = await readServiceStatus({ ...options, cli: '/elsewhere/main.js' });
    expect(moved).toMatchObject({ fileExists: true, fileCurrent: false });
    expect(existsSync(unitPath(home))).toBe(true);
  });

  it('without a user bus: keeps the written file, names it, and lists the commands to run', async () => {
    const { home, ran, options } = setup('linux', () => NO_BUS);
    const report = await installService(options);
    expect(ran).toEqual([['systemctl', '--user', 'daemon-reload']]);
    expect(report).toMatchObject({ ok: false, managerAvailable: false, fileExists: true });
    expect(report.file).toBe(unitPath(home));
    expect(report.manual).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user enable --now hearth.service',
    ]);
    expect(report.messages.join('\n')).toContain('Failed to connect to bus');

    const removal = await uninstallService(options);
    expect(removal).toMatchObject({ ok: false, managerAvailable: false, fileExists: true });
    expect(removal.manual).toEqual([
      'systemctl --user disable --now hearth.service',
      `rm -f ${unitPath(home)}`,
      'systemctl --user daemon-reload',
    ]);
  });

  it('treats a missing systemctl like a missing bus', async () => {
    const { options } = setup('linux', () => ({ code: 127, stdout: '', stderr: '' }));
    const report = await readServiceStatus(options);
    expect(report).toMatchObject({ ok: false, managerAvailable: false });
    expect(report.manual).toHaveLength(2);
  });

  it('--dry-run writes nothing, runs nothing, and shows the unit and the commands', async () => {
    const { home, ran, options, input } = setup('linux');
    const report = await installService({ ...options, dryRun: true });
    expect(ran).toEqual([]);
    expect(readdirSync(home)).toEqual([]);
    expect(report.content).toBe(renderSystemdUnit({ ...input, path: pathOf(report.content) }));
    expect(report.commands.map((step) => step.argv.join(' '))).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user enable --now hearth.service',
    ]);
    const removal = await uninstallService({ ...options, dryRun: true });
    expect(ran).toEqual([]);
    expect(removal.commands).toHaveLength(3);
  });
});

describe('hearth service on darwin (launchd)', () => {
  it('installs: writes the plist, makes the log folder, bootstraps the agent', async () => {
    const { home, ran, options } = setup('darwin');
    const report = await installService(options);
    expect(ran).toEqual([['launchctl', 'bootstrap', 'gui/501', plistPath(home)]]);
    expect(existsSync(path.join(home, 'Library', 'Logs', 'hearth'))).toBe(true);
    const xml = readFileSync(plistPath(home), 'utf8');
    expect(xml).toContain('<string>dev.hearth.daemon</string>');
    expect(report).toMatchObject({ ok: true, fileCurrent: true });
  });

  it('reinstalls by booting the loaded agent out first (launchd refuses a second bootstrap)', async () => {
    const { home, ran, options } = setup('darwin', (argv) =>
      argv[1] === 'bootout' ? { code: 3, stdout: '', stderr: 'No such process' } : OK,
    );
    await installService(options);
    ran.length = 0;
    const report = await installService({ ...options, cli: '/opt/hearth-2/dist/cli/main.js' });
    expect(ran).toEqual([
      ['launchctl', 'bootout', 'gui/501/dev.hearth.daemon'],
      ['launchctl', 'bootstrap', 'gui/501', plistPath(home)],
    ]);
    // A bootout of an agent that was not loaded is not a failure.
    expect(report.ok).toBe(true);
  });

  it('uninstalls: boots the agent out, then removes the plist', async () => {
    const { home, ran, options } = setup('darwin');
    await installService(options);
    ran.length = 0;
    await uninstallService(options);
    expect(ran).toEqual([['launchctl', 'bootout', 'gui/501/dev.hearth.daemon']]);
    expect(existsSync(plistPath(home))).toBe(false);
  });

  it('status: not loaded when launchctl print fails', async () => {
    const { ran, options } = setup('darwin', () => ({ code: 113, stdout: '', stderr: '' }));
    const report = await readServiceStatus(options);
    expect(ran).toEqual([['launchctl', 'print', 'gui/501/dev.hearth.daemon']]);
    expect(report.state).toEqual({ loaded: false });
  });

  it('--dry-run writes nothing and shows the plist; a missing launchctl gives manual steps', async () => {
    const { home, ran, options, input } = setup('darwin', () => ({
      code: 127,
      stdout: '',
      stderr: 'launchctl: command not found',
    }));
    const dry = await installService({ ...options, dryRun: true });
    expect(ran).toEqual([]);
    expect(readdirSync(home)).toEqual([]);
    expect(dry.content).toBe(renderLaunchdPlist({ ...input, path: plistPathValue(dry.content) }));

    const report = await installService(options);
    expect(report).toMatchObject({ ok: false, managerAvailable: false, fileExists: true });
    expect(report.manual).toEqual([`launchctl bootstrap gui/501 ${plistPath(home)}`]);
  });
});

// The daemon's PATH depends on where git is; read it back rather than restate the rule.
function pathOf(unit = ''): string {
  return /Environment=PATH=(\S+)/.exec(unit)?.[1] ?? '';
}

function plistPathValue(xml = ''): string {
  return /<key>PATH<\/key>\s*<string>([^<]*)<\/string>/.exec(xml)?.[1] ?? '';
}
