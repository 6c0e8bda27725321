import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, hearth, homePaths, startDaemon, tempDir, tempHome } from '../helpers/hearth.js';

// Issue 14: another user who can reach the runtime folder could pose as the daemon. Folders owned
// by another user cannot be made here (tests run as one user and create none): that case is
// tested on the pure check in test/unit/util/runtime-dir.test.ts. These cover mode and symlink.
afterEach(cleanup);

async function expectRefusal(home: string, args: string[], runtime: string, reason: string) {
  const result = await hearth(home, args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
  expect(result.stderr).toContain(runtime);
  expect(result.stderr).toContain(reason);
  expect(result.stderr).not.toContain('not running');
}

describe('the runtime folder check', () => {
  it('refuses a runtime folder other users can reach, and leaves its mode alone', async () => {
    const home = tempHome();
    const { runtime, lock } = homePaths(home);
    mkdirSync(runtime);
    chmodSync(runtime, 0o755);
    await expectRefusal(home, ['status'], runtime, 'mode 755');
    await expectRefusal(home, ['start'], runtime, 'mode 755');
    await expectRefusal(home, ['daemon', '--no-console'], runtime, 'mode 755');
    expect(statSync(runtime).mode & 0o777).toBe(0o755);
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses a runtime folder that is a symlink, and writes nothing into its target', async () => {
    const home = tempHome();
    const { runtime } = homePaths(home);
    const target = tempDir('hearth-elsewhere-');
    chmodSync(target, 0o700);
    symlinkSync(target, runtime);
    await expectRefusal(home, ['status'], runtime, 'symbolic link');
    await expectRefusal(home, ['start'], runtime, 'symbolic link');
    await expectRefusal(home, ['daemon', '--no-console'], runtime, 'symbolic link');
    expect(readdirSync(target)).toEqual([]);
  });

  it('starts in a fresh home with a 0700 runtime folder, and status answers', async () => {
    const home = tempHome();
    await startDaemon(home);
    expect(statSync(homePaths(home).runtime).mode & 0o777).toBe(0o700);
  });
});
