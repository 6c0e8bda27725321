import { DaemonNotRunningError } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import type { StatusResponse } from '../../ipc/protocol.js';
import { hearthPaths } from '../../paths.js';
import type { RepoInfo } from '../../repos/types.js';
import { describeLocalWait } from '../../router/local-wait.js';
import { formatDuration, print, printJson } from '../output.js';

/** `hearth status [--json]`; exits 3 when no daemon answers (with `{"running":false}` in JSON). */
export async function status(opts: { json?: boolean }): Promise<void> {
  let answer: Awaited<ReturnType<typeof callDaemon<'status'>>>;
  try {
    answer = await callDaemon(hearthPaths().socket, 'status', {});
  } catch (error) {
    if (opts.json && error instanceof DaemonNotRunningError) printJson({ running: false });
    throw error;
  }
  if (opts.json) {
    printJson({ running: true, ...answer });
    return;
  }
  print(
    `hearth ${answer.version} running (pid ${answer.pid}, up ${formatDuration(answer.uptimeMs)})`,
  );
  print(`home        ${answer.home}`);
  print(`local-only  ${answer.localOnly ? 'yes: nothing is sent to a cloud model' : 'no'}`);
  const envSaysLocal = /^(1|true|yes|on)$/i.test(process.env.HEARTH_LOCAL_ONLY ?? '');
  if (envSaysLocal && !answer.localOnly) {
    print(
      '            (HEARTH_LOCAL_ONLY is set here, but the daemon was started without it: restart it)',
    );
  }
  if (answer.config.error) print(`config      last change refused: ${answer.config.error}`);
  for (const warning of answer.config.warnings) print(`config      ${warning}`);
  for (const line of answer.damaged ?? []) print(`damaged     ${line}`);
  print(`models      cloud ${answer.network}, local ${answer.local}`);
  const waiting = describeLocalWait(answer.waitingForLocal);
  if (waiting) print(`waiting     ${waiting}`);
  print(`power       ${describePower(answer.power)}`);
  const scheduled = answer.scheduledReviews;
  if (scheduled)
    print(
      `reviews     scheduled "${scheduled.schedule}": ${scheduled.error ?? `next at ${scheduled.next ?? 'never'}`}`,
    );
  const queued = Object.entries(answer.queue).filter(([, n]) => n > 0);
  print(
    `queue       ${queued.length ? queued.map(([status, n]) => `${n} ${status}`).join(', ') : 'empty'}`,
  );
  print(`repos       ${answer.repos.length}`);
  printRepoLines(answer.repos);
}

/** One line on the battery and what it holds back. */
export function describePower(power: StatusResponse['power']): string {
  const { source, percent, threshold } = power;
  if (threshold === 0) return 'not watched (power.batteryThreshold is 0)';
  if (source === 'none') return 'no battery';
  if (source === 'unknown')
    return power.error ? `battery unreadable (${power.error}): nothing waits` : 'not read yet';
  const level = percent === null ? '' : ` at ${percent}%`;
  if (source === 'ac') return percent === null ? 'on AC' : `on AC, battery ${percent}%`;
  if (!power.saving) return `on battery${level} (background local tasks wait below ${threshold}%)`;
  const tasks =
    power.held === 1
      ? '1 background local task waits'
      : `${power.held} background local tasks wait`;
  return `on battery${level}, below ${threshold}%: ${tasks}; interactive ones run`;
}

/** One line per repository: its state, path and what it holds (`status` and `repos`). */
export function printRepoLines(list: readonly RepoInfo[]): void {
  for (const repo of list) {
    const details = [
      repo.files === undefined ? undefined : `${repo.files} files`,
      repo.suggestions
        ? `${repo.suggestions} open suggestion${repo.suggestions === 1 ? '' : 's'}`
        : undefined,
      repo.reviewsArrived
        ? `${repo.reviewsArrived} new review${repo.reviewsArrived === 1 ? '' : 's'}: hearth reviews`
        : undefined,
      repo.lastAnalyzed
        ? `last analysed ${repo.lastAnalyzed.path} at ${repo.lastAnalyzed.at}`
        : undefined,
      repo.problem,
    ].filter(Boolean);
    print(
      `  ${repo.state.padEnd(9)} ${repo.path}${details.length ? `  (${details.join('; ')})` : ''}`,
    );
  }
}
