import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describePower } from '../../../src/cli/commands/status.js';
import {
  type BatteryReading,
  batteryReader,
  evaluatePower,
  PowerMonitor,
  type PowerState,
} from '../../../src/sources/power.js';
import { waitFor } from '../../helpers/hearth.js';

const onBattery = (percent: number): BatteryReading => ({
  hasBattery: true,
  acConnected: false,
  percent,
});

describe('evaluatePower', () => {
  it('saves power only on battery below the threshold', () => {
    expect(evaluatePower(onBattery(29), 30)).toMatchObject({ source: 'battery', saving: true });
    expect(evaluatePower(onBattery(30), 30)).toMatchObject({ source: 'battery', saving: false });
    expect(evaluatePower({ ...onBattery(5), acConnected: true }, 30)).toMatchObject({
      source: 'ac',
      percent: 5,
      saving: false,
    });
    expect(evaluatePower(onBattery(5), 0)).toMatchObject({ saving: false });
  });

  it('never saves on a machine without a battery or with an unreadable one', () => {
    expect(evaluatePower({ hasBattery: false, acConnected: true, percent: 0 }, 100)).toMatchObject({
      source: 'none',
      percent: null,
      saving: false,
    });
    expect(evaluatePower(undefined, 100, null, 'pmset failed')).toMatchObject({
      source: 'unknown',
      saving: false,
      error: 'pmset failed',
    });
    expect(evaluatePower(onBattery(Number.NaN), 100)).toMatchObject({
      percent: null,
      saving: false,
    });
  });
});

/** A battery the test sets by hand, counting how often it is read. */
function fakeBattery(initial: BatteryReading | Error) {
  let current = initial;
  const battery = {
    reads: 0,
    set(next: BatteryReading | Error) {
      current = next;
    },
    read: async () => {
      battery.reads++;
      if (current instanceof Error) throw current;
      return current;
    },
  };
  return battery;
}

const monitors: PowerMonitor[] = [];
afterEach(() => {
  for (const monitor of monitors.splice(0)) monitor.close();
});

function startMonitor(battery: ReturnType<typeof fakeBattery>, batteryThreshold = 30) {
  const monitor = new PowerMonitor({ batteryThreshold, pollMs: 20 }, battery.read);
  monitors.push(monitor);
  const changes: PowerState[] = [];
  monitor.on('change', (state) => changes.push(state));
  return { monitor, changes, started: monitor.start() };
}

describe('PowerMonitor', () => {
  it('reads at start, then on its interval, and tells when saving starts and stops', async () => {
    const battery = fakeBattery(onBattery(80));
    const { monitor, changes, started } = startMonitor(battery);
    await started;
    expect(monitor.state()).toMatchObject({ source: 'battery', percent: 80, saving: false });
    expect(monitor.state().checkedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    battery.set(onBattery(79)); // a drop that changes nothing is no event
    await waitFor('a reading of 79', () => monitor.state().percent === 79);
    battery.set(onBattery(12));
    await waitFor('saving', () => monitor.state().saving);
    battery.set({ ...onBattery(12), acConnected: true });
    await waitFor('plugged in', () => monitor.state().source === 'ac');
    expect(changes.map((s) => [s.source, s.saving])).toEqual([
      ['battery', false],
      ['battery', true],
      ['ac', false],
    ]);
  });

  it('applies a new threshold at once, and with 0 stops reading', async () => {
    const battery = fakeBattery(onBattery(40));
    const { monitor, started } = startMonitor(battery);
    await started;
    expect(monitor.state().saving).toBe(false);
    monitor.configure({ batteryThreshold: 50, pollMs: 20 });
    expect(monitor.state()).toMatchObject({ threshold: 50, saving: true });
    monitor.configure({ batteryThreshold: 0, pollMs: 20 });
    expect(monitor.state().saving).toBe(false);
    const reads = battery.reads;
    await new Promise((r) => setTimeout(r, 100));
    expect(battery.reads).toBe(reads);
  });

  it('keeps an unreadable battery as unknown with the reason, and holds nothing back', async () => {
    const battery = fakeBattery(new Error('pmset: command not found'));
    const { monitor, changes, started } = startMonitor(battery, 100);
    await started;
    expect(monitor.state()).toMatchObject({
      source: 'unknown',
      saving: false,
      error: 'pmset: command not found',
    });
    expect(changes).toHaveLength(1);
    battery.set(onBattery(50));
    await waitFor('a reading', () => monitor.state().source === 'battery');
    expect(monitor.state()).toMatchObject({ saving: true });
    expect(monitor.state().error).toBeUndefined();
  });
});

describe('batteryReader', () => {
  it("reads this machine's battery with systeminformation off Linux", async () => {
    const reading = await batteryReader({}, 'darwin')();
    expect(typeof reading.hasBattery).toBe('boolean');
    expect(typeof reading.acConnected).toBe('boolean');
    expect(typeof reading.percent).toBe('number');
  });

  it.runIf(process.platform === 'linux')(
    'reads sysfs on Linux, and agrees with systeminformation on whether there is a battery',
    async () => {
      const fromSysfs = await batteryReader({}, 'linux')();
      const fromLibrary = await batteryReader({}, 'darwin')();
      expect(fromSysfs.hasBattery).toBe(fromLibrary.hasBattery);
      if (fromSysfs.hasBattery) expect(fromSysfs.acConnected).toBe(fromLibrary.acConnected);
    },
  );

  it('reads HEARTH_BATTERY_FILE instead when set, and names a bad one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-power-'));
    try {
      const file = path.join(dir, 'battery.json');
      writeFileSync(file, JSON.stringify(onBattery(17)));
      await expect(batteryReader({ HEARTH_BATTERY_FILE: file })()).resolves.toEqual(onBattery(17));
      writeFileSync(file, '{"hasBattery": "yes"}');
      await expect(batteryReader({ HEARTH_BATTERY_FILE: file })()).rejects.toThrow(
        `${file} needs { hasBattery, acConnected, percent }`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('describePower (hearth status)', () => {
  const state = (over: Partial<PowerState & { held: number }>) => ({
    ...evaluatePower(onBattery(12), 30),
    held: 0,
    ...over,
  });

  it('says what waits on a low battery, and says nothing waits otherwise', () => {
    expect(describePower(state({ held: 3 }))).toBe(
      'on battery at 12%, below 30%: 3 background local tasks wait; interactive ones run',
    );
    expect(describePower(state({ held: 1 }))).toContain('1 background local task waits');
    expect(describePower(state({ saving: false, percent: 64 }))).toBe(
      'on battery at 64% (background local tasks wait below 30%)',
    );
    expect(describePower(state({ source: 'ac', saving: false }))).toBe('on AC, battery 12%');
    expect(describePower(state({ source: 'none', percent: null }))).toBe('no battery');
    expect(describePower(state({ source: 'unknown', error: 'no pmset' }))).toBe(
      'battery unreadable (no pmset): nothing waits',
    );
    expect(describePower(state({ threshold: 0 }))).toBe(
      'not watched (power.batteryThreshold is 0)',
    );
  });
});
