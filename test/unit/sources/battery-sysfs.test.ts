import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type PowerSupply,
  readSysfsBattery,
  summariseSupplies,
} from '../../../src/sources/battery-sysfs.js';

const battery = (over: Partial<PowerSupply> = {}): PowerSupply => ({
  type: 'Battery',
  capacity: '80',
  status: 'Discharging',
  ...over,
});
const mains = (online: string): PowerSupply => ({ type: 'Mains', online });

describe('summariseSupplies', () => {
  it.each<
    [string, PowerSupply[], { hasBattery: boolean; acConnected?: boolean; percent?: number }]
  >([
    ['no supplies: a desktop or server', [], { hasBattery: false }],
    ['mains only', [mains('1')], { hasBattery: false }],
    ['a mouse battery is not the machine’s', [battery({ scope: 'Device' })], { hasBattery: false }],
    [
      'a laptop on battery',
      [battery(), mains('0')],
      { hasBattery: true, acConnected: false, percent: 80 },
    ],
    [
      'a laptop plugged in',
      [battery({ status: 'Charging' }), mains('1')],
      { hasBattery: true, acConnected: true, percent: 80 },
    ],
    [
      'USB-C power counts as mains',
      [battery(), mains('0'), { type: 'USB', online: '1' }],
      { hasBattery: true, acConnected: true },
    ],
    [
      'no mains listed: a discharging battery means on battery',
      [battery()],
      { hasBattery: true, acConnected: false },
    ],
    [
      'no mains listed: a full battery means plugged in',
      [battery({ status: 'Full' })],
      { hasBattery: true, acConnected: true },
    ],
    [
      'two batteries: their mean charge',
      [battery({ capacity: '40' }), battery({ capacity: '60' }), mains('0')],
      { hasBattery: true, percent: 50 },
    ],
    [
      'no capacity file: energy now over full',
      [battery({ capacity: undefined, energyNow: '25000', energyFull: '50000' })],
      { hasBattery: true, percent: 50 },
    ],
    [
      'no capacity file: charge now over full',
      [battery({ capacity: undefined, chargeNow: '3000', chargeFull: '4000' })],
      { hasBattery: true, percent: 75 },
    ],
  ])('%s', (_name, supplies, expected) => {
    expect(summariseSupplies(supplies)).toMatchObject(expected);
  });

  it('an unreadable charge is not a number, which saves nothing', () => {
    expect(summariseSupplies([battery({ capacity: 'x' })]).percent).toBeNaN();
  });
});

describe('readSysfsBattery', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tree = (supplies: Record<string, Record<string, string>>): string => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hearth-sysfs-'));
    dirs.push(root);
    for (const [name, files] of Object.entries(supplies)) {
      mkdirSync(path.join(root, name));
      for (const [file, text] of Object.entries(files))
        writeFileSync(path.join(root, name, file), `${text}\n`);
    }
    return root;
  };

  it('reads a laptop on battery from its supply folders', async () => {
    const root = tree({
      BAT0: { type: 'Battery', capacity: '23', status: 'Discharging' },
      AC: { type: 'Mains', online: '0' },
      hidpp_battery_0: { type: 'Battery', scope: 'Device', capacity: '5' },
    });
    await expect(readSysfsBattery(root)).resolves.toEqual({
      hasBattery: true,
      acConnected: false,
      percent: 23,
    });
  });

  it('no power_supply folder means no battery', async () => {
    await expect(
      readSysfsBattery(path.join(os.tmpdir(), 'hearth-no-such-sysfs')),
    ).resolves.toMatchObject({
      hasBattery: false,
    });
  });

  it('a supply folder without a type file is left out', async () => {
    const root = tree({ odd: { capacity: '10' }, AC: { type: 'Mains', online: '1' } });
    await expect(readSysfsBattery(root)).resolves.toMatchObject({ hasBattery: false });
  });
});
