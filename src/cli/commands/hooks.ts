import { EXIT } from '../../errors.js';
import {
  type HookEntry,
  type HookReport,
  installHooks,
  readHookStatus,
  uninstallHooks,
} from '../../service/hooks.js';
import { print, printJson } from '../output.js';

export type HooksAction = 'install' | 'uninstall' | 'status';

/** `hearth hooks install|uninstall|status [PATH] [--json]`; exits 1 when install refused a hook. */
export async function hooksCommand(
  action: HooksAction,
  target: string | undefined,
  opts: { json?: boolean },
): Promise<void> {
  const repo = target ?? '.';
  const report =
    action === 'install'
      ? await installHooks(repo)
      : action === 'uninstall'
        ? await uninstallHooks(repo)
        : await readHookStatus(repo);
  if (opts.json) printJson(report);
  else printReport(action, report);
  if (report.hooks.some((hook) => hook.refused)) process.exitCode = EXIT.error;
}

function printReport(action: HooksAction, report: HookReport): void {
  print(`hooks folder: ${report.hooksDir}`);
  for (const hook of report.hooks) print(`  ${hook.name.padEnd(14)} ${describeHook(hook)}`);
  for (const message of report.messages) print(message);
  // The manager's message ends in "add to <config>:"; these are the lines it means.
  const manager = report.manager;
  if (manager && !manager.present && action !== 'uninstall') {
    for (const line of manager.lines) print(`    ${line}`);
  }
}

function describeHook(hook: HookEntry): string {
  if (hook.outdated) return `${hook.state}, outdated: run \`hearth hooks install\` again`;
  if (hook.refused) return `${hook.state}, not installed: ${hook.refused}`;
  if (hook.managedBy) return `${hook.state}, left to ${hook.managedBy}`;
  if (hook.state === 'chained') return 'chained (your previous hook runs first)';
  if (hook.state === 'foreign') return "foreign (not hearth's; left alone)";
  return hook.state;
}
