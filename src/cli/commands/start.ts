import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { DaemonNotRunningError, HearthError } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { ensureDirs, hearthPaths } from '../../paths.js';
import { CLI_PATH } from '../../util/package-root.js';
import { sleep } from '../../util/process.js';
import { findLocalModelLine } from '../local-wait.js';
import { print } from '../output.js';

/**
 * `hearth start`: runs `hearth daemon` detached, with its console output in a file, and returns
 * once the daemon answers `status`. If the daemon exits first, the reason it printed is shown.
 */
export async function start(flagPairs: string[], timeoutMs: number): Promise<void> {
  const paths = hearthPaths();
  const running = await currentPid(paths.socket);
  if (running !== undefined) {
    print(`hearth daemon already running (pid ${running})`);
    const line = await findLocalModelLine(paths.socket, paths.userConfigFile, flagPairs);
    if (line) print(line);
    return;
  }
  ensureDirs(paths);
  const out = openSync(paths.daemonOutFile, 'w', 0o600);
  // spawn, not util/run-process: the daemon is started to outlive this command, its output to a
  // file, never waited for or timed out.
  const child = spawn(
    process.execPath,
    [CLI_PATH, ...flagPairs.flatMap((pair) => ['--config', pair]), 'daemon', '--no-console'],
    { detached: true, stdio: ['ignore', out, out], cwd: '/', env: process.env },
  );
  closeSync(out);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    const pid = await currentPid(paths.socket);
    if (pid !== undefined) {
      child.unref();
      print(`hearth daemon started (pid ${pid})`);
      const line = await findLocalModelLine(paths.socket, paths.userConfigFile, flagPairs);
      if (line) print(line);
      return;
    }
    await sleep(50);
  }
  // Let an exit that raced the last poll arrive before deciding.
  await sleep(100);
  const output = readFileSync(paths.daemonOutFile, 'utf8').trim();
  if (exited) {
    const how = exited.signal ? `signal ${exited.signal}` : `exit code ${exited.code}`;
    throw new HearthError(
      'start-failed',
      `the daemon failed to start (${how}): ${lastLines(output) || `see ${paths.logFile}`}`,
    );
  }
  child.unref();
  throw new HearthError(
    'start-timeout',
    `the daemon (pid ${child.pid}) did not answer within ${timeoutMs} ms; see ${paths.logFile}${output ? `\n${lastLines(output)}` : ''}`,
  );
}

async function currentPid(socket: string): Promise<number | undefined> {
  try {
    return (await callDaemon(socket, 'status', {}, { timeoutMs: 2000 })).pid;
  } catch (error) {
    if (error instanceof DaemonNotRunningError) return undefined;
    throw error;
  }
}

function lastLines(text: string): string {
  return text
    .split('\n')
    .slice(-5)
    .map((line) => line.replace(/^hearth: /, ''))
    .join('\n');
}
