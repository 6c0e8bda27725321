import type { HearthConfig } from './schema.js';

/**
 * True when no request may reach a cloud endpoint: HEARTH_LOCAL_ONLY / `localOnly`,
 * `cloud.mode: "off"`, or a `cloud.policy` of `never` (from the user or a repo file).
 */
export function isLocalOnly(config: HearthConfig): boolean {
  return config.localOnly || config.cloud.mode === 'off' || config.cloud.policy === 'never';
}
