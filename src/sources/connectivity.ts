import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';

export type Tier = 'local' | 'cloud';
export type Reachability = 'unknown' | 'up' | 'down';

export interface ConnectivityEvents {
  online: [];
  offline: [];
  'local-up': [];
  'local-down': [];
}

export interface ConnectivityOptions {
  minMs: number;
  maxMs: number;
  /** Consecutive failures before an endpoint counts as down (3), and successes before up (2). */
  failuresToDown?: number;
  successesToUp?: number;
  probeTimeoutMs?: number;
  /** How often interfaces and the wall clock are checked for a change or a jump (sleep, wake). */
  watchIntervalMs?: number;
  probe?: (url: string, timeoutMs: number) => Promise<boolean>;
  random?: () => number;
  /** The longest interval for the local endpoint: a model the user starts is seen within it. */
  localMaxMs?: number;
}

interface Target {
  url: string;
  state: Reachability;
  failures: number;
  successes: number;
  intervalMs: number;
  timer: NodeJS.Timeout | undefined;
  probing: boolean;
}

const EVENTS: Record<Tier, { up: keyof ConnectivityEvents; down: keyof ConnectivityEvents }> = {
  cloud: { up: 'online', down: 'offline' },
  local: { up: 'local-up', down: 'local-down' },
};

/**
 * Knows whether the cloud endpoint and the local endpoint answer. Probes only an endpoint in
 * use (set with `use`), so nothing is contacted at start-up or in local-only mode. Down after 3
 * consecutive failures, up after 2 successes (a first success from unknown is enough; one for the local endpoint); real
 * requests count too (`report`). The interval backs off from minMs to maxMs with jitter while
 * nothing changes, and starts over at once when the network interfaces change or the wall clock
 * jumps (the machine slept).
 */
export class ConnectivityMonitor extends EventEmitter<ConnectivityEvents> {
  readonly #options: Required<ConnectivityOptions>;
  readonly #targets = new Map<Tier, Target>();
  #watchTimer: NodeJS.Timeout | undefined;
  #lastTick = Date.now();
  #lastInterfaces = interfacesKey();
  #closed = false;

  constructor(options: ConnectivityOptions) {
    super();
    this.#options = {
      failuresToDown: 3,
      successesToUp: 2,
      probeTimeoutMs: 5000,
      watchIntervalMs: 2000,
      probe: probeHttp,
      random: Math.random,
      localMaxMs: 30_000,
      ...options,
    };
  }

  state(tier: Tier): Reachability {
    return this.#targets.get(tier)?.state ?? 'unknown';
  }

  /** Starts probing `url` for this tier at once, or stops when `url` is undefined. */
  use(tier: Tier, url: string | undefined): void {
    const current = this.#targets.get(tier);
    if (current?.url === url) return;
    if (current) clearTimeout(current.timer);
    this.#targets.delete(tier);
    if (!url || this.#closed) return;
    const target: Target = {
      url,
      state: 'unknown',
      failures: 0,
      successes: 0,
      intervalMs: this.#options.minMs,
      timer: undefined,
      probing: false,
    };
    this.#targets.set(tier, target);
    this.#watchEnvironment();
    void this.#probe(tier, target);
  }

  /** The outcome of a real request to the tier's endpoint counts like a probe. */
  report(tier: Tier, ok: boolean): void {
    const target = this.#targets.get(tier);
    if (target) this.#record(tier, target, ok);
  }

  /**
   * A real request found nothing listening (connection refused, no server detected): the
   * endpoint is down now, not after more failures, and probed again from the shortest interval.
   */
  markDown(tier: Tier): void {
    const target = this.#targets.get(tier);
    if (!target) return;
    target.successes = 0;
    target.failures = Math.max(target.failures, this.#options.failuresToDown - 1);
    this.#record(tier, target, false);
    target.intervalMs = this.#options.minMs;
    if (!target.probing) {
      clearTimeout(target.timer);
      target.timer = setTimeout(() => void this.#probe(tier, target), target.intervalMs);
      target.timer.unref();
    }
  }

  /** Probes every endpoint in use now, with the interval back at its minimum. */
  probeNow(): void {
    for (const [tier, target] of this.#targets) {
      target.intervalMs = this.#options.minMs;
      void this.#probe(tier, target);
    }
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#watchTimer);
    for (const target of this.#targets.values()) clearTimeout(target.timer);
    this.#targets.clear();
  }

  async #probe(tier: Tier, target: Target): Promise<void> {
    if (target.probing || this.#closed) return;
    clearTimeout(target.timer);
    target.probing = true;
    const ok = await this.#options
      .probe(target.url, this.#options.probeTimeoutMs)
      .catch(() => false);
    target.probing = false;
    if (this.#targets.get(tier) !== target) return; // replaced or closed meanwhile
    const changed = this.#record(tier, target, ok);
    const maxMs =
      tier === 'local'
        ? Math.min(this.#options.maxMs, this.#options.localMaxMs)
        : this.#options.maxMs;
    target.intervalMs = changed ? this.#options.minMs : Math.min(target.intervalMs * 2, maxMs);
    const jitter = 0.8 + 0.4 * this.#options.random();
    target.timer = setTimeout(
      () => void this.#probe(tier, target),
      Math.round(target.intervalMs * jitter),
    );
    target.timer.unref();
  }

  /** Counts one outcome; returns true when the endpoint's state changed. */
  #record(tier: Tier, target: Target, ok: boolean): boolean {
    if (ok) {
      target.failures = 0;
      target.successes++;
    } else {
      target.successes = 0;
      target.failures++;
    }
    // A local server that answers once is up: on this machine nothing flaps like a network.
    const successesToUp = tier === 'local' ? 1 : this.#options.successesToUp;
    const next: Reachability =
      ok && (target.state === 'unknown' || target.successes >= successesToUp)
        ? 'up'
        : !ok && target.failures >= this.#options.failuresToDown
          ? 'down'
          : target.state;
    if (next === target.state) return false;
    target.state = next;
    this.emit(next === 'up' ? EVENTS[tier].up : EVENTS[tier].down);
    return true;
  }

  #watchEnvironment(): void {
    if (this.#watchTimer) return;
    const every = this.#options.watchIntervalMs;
    this.#lastTick = Date.now();
    this.#watchTimer = setInterval(() => {
      const now = Date.now();
      const jumped = Math.abs(now - this.#lastTick - every) > every + 5000;
      this.#lastTick = now;
      const interfaces = interfacesKey();
      const changed = interfaces !== this.#lastInterfaces;
      this.#lastInterfaces = interfaces;
      if (jumped || changed) this.probeNow();
    }, every);
    this.#watchTimer.unref();
  }
}

/** os.networkInterfaces() is cheap (systeminformation's equivalent blocks for ~90 ms). */
function interfacesKey(): string {
  return Object.entries(os.networkInterfaces())
    .flatMap(([name, list]) => (list ?? []).map((i) => `${name}:${i.address}`))
    .sort()
    .join(',');
}

/** Any HTTP answer, whatever its status, means the endpoint is reachable. */
export function probeHttp(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
