import { describe, expect, it } from 'vitest';
import { MAX_SOCKET_PATH_BYTES, resolvePaths } from '../../src/paths.js';

const base = { homedir: '/home/ana', uid: 1000, tmpdir: '/tmp' };

describe('resolvePaths', () => {
  it('puts everything under HEARTH_HOME when it is set', () => {
    const paths = resolvePaths({
      ...base,
      platform: 'linux',
      env: { HEARTH_HOME: '/h', XDG_CONFIG_HOME: '/x' },
    });
    for (const dir of [
      paths.config,
      paths.data,
      paths.state,
      paths.logs,
      paths.runtime,
      paths.socket,
      paths.lock,
      paths.logFile,
    ]) {
      expect(dir.startsWith('/h/')).toBe(true);
    }
    expect(paths.home).toBe('/h');
    expect(paths.logs).toBe('/h/state/logs');
  });

  it('follows XDG on Linux', () => {
    const paths = resolvePaths({
      ...base,
      platform: 'linux',
      env: {
        XDG_CONFIG_HOME: '/c',
        XDG_DATA_HOME: '/d',
        XDG_STATE_HOME: '/s',
        XDG_RUNTIME_DIR: '/run/user/1000',
      },
    });
    expect(paths).toMatchObject({
      home: null,
      config: '/c/hearth',
      data: '/d/hearth',
      state: '/s/hearth',
      logs: '/s/hearth/logs',
      runtime: '/run/user/1000/hearth',
      socket: '/run/user/1000/hearth/hearth.sock',
    });
  });

  it('falls back to the XDG defaults, ignoring relative XDG paths, with the runtime folder in the state home', () => {
    const paths = resolvePaths({
      ...base,
      platform: 'linux',
      env: { XDG_CONFIG_HOME: 'relative' },
    });
    expect(paths).toMatchObject({
      config: '/home/ana/.config/hearth',
      data: '/home/ana/.local/share/hearth',
      state: '/home/ana/.local/state/hearth',
      runtime: '/home/ana/.local/state/hearth/run',
      socket: '/home/ana/.local/state/hearth/run/hearth.sock',
    });
  });

  it('without XDG_RUNTIME_DIR, keeps the runtime folder in XDG_STATE_HOME rather than /tmp', () => {
    const paths = resolvePaths({ ...base, platform: 'linux', env: { XDG_STATE_HOME: '/s' } });
    expect(paths.runtime).toBe('/s/hearth/run');
  });

  it('falls back to a per-user /tmp folder when the state home would make the socket path too long', () => {
    const deep = `/home/${'a'.repeat(90)}`;
    const paths = resolvePaths({ ...base, homedir: deep, platform: 'linux', env: {} });
    expect(paths.runtime).toBe('/tmp/hearth-1000');
    expect(Buffer.byteLength(paths.socket)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
  });

  it('uses ~/Library on macOS', () => {
    const paths = resolvePaths({ ...base, homedir: '/Users/ana', platform: 'darwin', env: {} });
    expect(paths).toMatchObject({
      config: '/Users/ana/Library/Preferences/hearth',
      data: '/Users/ana/Library/Application Support/hearth',
      logs: '/Users/ana/Library/Logs/hearth',
    });
  });
});
