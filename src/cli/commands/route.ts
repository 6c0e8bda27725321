import { callDaemon } from '../../ipc/client.js';
import { hearthPaths } from '../../paths.js';
import type { RouteRequest } from '../../runner/types.js';
import { print, printJson } from '../output.js';

/**
 * `hearth route --explain ...`: where a task of this shape would run now, and why, from the
 * daemon's config and its view of the network. Nothing is queued or sent.
 */
export async function routeExplain(request: RouteRequest, opts: { json?: boolean }): Promise<void> {
  const { decision, reason } = await callDaemon(hearthPaths().socket, 'route', request);
  if (opts.json) printJson({ decision, reason });
  else print(`${decision}: ${reason}`);
}
