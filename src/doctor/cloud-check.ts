import { isLocalOnly, isOnThisMachine } from '../config/privacy.js';
import { errorMessage } from '../errors.js';
import type { Check, DoctorContext } from './types.js';

export async function checkCloud(ctx: DoctorContext, timeoutMs = 3_000): Promise<Check> {
  const id = 'cloud';
  const { config } = ctx;
  if (isLocalOnly(config)) {
    // Local-only admits a local.url on a host the user allowed: then something does leave.
    const { url } = config.local;
    const message =
      url && !isOnThisMachine(url)
        ? `local-only: no cloud request; the local model at ${new URL(url).host} is another machine you allowed`
        : 'local-only: nothing leaves this machine';
    return { id, status: 'pass', message };
  }
  const { url, model, apiKey } = config.cloud;
  if (!url || !model) {
    return { id, status: 'pass', message: 'no cloud configured: every task runs locally' };
  }
  if (!apiKey) {
    return {
      id,
      status: 'warn',
      message: `cloud ${model} at ${url} is configured without an API key`,
      fix: 'set HEARTH_CLOUD_API_KEY (or OPENAI_API_KEY), or `hearth config set cloud.apiKey KEY`',
    };
  }
  // Any HTTP answer, even 401 or 404, shows the endpoint is reachable; the key is not sent.
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { id, status: 'pass', message: `cloud ${model} at ${url} is reachable` };
  } catch (error) {
    return {
      id,
      status: 'warn',
      message: `cloud ${url} did not answer within ${timeoutMs} ms: ${describeFetchError(error)}`,
      fix: 'check the network (proxy, VPN, firewall) and cloud.url; tasks run locally meanwhile',
    };
  }
}

// fetch says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, a timeout) is its cause.
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined
    ? errorMessage(error)
    : `${errorMessage(error)} (${errorMessage(cause)})`;
}
