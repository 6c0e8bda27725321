import { checkCloud } from './cloud-check.js';
import { checkGpu } from './gpu.js';
import { guardCheck } from './guard.js';
import { findLocalTarget, type LocalTarget } from './local-target.js';
import { checkContextWindow, checkLocalEndpoint, checkLocalGeneration } from './model-checks.js';
import { checkHooks, checkInotify, checkTrust } from './repo-checks.js';
import { checkConfig, checkStateFiles } from './state-checks.js';
import { checkDaemon, checkGit, checkNode, checkPower, checkService } from './system-checks.js';
import type { Check, DoctorContext } from './types.js';

/**
 * Runs every doctor check in order; none throws, so the list always has all fifteen (and one
 * more `state-files` line per further damaged file).
 */
export async function runDoctorChecks(ctx: DoctorContext): Promise<Check[]> {
  let target: Promise<LocalTarget> | undefined;
  // The three model checks share one probe of the local endpoint.
  const local = () => {
    target ??= findLocalTarget(ctx);
    return target;
  };
  const steps: Array<[string, () => Promise<Check>]> = [
    ['node', () => checkNode(ctx)],
    ['git', () => checkGit()],
    ['daemon', () => checkDaemon(ctx)],
    ['inotify', () => checkInotify(ctx)],
    ['local-endpoint', async () => checkLocalEndpoint(ctx, await local())],
    ['local-generation', async () => checkLocalGeneration(ctx, await local())],
    ['context-window', async () => checkContextWindow(await local())],
    ['gpu', () => checkGpu(ctx)],
    ['power', () => checkPower(ctx)],
    ['cloud', () => checkCloud(ctx)],
    ['service', () => checkService(ctx)],
    ['hooks', () => checkHooks(ctx)],
    ['trust', () => checkTrust(ctx)],
    ['config', async () => checkConfig(ctx.configError)],
  ];
  const checks: Check[] = [];
  for (const [id, run] of steps) checks.push(await guardCheck(id, run));
  // One line per damaged file, so each says which file went where.
  try {
    checks.push(...checkStateFiles(ctx));
  } catch (error) {
    checks.push(await guardCheck('state-files', () => Promise.reject(error)));
  }
  return checks;
}
