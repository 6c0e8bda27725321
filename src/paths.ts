import { chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HearthError } from './errors.js';
import { verifyRuntimeDir } from './util/runtime-dir.js';

/** Where hearth keeps everything; resolved once per process. */
export interface HearthPaths {
  /** HEARTH_HOME when set, else null (the platform's folders are used). */
  home: string | null;
  config: string;
  data: string;
  state: string;
  logs: string;
  /** 0700 folder holding the socket and the lock. */
  runtime: string;
  socket: string;
  lock: string;
  userConfigFile: string;
  reposFile: string;
  /** One JSON line per outbound model request. */
  auditFile: string;
  queueFile: string;
  /** Docstring (and later fix) suggestions, and the ones the user rejected. */
  suggestionsFile: string;
  /** Reviews and dismissed findings. */
  reviewsFile: string;
  /** Where each repository's last scheduled review ended. */
  scheduledReviewsFile: string;
  logFile: string;
  /** Where `hearth start` sends the background daemon's console output. */
  daemonOutFile: string;
}

export interface PathInputs {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
  uid: number;
  tmpdir: string;
}

// Linux limits a socket path to 108 bytes including the terminating NUL; macOS to 104.
export const MAX_SOCKET_PATH_BYTES = 103;
const SOCKET_NAME = 'hearth.sock';

/** Resolves hearth's folders: all under HEARTH_HOME when set, else XDG or ~/Library. Pure. */
export function resolvePaths(inputs: PathInputs): HearthPaths {
  const { env, platform, homedir, uid, tmpdir } = inputs;
  const home = env.HEARTH_HOME ? path.resolve(env.HEARTH_HOME) : null;
  let dirs: Pick<HearthPaths, 'config' | 'data' | 'state' | 'logs' | 'runtime'>;
  if (home) {
    dirs = {
      config: path.join(home, 'config'),
      data: path.join(home, 'data'),
      state: path.join(home, 'state'),
      logs: path.join(home, 'state', 'logs'),
      runtime: path.join(home, 'run'),
    };
  } else if (platform === 'darwin') {
    const support = path.join(homedir, 'Library', 'Application Support', 'hearth');
    dirs = {
      config: path.join(homedir, 'Library', 'Preferences', 'hearth'),
      data: support,
      state: path.join(support, 'state'),
      logs: path.join(homedir, 'Library', 'Logs', 'hearth'),
      runtime: path.join(support, 'run'),
    };
  } else {
    const xdg = (name: string, fallback: string) =>
      env[name] && path.isAbsolute(env[name]) ? env[name] : fallback;
    const state = path.join(xdg('XDG_STATE_HOME', path.join(homedir, '.local', 'state')), 'hearth');
    dirs = {
      config: path.join(xdg('XDG_CONFIG_HOME', path.join(homedir, '.config')), 'hearth'),
      data: path.join(xdg('XDG_DATA_HOME', path.join(homedir, '.local', 'share')), 'hearth'),
      state,
      logs: path.join(state, 'logs'),
      runtime: chooseLinuxRuntime(env, state, uid, tmpdir),
    };
  }
  return {
    home,
    ...dirs,
    socket: path.join(dirs.runtime, SOCKET_NAME),
    lock: path.join(dirs.runtime, 'daemon.lock'),
    userConfigFile: path.join(dirs.config, 'config.json'),
    reposFile: path.join(dirs.data, 'repos.json'),
    auditFile: path.join(dirs.state, 'audit.jsonl'),
    queueFile: path.join(dirs.data, 'queue.sqlite'),
    suggestionsFile: path.join(dirs.data, 'suggestions.sqlite'),
    reviewsFile: path.join(dirs.data, 'reviews.sqlite'),
    scheduledReviewsFile: path.join(dirs.data, 'scheduled-reviews.json'),
    logFile: path.join(dirs.logs, 'hearth.log'),
    daemonOutFile: path.join(dirs.state, 'daemon.out'),
  };
}

/**
 * XDG_RUNTIME_DIR when set; else a folder in the user's own state home, which no other user can
 * create first, unless its socket path would be too long to bind: then a per-user /tmp folder,
 * whose owner and mode are checked before use (src/util/runtime-dir.ts).
 */
function chooseLinuxRuntime(
  env: NodeJS.ProcessEnv,
  state: string,
  uid: number,
  tmpdir: string,
): string {
  const base = env.XDG_RUNTIME_DIR;
  if (base && path.isAbsolute(base)) return path.join(base, 'hearth');
  const preferred = path.join(state, 'run');
  if (Buffer.byteLength(path.join(preferred, SOCKET_NAME)) <= MAX_SOCKET_PATH_BYTES)
    return preferred;
  return path.join(tmpdir, `hearth-${uid}`);
}

let cached: HearthPaths | undefined;

/** The paths of this process, from its environment. */
export function hearthPaths(): HearthPaths {
  cached ??= resolvePaths({
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    uid: process.getuid?.() ?? 0,
    tmpdir: os.tmpdir(),
  });
  return cached;
}

/**
 * Creates the folders the daemon writes to. The runtime folder is made 0700 only when this call
 * creates it; an existing one must already be a 0700 folder of this user, else this refuses
 * (never chmod a folder someone else may own). Fails first if the socket path is too long to
 * bind: the kernel would silently cut it short.
 */
export function ensureDirs(paths: HearthPaths): void {
  const socketBytes = Buffer.byteLength(paths.socket);
  if (socketBytes > MAX_SOCKET_PATH_BYTES) {
    throw new HearthError(
      'socket-path-too-long',
      `the socket path ${paths.socket} is ${socketBytes} bytes, over the ${MAX_SOCKET_PATH_BYTES} a Unix socket allows; set HEARTH_HOME (or XDG_RUNTIME_DIR) to a shorter folder`,
    );
  }
  for (const dir of [paths.config, paths.data, paths.state, paths.logs]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  mkdirSync(path.dirname(paths.runtime), { recursive: true, mode: 0o700 });
  if (createFolder(paths.runtime)) chmodSync(paths.runtime, 0o700); // the umask may have narrowed it
  verifyRuntimeDir(paths.runtime, paths.socket);
}

/** True when this call made the folder (so it is ours); false when something was there. */
function createFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
