import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parsePlist } from 'plist';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fillTemplate,
  renderLaunchdPlist,
  renderSystemdUnit,
  type ServiceInput,
} from '../../../src/service/render.js';
import { cleanup, ROOT, tempDir } from '../../helpers/hearth.js';

afterEach(cleanup);

// The built CLI when present; any real file does, systemd-analyze only checks the binary.
const CLI = existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))
  ? path.join(ROOT, 'dist', 'cli', 'main.js')
  : path.join(ROOT, 'package.json');

/** A node binary and CLI file at paths with spaces, `&`, `<`, `%`, `$`, quotes and a backslash. */
function awkwardInput(withHome: boolean): ServiceInput {
  const dir = path.join(tempDir(), 'a b & <c> %n $X');
  mkdirSync(dir);
  const node = path.join(dir, 'my node');
  symlinkSync(process.execPath, node);
  const cli = path.join(dir, 'cli\\it\'s "x".js');
  symlinkSync(CLI, cli);
  return {
    node,
    cli,
    path: `${dir}:/usr/bin:/bin`,
    home: dir,
    ...(withHome ? { hearthHome: path.join(dir, 'home & <x>') } : {}),
  };
}

/** Lines systemd-analyze prints about our file; other units' complaints are not ours. */
function verifyUnit(content: string): string[] {
  const dir = tempDir();
  const file = path.join(dir, 'hearth.service');
  writeFileSync(file, content);
  // A user manager needs a runtime folder; a container may have none, so give it a temp one.
  const result = spawnSync('systemd-analyze', ['--user', 'verify', file], {
    encoding: 'utf8',
    env: { ...process.env, XDG_RUNTIME_DIR: dir },
  });
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => /hearth\.service|Failed to|not executable|Unknown key|Invalid/i.test(line));
}

describe('renderSystemdUnit', () => {
  it('renders a unit systemd-analyze accepts, without HEARTH_HOME', () => {
    const unit = renderSystemdUnit({
      node: process.execPath,
      cli: CLI,
      path: '/usr/local/bin:/usr/bin:/bin',
      home: '/home/u',
    });
    expect(unit).toContain(`ExecStart=${process.execPath} ${CLI} daemon --no-console`);
    expect(unit).toContain('Environment=PATH=/usr/local/bin:/usr/bin:/bin\n');
    for (const line of [
      'StartLimitIntervalSec=300',
      'StartLimitBurst=5',
      'Type=exec',
      'Restart=on-failure',
      'RestartSec=5',
      'WantedBy=default.target',
    ]) {
      expect(unit.split('\n')).toContain(line);
    }
    expect(unit).not.toContain('HEARTH_HOME');
    expect(unit).not.toContain('{{');
    expect(unit).not.toMatch(/network-online/);
    expect(verifyUnit(unit)).toEqual([]);
  });

  it('quotes and escapes awkward paths so systemd reads them back whole', () => {
    const input = awkwardInput(true);
    const unit = renderSystemdUnit(input);
    const execStart = unit.split('\n').find((line) => line.startsWith('ExecStart='));
    // The binary gets no `$` expansion, its arguments do; both get `%` specifiers.
    const node = input.node.replace(/%/g, '%%');
    const cli = input.cli
      .replace(/%/g, '%%')
      .replace(/\$/g, '$$$$')
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"');
    expect(execStart).toBe(`ExecStart="${node}" "${cli}" daemon --no-console`);
    expect(unit).toContain(`Environment="HEARTH_HOME=${input.hearthHome?.replace(/%/g, '%%')}"`);
    // A mis-quoted ExecStart names a binary that does not exist, which verify reports.
    expect(verifyUnit(unit)).toEqual([]);
  });
});

describe('renderLaunchdPlist', () => {
  const KEYS = [
    'EnvironmentVariables',
    'KeepAlive',
    'Label',
    'LowPriorityIO',
    'ProcessType',
    'ProgramArguments',
    'RunAtLoad',
    'StandardErrorPath',
    'StandardOutPath',
    'ThrottleInterval',
  ];

  function parse(xml: string): Record<string, unknown> {
    return parsePlist(xml) as Record<string, unknown>;
  }

  it('has exactly the expected keys and value types', () => {
    const xml = renderLaunchdPlist({
      node: '/usr/local/bin/node',
      cli: '/opt/hearth/dist/cli/main.js',
      path: '/usr/local/bin:/usr/bin:/bin',
      home: '/Users/u',
    });
    const parsed = parse(xml);
    expect(Object.keys(parsed).sort()).toEqual(KEYS);
    expect(parsed).toEqual({
      Label: 'dev.hearth.daemon',
      ProgramArguments: [
        '/usr/local/bin/node',
        '/opt/hearth/dist/cli/main.js',
        'daemon',
        '--no-console',
      ],
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 10,
      ProcessType: 'Background',
      LowPriorityIO: true,
      StandardOutPath: '/Users/u/Library/Logs/hearth/daemon.out.log',
      StandardErrorPath: '/Users/u/Library/Logs/hearth/daemon.err.log',
      EnvironmentVariables: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    });
    expect(xml).toContain('<integer>10</integer>');
  });

  it('escapes awkward paths and adds HEARTH_HOME when set; plistutil accepts it', () => {
    const input = awkwardInput(true);
    const xml = renderLaunchdPlist(input);
    expect(xml).toContain('&amp; &lt;c&gt;');
    const parsed = parse(xml);
    expect(parsed.ProgramArguments).toEqual([input.node, input.cli, 'daemon', '--no-console']);
    expect(parsed.EnvironmentVariables).toEqual({
      PATH: input.path,
      HEARTH_HOME: input.hearthHome,
    });
    expect(parsed.StandardOutPath).toBe(
      path.join(input.home, 'Library', 'Logs', 'hearth', 'daemon.out.log'),
    );

    const dir = tempDir();
    const file = path.join(dir, 'dev.hearth.daemon.plist');
    writeFileSync(file, xml);
    const binary = path.join(dir, 'out.bplist');
    execFileSync('plistutil', ['-i', file, '-f', 'bin', '-o', binary]);
    // Round trip through plistutil's own parser back to XML, then compare values.
    const back = execFileSync('plistutil', ['-i', binary, '-f', 'xml', '-o', '-'], {
      encoding: 'utf8',
    });
    expect(parse(back)).toEqual(parsed);
  });
});

describe('fillTemplate', () => {
  it('removes a null placeholder line and refuses an unknown one', () => {
    expect(fillTemplate('a\n{{X}}\nb {{Y}}\n', { X: null, Y: 'y' })).toBe('a\nb y\n');
    expect(() => fillTemplate('{{Z}}', {})).toThrow(/unknown \{\{Z\}\}/);
  });

  it('refuses a node path systemd cannot run', () => {
    expect(() =>
      renderSystemdUnit({ node: '/a/"node"', cli: '/c', path: '/usr/bin', home: '/h' }),
    ).toThrow(/quote or a backslash/);
  });

  it('refuses a path with a line break', () => {
    expect(() =>
      renderSystemdUnit({ node: '/a\nb', cli: '/c', path: '/usr/bin', home: '/h' }),
    ).toThrow(/line break/);
  });
});
