import os from 'node:os';
import { loadConfig } from '../../config/load.js';
import { resolveConfig } from '../../config/resolve.js';
import type { HearthConfig } from '../../config/schema.js';
import { runDoctorChecks } from '../../doctor/checks.js';
import { type Check, DEFAULT_SLOW_GENERATION_MS } from '../../doctor/types.js';
import { ConfigError } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { print, printJson, printParts } from '../output.js';

export interface DoctorOptions {
  json?: boolean;
  /** A test chat slower than this warns; default 10 s. */
  slowGenerationMs?: number;
  /** Where the service files are looked for; default: the user's home. */
  homedir?: string;
}

/** `hearth doctor [--json]`: every check with a fix; exit code 1 when any check fails. */
export async function doctor(opts: DoctorOptions, flagPairs: string[] = []): Promise<void> {
  const paths = hearthPaths();
  // A refused config is one failing check, not the end of the doctor: the rest use the defaults.
  let config: HearthConfig;
  let configError: string | undefined;
  try {
    config = loadConfig({
      userConfigFile: paths.userConfigFile,
      env: process.env,
      flagPairs,
    }).values;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configError = error.message;
    config = resolveConfig({ env: {} }).values;
  }
  const checks = await runDoctorChecks({
    config,
    configError,
    paths,
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    homedir: opts.homedir ?? os.homedir(),
    nodeVersion: process.versions.node,
    slowGenerationMs: opts.slowGenerationMs ?? DEFAULT_SLOW_GENERATION_MS,
  });
  if (opts.json) printJson({ checks: checks.map(toJson) });
  else printChecks(checks);
  if (checks.some((check) => check.status === 'fail')) process.exitCode = 1;
}

// Keeps the key order stable and `fix` present (null) in every entry.
function toJson({ id, status, message, fix }: Check) {
  return { id, status, message, fix: fix ?? null };
}

const STATUS_STYLE = { pass: 'green', warn: 'yellow', fail: 'red' } as const;

function printChecks(checks: readonly Check[]): void {
  for (const check of checks) {
    const word = { style: STATUS_STYLE[check.status], text: check.status.toUpperCase().padEnd(4) };
    printParts([word, `  ${check.id.padEnd(16)}  ${check.message}`]);
    for (const line of check.fix?.split('\n') ?? []) print(`      fix: ${line}`);
  }
  const count = (status: Check['status']) => checks.filter((c) => c.status === status).length;
  print(`\n${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed`);
}
