import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { atomicWriteFile } from '../util/atomic-write.js';
import { quoteSh } from './hook-script.js';
import { buildPlan, type Plan } from './service-plan.js';
import { describeShellOnlySettings } from './shell-settings.js';

export type ServicePlatform = 'linux' | 'darwin';
export type ServiceAction = 'install' | 'uninstall' | 'status';
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
export type RunCommand = (cmd: string, args: string[]) => Promise<CommandResult>;

export interface ServiceOptions {
  platform: ServicePlatform;
  dryRun: boolean;
  /** The user's home folder: os.homedir(), or a temp folder in tests. */
  home: string;
  run?: RunCommand;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  node?: string;
  cli?: string;
}

export interface ServiceReport {
  action: ServiceAction;
  platform: ServicePlatform;
  dryRun: boolean;
  file: string;
  fileExists: boolean;
  /** The file holds exactly what install would write. */
  fileCurrent: boolean;
  /** What install writes; set on a dry run. */
  content?: string;
  /** Run (or, on a dry run, to be run) in order; `code` once run. */
  commands: Array<{ argv: string[]; code?: number }>;
  /** False when no user service manager answered (no bus, no systemctl or launchctl). */
  managerAvailable: boolean;
  /** Commands left for the user to run by hand. */
  manual: string[];
  messages: string[];
  state?: { enabled?: string; active?: string; loaded?: boolean };
  ok: boolean;
}

const LINGER_HINT =
  'to keep the daemon running while you are logged out: loginctl enable-linger $USER';

/**
 * Writes the file and starts the service. Over an earlier install (an upgrade moved node or the
 * CLI), the running daemon is restarted with the new file when it changed.
 */
export async function installService(options: ServiceOptions): Promise<ServiceReport> {
  const plan = buildPlan(options);
  const report = startReport('install', options, plan);
  report.messages.push(...describeShellOnlySettings(options.env ?? process.env));
  const previous = existsSync(plan.file) ? readFileSync(plan.file, 'utf8') : undefined;
  const before = previous === undefined ? [] : plan.reinstall.before;
  const restart = previous !== undefined && previous !== plan.content ? plan.reinstall.restart : [];
  if (options.dryRun)
    return planOnly(
      report,
      plan,
      [...before, ...plan.start, ...restart],
      `would write ${plan.file}`,
    );
  mkdirSync(path.dirname(plan.file), { recursive: true });
  if (plan.logDir) mkdirSync(plan.logDir, { recursive: true });
  atomicWriteFile(plan.file, plan.content, 0o644);
  report.messages.push(
    previous === undefined || previous === plan.content
      ? `wrote ${plan.file}`
      : `wrote ${plan.file} (it changed: the service is restarted with it)`,
  );
  if ((await runSteps(report, options, before, true)) === 'missing') {
    report.manual.push(...[...plan.start, ...restart].map(formatCommand));
    return finishReport(report, plan);
  }
  let outcome = await runSteps(report, options, plan.start, false);
  if (outcome === 'ok') outcome = await runSteps(report, options, restart, false);
  if (outcome === 'ok' && options.platform === 'linux') report.messages.push(LINGER_HINT);
  return finishReport(report, plan);
}

export async function uninstallService(options: ServiceOptions): Promise<ServiceReport> {
  const plan = buildPlan(options);
  const report = startReport('uninstall', options, plan);
  const remove = ['rm', '-f', plan.file];
  if (options.dryRun) {
    return planOnly(
      report,
      plan,
      [...plan.stop, remove, ...plan.after],
      `would remove ${plan.file}`,
    );
  }
  if ((await runSteps(report, options, plan.stop, true)) === 'missing') {
    // Leave the file: the manager has to be told first, and it needs the file to do so.
    report.manual.push(...[remove, ...plan.after].map(formatCommand));
    return finishReport(report, plan);
  }
  if (existsSync(plan.file)) {
    rmSync(plan.file, { force: true });
    report.messages.push(`removed ${plan.file}`);
  } else report.messages.push(`no service file at ${plan.file}`);
  await runSteps(report, options, plan.after, false);
  return finishReport(report, plan);
}

export async function readServiceStatus(options: ServiceOptions): Promise<ServiceReport> {
  const plan = buildPlan(options);
  const report = startReport('status', options, plan);
  const results: CommandResult[] = [];
  for (const argv of plan.query) {
    const result = await runOne(report, options, argv);
    if (isManagerMissing(result)) {
      noteMissing(report, result, plan.query);
      return finishReport(report, plan);
    }
    results.push(result);
  }
  const answer = (index: number) => results[index]?.stdout.trim() || 'unknown';
  report.state =
    options.platform === 'linux'
      ? { enabled: answer(0), active: answer(1) }
      : { loaded: results[0]?.code === 0 };
  return finishReport(report, plan);
}

type Outcome = 'ok' | 'missing' | 'failed';

/** Runs steps in order; stops at the first failure unless `tolerate` (a stop of a stopped unit). */
async function runSteps(
  report: ServiceReport,
  options: ServiceOptions,
  steps: string[][],
  tolerate: boolean,
): Promise<Outcome> {
  for (const [index, argv] of steps.entries()) {
    const result = await runOne(report, options, argv);
    if (result.code === 0) continue;
    if (isManagerMissing(result)) {
      noteMissing(report, result, steps.slice(index));
      return 'missing';
    }
    const detail = `\`${formatCommand(argv)}\` exited ${result.code}: ${firstLine(result)}`;
    if (tolerate) {
      report.messages.push(`${detail} (continuing)`);
      continue;
    }
    report.ok = false;
    report.messages.push(detail);
    report.manual.push(...steps.slice(index).map(formatCommand));
    return 'failed';
  }
  return 'ok';
}

async function runOne(report: ServiceReport, options: ServiceOptions, argv: string[]) {
  const [cmd = '', ...args] = argv;
  const result = await (options.run ?? runCommand)(cmd, args);
  report.commands.push({ argv, code: result.code });
  return result;
}

function noteMissing(report: ServiceReport, result: CommandResult, left: string[][]): void {
  report.ok = false;
  report.managerAvailable = false;
  const manager = report.platform === 'linux' ? 'systemd user instance' : 'launchd GUI session';
  report.messages.push(`no ${manager} is available here (${firstLine(result)}); run by hand:`);
  report.manual.push(...left.map(formatCommand));
}

/** No bus, no user manager, no binary: the manager is absent, not the unit broken. */
export function isManagerMissing(result: CommandResult): boolean {
  const missing =
    /failed to connect to (the )?bus|no medium found|not been booted with systemd|DBUS_SESSION_BUS_ADDRESS|could not find domain|domain does not support|command not found/i;
  return result.code === 127 || missing.test(result.stderr);
}

// execFile, not util/run-process: a service manager (launchctl, systemctl) is asked, not a tool
// run in its own process group, and a missing one is told apart by its exit code 127.
export function runCommand(cmd: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (!error) return resolve({ code: 0, stdout, stderr });
      if (error.code === 'ENOENT')
        return resolve({ code: 127, stdout, stderr: `${cmd}: command not found` });
      resolve({
        code: typeof error.code === 'number' ? error.code : 1,
        stdout,
        stderr: stderr || error.message,
      });
    });
  });
}

function startReport(action: ServiceAction, options: ServiceOptions, plan: Plan): ServiceReport {
  return {
    action,
    platform: options.platform,
    dryRun: options.dryRun,
    file: plan.file,
    fileExists: false,
    fileCurrent: false,
    commands: [],
    managerAvailable: true,
    manual: [],
    messages: [],
    ok: true,
  };
}

function planOnly(report: ServiceReport, plan: Plan, steps: string[][], message: string) {
  report.content = plan.content;
  report.commands = steps.map((argv) => ({ argv }));
  report.messages.push(message);
  return finishReport(report, plan);
}

function finishReport(report: ServiceReport, plan: Plan): ServiceReport {
  report.fileExists = existsSync(plan.file);
  report.fileCurrent = report.fileExists && readFileSync(plan.file, 'utf8') === plan.content;
  return report;
}

export function formatCommand(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : quoteSh(a))).join(' ');
}

function firstLine(result: CommandResult): string {
  return result.stderr.trim().split('\n')[0] || `exit code ${result.code}`;
}
