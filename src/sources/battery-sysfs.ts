import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BatteryReading } from './power.js';

/** The sysfs fields of one power supply that tell a battery's charge and the mains' state. */
export interface PowerSupply {
  /** `Battery`, `Mains`, `USB`, `UPS`... */
  type: string;
  /** `Device` for a peripheral's battery (a mouse, a headset): not the machine's. */
  scope?: string;
  /** `1` when a mains or USB supply is plugged in. */
  online?: string;
  /** Percent, 0 to 100. */
  capacity?: string;
  energyNow?: string;
  energyFull?: string;
  chargeNow?: string;
  chargeFull?: string;
  /** `Charging`, `Discharging`, `Full`, `Not charging`, `Unknown`. */
  status?: string;
}

export const SYSFS_POWER_SUPPLY = '/sys/class/power_supply';

/**
 * The machine's battery from its power supplies: the machine's batteries (peripherals' left
 * out), their mean charge, and whether it runs on mains (a supply online, or with no mains
 * supply listed, a battery that is not discharging).
 */
export function summariseSupplies(supplies: readonly PowerSupply[]): BatteryReading {
  const batteries = supplies.filter((s) => s.type === 'Battery' && s.scope !== 'Device');
  if (batteries.length === 0) return { hasBattery: false, acConnected: true, percent: 100 };
  const charges = batteries.map(chargeOf).filter((c): c is number => c !== undefined);
  const percent = charges.length > 0 ? charges.reduce((a, b) => a + b, 0) / charges.length : NaN;
  const mains = supplies.filter((s) => s.type !== 'Battery' && s.online !== undefined);
  const acConnected =
    mains.length > 0
      ? mains.some((s) => s.online?.trim() === '1')
      : batteries.every((b) => b.status?.trim() !== 'Discharging');
  return { hasBattery: true, acConnected, percent };
}

function chargeOf(battery: PowerSupply): number | undefined {
  const capacity = Number(battery.capacity);
  if (battery.capacity !== undefined && Number.isFinite(capacity)) return capacity;
  const [now, full] = [
    Number(battery.energyNow ?? battery.chargeNow),
    Number(battery.energyFull ?? battery.chargeFull),
  ];
  return Number.isFinite(now) && Number.isFinite(full) && full > 0 ? (now / full) * 100 : undefined;
}

/**
 * Reads the power supplies from sysfs (Linux): a few small files, no process started and no
 * library loaded (systeminformation costs the daemon 11 MB for this one reading). No folder
 * means no battery.
 */
export async function readSysfsBattery(root = SYSFS_POWER_SUPPLY): Promise<BatteryReading> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return summariseSupplies([]);
    throw error;
  }
  const supplies = await Promise.all(names.map((name) => readSupply(path.join(root, name))));
  return summariseSupplies(supplies.filter((s): s is PowerSupply => s !== undefined));
}

async function readSupply(dir: string): Promise<PowerSupply | undefined> {
  const field = (name: string) =>
    readFile(path.join(dir, name), 'utf8').then(
      (text) => text.trim(),
      () => undefined,
    );
  const [type, scope, online, capacity, energyNow, energyFull, chargeNow, chargeFull, status] =
    await Promise.all(
      [
        'type',
        'scope',
        'online',
        'capacity',
        'energy_now',
        'energy_full',
        'charge_now',
        'charge_full',
        'status',
      ].map(field),
    );
  if (type === undefined) return undefined;
  return { type, scope, online, capacity, energyNow, energyFull, chargeNow, chargeFull, status };
}
