import { isOneOf, isTextList } from '../util/read-fields.js';
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

/** Whether an untrusted value (a request body's `floor`) is a whole PrivacyFloor. */
export function isPrivacyFloor(v: unknown): v is PrivacyFloor {
  if (v === null || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  return (
    typeof f.localOnly === 'boolean' &&
    isOneOf(MODES)(f.cloudMode) &&
    isOneOf(POLICIES)(f.cloudPolicy) &&
    isTextList(f.neverSend)
  );
}

/** What isPrivacyFloor wants, as a refusal says it. */
export const PRIVACY_FLOOR_SHAPE = 'a { localOnly, cloudMode, cloudPolicy, neverSend } object';

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

/** A host as compared: lower case, without IPv6 brackets. */
function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '');
}

/** A URL's host name, normalised; undefined when it is not a URL. */
function hostOf(url: string): string | undefined {
  try {
    return normaliseHost(new URL(url).hostname);
  } catch {
    return undefined;
  }
}

/**
 * True when a URL's host is this machine: a loopback address (127.0.0.0/8, ::1, their IPv4-mapped
 * form) or `localhost`. Pure.
 */
export function isOnThisMachine(url: string): boolean {
  const host = hostOf(url);
  if (host === undefined) return false;
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    /^::ffff:(127\.\d+\.\d+\.\d+|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(host)
  );
}

/**
 * Why local-only forbids the local endpoint at `url`, or undefined when it may be used: with
 * local-only on, a local endpoint must be on this machine or on a host the user listed in
 * `privacy.allowedHosts` (a user-level key; a repository cannot widen it). Pure.
 */
export function whyLocalEndpointRefused(url: string, config: HearthConfig): string | undefined {
  if (!isLocalOnly(config) || isOnThisMachine(url)) return undefined;
  const host = hostOf(url) ?? url;
  const allowed = config.privacy.allowedHosts.map(normaliseHost);
  if (allowed.includes(host)) return undefined;
  return `local-only mode is on and local.url names ${host}, which is not this machine; use a model on this machine, or list the host in privacy.allowedHosts (hearth config set privacy.allowedHosts ${host})`;
}
