import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { CLI_PATH } from '../util/package-root.js';
import { LAUNCHD_LABEL, renderLaunchdPlist, renderSystemdUnit, SYSTEMD_UNIT } from './render.js';
import type { ServiceOptions, ServicePlatform } from './service.js';

/** What installing the service means on a platform: the file, and the commands around it. */
export interface Plan {
  file: string;
  content: string;
  logDir: string | null;
  start: string[][];
  /**
   * Over an earlier install: `before` runs first (its failure tolerated: the service may not be
   * loaded), `restart` after `start` when the file changed, so a running daemon takes it up.
   */
  reinstall: { before: string[][]; restart: string[][] };
  stop: string[][];
  after: string[][];
  query: string[][];
}

export function buildPlan(options: ServiceOptions): Plan {
  const env = options.env ?? process.env;
  const node = options.node ?? process.execPath;
  const input = {
    node,
    cli: options.cli ?? CLI_PATH,
    path: buildServicePath(env, node, options.platform),
    home: options.home,
    ...(env.HEARTH_HOME ? { hearthHome: path.resolve(env.HEARTH_HOME) } : {}),
  };
  if (options.platform === 'linux') {
    const xdg = env.XDG_CONFIG_HOME;
    const config = xdg && path.isAbsolute(xdg) ? xdg : path.join(options.home, '.config');
    const systemctl = (...args: string[]) => ['systemctl', '--user', ...args];
    return {
      file: path.join(config, 'systemd', 'user', SYSTEMD_UNIT),
      content: renderSystemdUnit(input),
      logDir: null,
      start: [systemctl('daemon-reload'), systemctl('enable', '--now', SYSTEMD_UNIT)],
      reinstall: { before: [], restart: [systemctl('restart', SYSTEMD_UNIT)] },
      stop: [systemctl('disable', '--now', SYSTEMD_UNIT)],
      after: [systemctl('daemon-reload')],
      query: [systemctl('is-enabled', SYSTEMD_UNIT), systemctl('is-active', SYSTEMD_UNIT)],
    };
  }
  const domain = `gui/${options.uid ?? process.getuid?.() ?? 0}`;
  const file = path.join(options.home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  return {
    file,
    content: renderLaunchdPlist(input),
    logDir: path.join(options.home, 'Library', 'Logs', 'hearth'),
    start: [['launchctl', 'bootstrap', domain, file]],
    // launchd keeps the definition it loaded and refuses a second bootstrap: out, then in again.
    reinstall: { before: [['launchctl', 'bootout', `${domain}/${LAUNCHD_LABEL}`]], restart: [] },
    stop: [['launchctl', 'bootout', `${domain}/${LAUNCHD_LABEL}`]],
    after: [],
    query: [['launchctl', 'print', `${domain}/${LAUNCHD_LABEL}`]],
  };
}

// A service manager starts the daemon with a bare PATH; git (and node) must be on it.
function buildServicePath(env: NodeJS.ProcessEnv, node: string, platform: ServicePlatform) {
  const git = findExecutable('git', env.PATH ?? '');
  const system = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  if (platform === 'darwin') system.unshift('/opt/homebrew/bin');
  const dirs = [path.dirname(node), ...(git ? [path.dirname(git)] : []), ...system];
  return [...new Set(dirs)].join(':');
}

function findExecutable(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(':').filter((d) => path.isAbsolute(d))) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}
