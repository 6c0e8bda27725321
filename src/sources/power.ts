import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import { withTimeout } from '../util/timeout.js';
import { readSysfsBattery } from './battery-sysfs.js';

/** The fields of systeminformation's `battery()` answer that hearth uses. */
export interface BatteryReading {
  hasBattery: boolean;
  acConnected: boolean;
  percent: number;
}

export interface PowerState {
  /** `none`: no battery (a desktop, a server); `unknown`: the battery could not be read. */
  source: 'ac' | 'battery' | 'none' | 'unknown';
  percent: number | null;
  /** `power.batteryThreshold`: below this, on battery, background local work waits. */
  threshold: number;
  /** Background local model work waits now. */
  saving: boolean;
  /** When the battery was last read (ISO time), null before the first reading. */
  checkedAt: string | null;
  /** Why the battery could not be read. */
  error?: string;
}

export interface PowerSettings {
  batteryThreshold: number;
  pollMs: number;
}

/**
 * Whether to save power: only on battery and below the threshold. A machine without a battery,
 * or one whose battery cannot be read, never holds work back.
 */
export function evaluatePower(
  reading: BatteryReading | undefined,
  threshold: number,
  checkedAt: Date | null = null,
  error?: string,
): PowerState {
  const at = checkedAt?.toISOString() ?? null;
  if (!reading)
    return { source: 'unknown', percent: null, threshold, saving: false, checkedAt: at, error };
  if (!reading.hasBattery)
    return { source: 'none', percent: null, threshold, saving: false, checkedAt: at };
  const percent = Number.isFinite(reading.percent) ? Math.round(reading.percent) : null;
  const source = reading.acConnected ? 'ac' : 'battery';
  return {
    source,
    percent,
    threshold,
    saving: shouldSave(source, percent, threshold),
    checkedAt: at,
  };
}

function shouldSave(source: PowerState['source'], percent: number | null, threshold: number) {
  return source === 'battery' && percent !== null && percent < threshold;
}

/**
 * Reads the machine's battery: from sysfs on Linux (battery-sysfs.ts), elsewhere with
 * systeminformation (pmset/ioreg on macOS), imported on first use. `HEARTH_BATTERY_FILE` names a
 * JSON file read instead: a stand-in for the tests, since the machines they run on have no
 * battery.
 */
export function batteryReader(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): () => Promise<BatteryReading> {
  const file = env.HEARTH_BATTERY_FILE;
  if (file) return () => readBatteryFile(file);
  if (platform === 'linux') return () => readSysfsBattery();
  return async () => {
    const { default: si } = await import('systeminformation');
    return si.battery();
  };
}

async function readBatteryFile(file: string): Promise<BatteryReading> {
  const value = JSON.parse(await readFile(file, 'utf8')) as Partial<BatteryReading>;
  if (
    typeof value?.hasBattery !== 'boolean' ||
    typeof value.acConnected !== 'boolean' ||
    typeof value.percent !== 'number'
  )
    throw new Error(`${file} needs { hasBattery, acConnected, percent }`);
  return { hasBattery: value.hasBattery, acConnected: value.acConnected, percent: value.percent };
}

/** A reading that takes longer (a stuck pmset) counts as unreadable; the next poll tries again. */
const READ_TIMEOUT_MS = 30_000;

export interface PowerEvents {
  /** The source, the decision to save power, or the reading's error changed. */
  change: [state: PowerState];
}

/**
 * Knows whether the machine is on a low battery. Reads the battery at start and then rarely
 * (`power.pollMs`, two minutes by default): the reading is cheap on Linux but starts processes
 * on macOS, and a battery drains slowly. With `power.batteryThreshold` 0 it never reads at all.
 */
export class PowerMonitor extends EventEmitter<PowerEvents> {
  readonly #read: () => Promise<BatteryReading>;
  #settings: PowerSettings;
  #state: PowerState;
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> | undefined;
  #closed = false;

  constructor(settings: PowerSettings, read: () => Promise<BatteryReading> = batteryReader()) {
    super();
    this.#read = read;
    this.#settings = settings;
    this.#state = evaluatePower(undefined, settings.batteryThreshold);
  }

  state(): PowerState {
    return this.#state;
  }

  /** Reads the battery now and then every `pollMs`; resolves after the first reading. */
  start(): Promise<void> {
    this.#schedule();
    return this.poll();
  }

  /** New settings from a config change: a new threshold applies at once, a new interval next. */
  configure(settings: PowerSettings): void {
    const pollChanged = settings.pollMs !== this.#settings.pollMs;
    const enabledChanged =
      (settings.batteryThreshold === 0) !== (this.#settings.batteryThreshold === 0);
    this.#settings = settings;
    if (pollChanged || enabledChanged) this.#schedule();
    if (enabledChanged && settings.batteryThreshold > 0) void this.poll();
    else {
      const { source, percent } = this.#state;
      const threshold = settings.batteryThreshold;
      this.#update({ ...this.#state, threshold, saving: shouldSave(source, percent, threshold) });
    }
  }

  /** One reading; never rejects (an unreadable battery is state `unknown`, which saves nothing). */
  poll(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#settings.batteryThreshold === 0) {
      this.#update(evaluatePower(undefined, this.#settings.batteryThreshold));
      return Promise.resolve();
    }
    this.#reading ??= withTimeout(this.#read(), READ_TIMEOUT_MS, 'battery reading')
      .then(
        (reading) => evaluatePower(reading, this.#settings.batteryThreshold, new Date()),
        (error) =>
          evaluatePower(
            undefined,
            this.#settings.batteryThreshold,
            new Date(),
            errorMessage(error),
          ),
      )
      .then((state) => this.#update(state))
      .finally(() => {
        this.#reading = undefined;
      });
    return this.#reading;
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#closed || this.#settings.batteryThreshold === 0) return;
    this.#timer = setInterval(() => void this.poll(), this.#settings.pollMs);
    this.#timer.unref();
  }

  /** Stores the state; emits `change` when the source, the decision or the error moved. */
  #update(state: PowerState): void {
    const previous = this.#state;
    this.#state = state;
    if (
      previous.source !== state.source ||
      previous.saving !== state.saving ||
      previous.error !== state.error
    )
      this.emit('change', state);
  }
}
