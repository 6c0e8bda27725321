import { runDaemon } from '../../daemon/run-daemon.js';

/** `hearth daemon`: runs until stopped, then exits 0 even if a part was slow to close. */
export async function runDaemonCommand(flagPairs: string[], console: boolean): Promise<void> {
  await runDaemon({ flagPairs, console });
  process.exit(0);
}
