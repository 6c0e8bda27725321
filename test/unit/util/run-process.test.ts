import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, sleep } from '../../../src/util/process.js';
import { runProcess } from '../../../src/util/run-process.js';
import { cleanup, tempDir } from '../../helpers/hearth.js';

/** The one process spawner: real child processes, real time-outs, real process groups. */

afterEach(cleanup);

const sh = (script: string, options: Partial<Parameters<typeof runProcess>[2]> = {}) =>
  runProcess('sh', ['-c', script], { cwd: tempDir(), timeoutMs: 10_000, ...options });

describe('runProcess', () => {
  it('keeps each stream apart, the interleaved tail when asked, and the exit code', async () => {
    const run = await sh('printf out1; printf err1 >&2; sleep 0.1; printf out2; exit 3', {
      tailChars: 6,
    });
    expect(run).toMatchObject({ exitCode: 3, stdout: 'out1out2', stderr: 'err1', timedOut: false });
    expect(run.output).toBe('r1out2');
    expect((await sh('printf quiet')).output).toBe('');
  });

  it('kills what the program started too at its time-out', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'pid');
    const run = await sh(`sleep 30 & echo $! > '${pidFile}'; wait`, { cwd: dir, timeoutMs: 300 });
    expect(run).toMatchObject({ exitCode: null, timedOut: true });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    // SIGKILL is delivered at once; give the kernel a moment to reap it.
    for (let i = 0; i < 50 && isAlive(grandchild); i++) await sleep(20);
    expect(isAlive(grandchild)).toBe(false);
  });

  it('keeps the start of a runaway stream only', async () => {
    const run = await sh("head -c 2000000 /dev/zero | tr '\\0' a", { maxStreamChars: 1000 });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.length).toBeGreaterThanOrEqual(1000);
    expect(run.stdout.length).toBeLessThan(200_000);
  });

  it('gets only the environment it is given', async () => {
    const env = { PATH: process.env.PATH, HEARTH_RUN_PROCESS_TEST: 'given' };
    process.env.HEARTH_RUN_PROCESS_LEAK = 'leaked';
    try {
      const run = await sh('printf "%s|%s" "$HEARTH_RUN_PROCESS_TEST" "$HEARTH_RUN_PROCESS_LEAK"', {
        env,
      });
      expect(run.stdout).toBe('given|');
    } finally {
      delete process.env.HEARTH_RUN_PROCESS_LEAK;
    }
  });

  it('resolves with the reason when the program cannot start', async () => {
    const run = await runProcess('hearth-no-such-program', [], {
      cwd: tempDir(),
      timeoutMs: 5_000,
      tailChars: 1000,
    });
    expect(run).toMatchObject({ exitCode: null, timedOut: false });
    expect(run.stderr).toMatch(/ENOENT/);
    expect(run.output).toMatch(/ENOENT/);
  });
});
