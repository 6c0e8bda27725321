import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysedFile } from '../../src/analysis/symbol-cache.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { RepoMonitor } from '../../src/daemon/repo-monitor.js';
import { closeLogger, createLogger } from '../../src/log/logger.js';
import { cleanup, gitTestEnv, tempDir, tempRepo, waitFor } from '../helpers/hearth.js';

/**
 * The look at uncommitted work when a monitor starts, in process: a real repository and watcher,
 * the monitor's listener recording each pass.
 */

beforeAll(() => {
  process.env.HEARTH_HOME = tempDir('hearth-home-');
});
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  cleanup();
});

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv(), encoding: 'utf8' });

/** A monitor of `repo` whose passes land in `passes`; its log file is returned to read. */
async function startMonitor(repo: string, limit: number) {
  const logFile = path.join(tempDir('hearth-log-'), 'hearth.log');
  const logger = createLogger({
    file: logFile,
    level: 'info',
    maxBytes: 1 << 20,
    maxFiles: 1,
    console: false,
  });
  const config = resolveConfig({ env: { HEARTH_WATCH_SETTLE_MS: '50' } }).values;
  const passes: string[][] = [];
  const monitor = new RepoMonitor(
    repo,
    config,
    logger,
    {
      analysed: async (_repo, files: readonly AnalysedFile[]) => {
        passes.push(files.map((file) => file.rel));
      },
    },
    { uncommittedLimit: limit },
  );
  closers.push(async () => {
    await monitor.close();
    await closeLogger(logger);
  });
  await monitor.start();
  return { monitor, passes, log: () => readFileSync(logFile, 'utf8') };
}

function repoWithUncommittedFiles(count: number): string {
  const repo = tempRepo();
  writeFileSync(path.join(repo, 'README.md'), '# notes\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'readme');
  for (let i = 0; i < count; i++)
    writeFileSync(path.join(repo, `m${i}.py`), `def f${i}(a):\n    return a + ${i}\n`);
  writeFileSync(path.join(repo, 'README.md'), '# notes, edited\n');
  return repo;
}

describe('the look at uncommitted work', () => {
  it('is one pass of at most the limit of parsable files, and says how many it left', async () => {
    const repo = repoWithUncommittedFiles(5);
    const { monitor, passes, log } = await startMonitor(repo, 3);
    await waitFor('the pass', () => passes.length > 0);
    expect(passes).toEqual([['m0.py', 'm1.py', 'm2.py']]);
    expect(monitor.status().lastPass).toMatchObject({ reason: 'start', files: 3 });
    await waitFor('the log line', () => log().includes('uncommitted files left for later'));
    const line = log()
      .split('\n')
      .find((one) => one.includes('uncommitted files left for later'));
    expect(JSON.parse(line as string)).toMatchObject({ queued: 3, left: 2 });
  }, 30_000);

  it('waits while a git operation is in progress, then runs as the catch-up pass', async () => {
    const repo = repoWithUncommittedFiles(2);
    const marker = path.join(repo, '.git', 'rebase-merge');
    mkdirSync(marker);
    const { monitor, passes } = await startMonitor(repo, 200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(passes).toEqual([]);
    expect(monitor.status().state).toBe('paused');

    rmSync(marker, { recursive: true });
    await waitFor('the pass', () => passes.length > 0);
    expect(passes).toEqual([['m0.py', 'm1.py']]);
    expect(monitor.status().lastPass).toMatchObject({ reason: 'catch-up' });
  }, 30_000);
});
