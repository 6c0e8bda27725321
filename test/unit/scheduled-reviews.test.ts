import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../../src/log/logger.js';
import { ScheduledReviews } from '../../src/tasks/review/schedule.js';
import { cleanup, gitTestEnv, tempDir, tempRepo } from '../helpers/hearth.js';

afterEach(cleanup);

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv(), encoding: 'utf8' }).trim();

function commit(repo: string, file: string, text: string): string {
  writeFileSync(path.join(repo, file), text);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', file);
  return git(repo, 'rev-parse', 'HEAD');
}

/** Real git repositories; the review stage is replaced by a recorder of the ranges it is given. */
function rounds(repos: string[]) {
  const ranges: string[] = [];
  const stateFile = path.join(tempDir(), 'scheduled-reviews.json');
  const scheduled = new ScheduledReviews({
    reviews: { reviewRanges: async (_repo, given) => void ranges.push(...given) },
    repos: () => repos,
    stateFile,
    logger: createConsoleLogger('error'),
  });
  return { ranges, scheduled, stateFile };
}

describe('ScheduledReviews rounds', () => {
  it('reviews what is new since the last round, nothing twice, and starts over after a rewrite', async () => {
    const repo = tempRepo(); // its first commit is an empty one
    const root = git(repo, 'rev-parse', 'HEAD');
    const second = commit(repo, 'b.py', 'b = 1\n');
    const { ranges, scheduled, stateFile } = rounds([repo]);

    await scheduled.runOnce(); // a young repository: everything after its first commit
    expect(ranges).toEqual([`${root}..${second}`]);
    await scheduled.runOnce();
    expect(ranges).toHaveLength(1);
    const third = commit(repo, 'c.py', 'c = 1\n');
    await scheduled.runOnce();
    expect(ranges.at(-1)).toBe(`${second}..${third}`);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))[repo].head).toBe(third);

    // The last reviewed commit is rebased away: the next round starts over, not from it.
    git(repo, 'reset', '-q', '--hard', root);
    const other = commit(repo, 'd.py', 'd = 1\n');
    await scheduled.runOnce();
    expect(ranges.at(-1)).toBe(`${root}..${other}`);
  });

  it('skips a repository without commits and still reviews the others', async () => {
    const empty = path.join(tempDir(), 'empty');
    git(tempDir(), 'init', '-q', empty);
    const repo = tempRepo();
    const root = git(repo, 'rev-parse', 'HEAD');
    const next = commit(repo, 'b.py', 'b = 1\n');
    const { ranges, scheduled } = rounds([empty, repo]);
    await scheduled.runOnce();
    expect(ranges).toEqual([`${root}..${next}`]);
  });
});

describe('ScheduledReviews schedule', () => {
  it('loads node-cron for an expression, names a bad one, and a newer expression wins a race', async () => {
    const { scheduled } = rounds([]);
    try {
      expect(scheduled.describe()).toBeUndefined();
      await scheduled.configure('0 9 * * 1-5');
      const good = scheduled.describe();
      expect(good?.schedule).toBe('0 9 * * 1-5');
      expect(new Date(good?.next ?? '').getHours()).toBe(9);
      await scheduled.configure('not cron');
      expect(scheduled.describe()).toEqual({
        schedule: 'not cron',
        next: null,
        error: 'not a cron expression',
      });
      // Two changes while node-cron loads: only the last is scheduled.
      void scheduled.configure('bad again');
      await scheduled.configure('30 18 * * *');
      expect(scheduled.describe()?.schedule).toBe('30 18 * * *');
      expect(scheduled.describe()?.error).toBeUndefined();
      await scheduled.configure('');
      expect(scheduled.describe()).toBeUndefined();
    } finally {
      await scheduled.close();
    }
  });
});
