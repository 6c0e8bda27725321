import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock } from '../../../src/daemon/instance-lock.js';
import { isAlive } from '../../../src/util/process.js';

const parents: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const parent of parents.splice(0)) parent.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A real zombie: `sh` starts a child that exits after 0.3 s, and meanwhile becomes `sleep`, which
 * never waits for it, so the child stays exited but unreaped while the parent lives (as under a
 * container's late init). Resolves once the kernel shows it as a zombie.
 */
async function makeZombie(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  parents.push(parent);
  const pid = await new Promise<number>((resolve) =>
    parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))),
  );
  const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  for (let i = 0; i < 250 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
  expect(state()).toBe('Z');
  return pid;
}

describe.skipIf(process.platform !== 'linux')('a zombie is dead', () => {
  it('isAlive says no for an exited, unreaped process, and yes for a live one', async () => {
    const zombie = await makeZombie();
    expect(process.kill(zombie, 0)).toBe(true); // the kernel still has it
    expect(isAlive(zombie)).toBe(false);
    expect(isAlive(process.pid)).toBe(true);
  });

  it('a daemon lock held by a zombie is taken over at once, not after the start-up grace', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-lock-'));
    dirs.push(dir);
    const lockPath = path.join(dir, 'daemon.lock');
    const zombie = await makeZombie();
    writeFileSync(lockPath, `${zombie}\n`);
    const lock = await acquireInstanceLock(lockPath, path.join(dir, 'hearth.sock'));
    expect(lock.recoveredStalePid).toBe(zombie);
    lock.release();
  });
});
