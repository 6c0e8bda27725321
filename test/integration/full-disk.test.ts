import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  homePaths,
  startDaemon,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * A real full disk: the data folder (queue, suggestions, reviews) on a 2 MB tmpfs, filled up.
 * Mounting needs root; elsewhere the test is skipped and says why.
 */
const home = tempHome();
const data = path.join(home, 'data');
let mounted = false;
let why = 'not root: a tmpfs cannot be mounted here';
if (process.getuid?.() === 0) {
  mkdirSync(data, { recursive: true, mode: 0o700 });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', data], {
      stdio: 'pipe',
    });
    mounted = true;
  } catch (error) {
    why = `mount -t tmpfs failed: ${String((error as Error).message).split('\n')[0]}`;
  }
}
if (!mounted) console.warn(`full-disk test skipped: ${why}`);

let server: ModelServer | undefined;
afterAll(async () => {
  if (mounted) {
    await hearth(home, ['stop']);
    execFileSync('umount', [data]);
  }
  await server?.stop();
  cleanup();
});

/** Writes until the disk says ENOSPC; returns the filler file. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [65536, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

const CALC = 'def mul(a, b):\n    """Multiply two numbers."""\n    return a * b\n';

describe.skipIf(!mounted)('work refused on a full disk', () => {
  it('is kept and queued once writes succeed again, then runs', async () => {
    server = await startModelServer({
      models: ['doc-model'],
      handler: () => ({ text: 'Add two numbers.' }),
    });
    const repo = tempRepo();
    const file = path.join(repo, 'calc.py');
    writeFileSync(file, CALC);
    execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
    execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'calc'], { env: gitTestEnv() });
    await startDaemon(home, {
      env: {
        HEARTH_LOCAL_URL: server.url,
        HEARTH_LOCAL_MODEL: 'doc-model',
        HEARTH_WATCH_SETTLE_MS: '100',
      },
    });
    expect((await hearth(home, ['watch', repo])).code).toBe(0);

    const filler = fillDisk(data);
    writeFileSync(file, `${CALC}\n\ndef add(a, b): return a + b\n`);
    const { log } = homePaths(home);
    await waitFor('the refusal in the log', () =>
      readFileSync(log, 'utf8').includes('could not queue'),
    );
    expect(readFileSync(log, 'utf8')).toContain('the disk is full: the tasks are kept in memory');
    expect(server.chatRequests()).toHaveLength(0);

    rmSync(filler);
    const suggestion = await waitFor(
      'the docstring once the disk has room',
      async () =>
        (
          await hearthJson<{ suggestions: Array<{ symbol: string }> }>(home, [
            'suggestions',
            '--json',
            repo,
          ])
        ).suggestions.find((s) => s.symbol === 'add'),
      30_000,
    );
    expect(suggestion.symbol).toBe('add');
    expect(readFileSync(log, 'utf8')).toContain('queued now that the disk takes writes again');
  }, 60_000);
});
