import type { HearthConfig } from './schema.js';

/**
 * True when no request may reach a cloud endpoint: HEARTH_LOCAL_ONLY / `localOnly`,
 * `cloud.mode: "off"`, or a `cloud.policy` of `never` (from the user or a repo file).
 */
export function isLocalOnly(config: HearthConfig): boolean {
  return config.localOnly || config.cloud.mode === 'off' || config.cloud.policy === 'never';
}

/**
 * The privacy settings a piece of work carries with it: the caller's (a CLI run with
 * HEARTH_LOCAL_ONLY=1 or `-c localOnly=true`) travel with its request to the daemon, and a task
 * keeps the strictest it ever had, whatever the daemon's own config or a later re-route says.
 */
export interface PrivacyFloor {
  localOnly: boolean;
  cloudMode: HearthConfig['cloud']['mode'];
  cloudPolicy: HearthConfig['cloud']['policy'];
  neverSend: readonly string[];
}

// Loosest first, as in the schema.
const MODES: readonly PrivacyFloor['cloudMode'][] = ['auto', 'off'];
const POLICIES: readonly PrivacyFloor['cloudPolicy'][] = ['allow', 'ask', 'never'];

export function readPrivacyFloor(config: HearthConfig): PrivacyFloor {
  return {
    localOnly: config.localOnly,
    cloudMode: config.cloud.mode,
    cloudPolicy: config.cloud.policy,
    neverSend: config.neverSend,
  };
}

/** The config with each privacy setting at least as strict as the floor's. Pure. */
export function applyPrivacyFloor(config: HearthConfig, floor?: PrivacyFloor): HearthConfig {
  if (!floor) return config;
  const stricter = <T>(order: readonly T[], a: T, b: T): T =>
    order.indexOf(a) >= order.indexOf(b) ? a : b;
  return {
    ...config,
    localOnly: config.localOnly || floor.localOnly,
    cloud: {
      ...config.cloud,
      mode: stricter(MODES, config.cloud.mode, floor.cloudMode),
      policy: stricter(POLICIES, config.cloud.policy, floor.cloudPolicy),
    },
    neverSend: [...new Set([...config.neverSend, ...floor.neverSend])],
  };
}
