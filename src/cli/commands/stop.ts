import { HearthError } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { hearthPaths } from '../../paths.js';
import { isAlive, sleep } from '../../util/process.js';
import { print } from '../output.js';

/** `hearth stop`: asks the daemon to stop and waits until its process is gone. */
export async function stop(): Promise<void> {
  const { pid } = await callDaemon(hearthPaths().socket, 'stop', {});
  const deadline = Date.now() + 10_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      throw new HearthError(
        'stop-timeout',
        `the daemon (pid ${pid}) is still running 10 s after it was asked to stop`,
      );
    }
    await sleep(25);
  }
  print(`hearth daemon stopped (pid ${pid})`);
}
