import { loadConfig } from '../config/load.js';
import { callDaemon } from '../ipc/client.js';
import { detectLocalEndpoints } from '../providers/detect.js';
import { describeLocalWait, LOCAL_WAIT_HINT } from '../router/local-wait.js';

/**
 * One line when no local model answers now (a quick look, as the daemon's detection does):
 * docstrings and fixes will wait for one. Undefined when one answers, or the embedded engine
 * serves a configured model file.
 */
export async function describeMissingLocalModel(
  flagPairs: readonly string[],
  userConfigFile: string,
): Promise<string | undefined> {
  let local: { url: string; modelPath: string };
  try {
    local = loadConfig({ userConfigFile, env: process.env, flagPairs: [...flagPairs] }).values
      .local;
  } catch {
    return undefined; // a broken config is reported by the commands that read it
  }
  if (local.modelPath) return undefined;
  const found = await detectLocalEndpoints(
    local.url ? { candidates: [], urls: [local.url], timeoutMs: 1000 } : { timeoutMs: 1000 },
  );
  if (found.length > 0) return undefined;
  const where = local.url ? `at ${local.url}` : 'on 127.0.0.1';
  return `no local model answers ${where} yet: docstrings and fixes wait for one; ${LOCAL_WAIT_HINT}`;
}

/**
 * The line `start` and `watch` print about the local model, if any: the tasks waiting for one
 * (the daemon counts them), else whether one answers now.
 */
export async function findLocalModelLine(
  socket: string,
  userConfigFile: string,
  flagPairs: readonly string[],
): Promise<string | undefined> {
  const status = await callDaemon(socket, 'status', {}).catch(() => undefined);
  return (
    describeLocalWait(status?.waitingForLocal) ??
    (await describeMissingLocalModel(flagPairs, userConfigFile))
  );
}
