import os from 'node:os';
import { EXIT, HearthError } from '../../errors.js';
import {
  formatCommand,
  installService,
  readServiceStatus,
  type ServiceAction,
  type ServicePlatform,
  type ServiceReport,
  uninstallService,
} from '../../service/service.js';
import { print, printJson } from '../output.js';

export interface ServiceCommandOptions {
  dryRun?: boolean;
  platform?: ServicePlatform;
  json?: boolean;
}

/** `hearth service install|uninstall|status [--dry-run] [--platform linux|darwin] [--json]`. */
export async function serviceCommand(
  action: ServiceAction,
  opts: ServiceCommandOptions,
): Promise<void> {
  const options = {
    platform: opts.platform ?? resolvePlatform(),
    dryRun: opts.dryRun ?? false,
    home: os.homedir(),
  };
  const report =
    action === 'install'
      ? await installService(options)
      : action === 'uninstall'
        ? await uninstallService(options)
        : await readServiceStatus(options);
  if (opts.json) printJson(report);
  else printReport(report);
  if (!report.ok) process.exitCode = EXIT.error;
}

function resolvePlatform(): ServicePlatform {
  if (process.platform === 'linux' || process.platform === 'darwin') return process.platform;
  throw new HearthError(
    'service-unsupported',
    `hearth service supports linux (systemd) and darwin (launchd), not ${process.platform}`,
    { exitCode: EXIT.usage },
  );
}

function printReport(report: ServiceReport): void {
  if (report.dryRun && report.content !== undefined) {
    print(`${report.file}:`);
    print(report.content.trimEnd());
    print();
  }
  if (report.action === 'status') printStatus(report);
  for (const message of report.messages) print(message);
  if (report.dryRun) {
    print('would run:');
    for (const step of report.commands) print(`  ${formatCommand(step.argv)}`);
  }
  for (const line of report.manual) print(`  ${line}`);
  if (!report.managerAvailable && report.fileExists && report.action === 'install') {
    print(`the service file is written at ${report.file}`);
  }
}

function printStatus(report: ServiceReport): void {
  const file = !report.fileExists
    ? 'not installed'
    : report.fileCurrent
      ? 'installed'
      : 'installed, but differs from what `hearth service install` would write now';
  print(`service file: ${report.file} (${file})`);
  const state = report.state;
  if (state?.enabled !== undefined) print(`enabled: ${state.enabled}, active: ${state.active}`);
  if (state?.loaded !== undefined) print(`loaded in launchd: ${state.loaded ? 'yes' : 'no'}`);
}
