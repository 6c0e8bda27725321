import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { takeHookEvents } from '../../src/sources/hook-events.js';
import { cleanup, tempDir } from '../helpers/hearth.js';
import {
  commit,
  git,
  gitDir,
  installHooks,
  isolateGit,
  makeRepo,
  readEvents,
  run,
  stage,
  stateDir,
  write,
  writeSuggestions,
} from './hooks-helpers.js';

beforeAll(isolateGit);
afterEach(cleanup);

const ZERO = '0'.repeat(40);

describe('hook events', () => {
  it('appends commit, checkout, merge, rewrite and push events with their arguments', async () => {
    const repo = makeRepo();
    const origin = path.join(tempDir('hearth-origin-'), 'origin.git');
    git(path.dirname(origin), 'init', '-q', '--bare', origin);
    git(repo, 'remote', 'add', 'origin', origin);
    // A user pre-push hook that reads stdin too: both must see the ref lines.
    write(
      path.join(gitDir(repo), 'hooks'),
      'pre-push',
      '#!/bin/sh\ncat > "$(git rev-parse --git-dir)/user-pre-push"\n',
      0o755,
    );
    await installHooks(repo);

    stage(repo, 'a.txt', 'a\n');
    expect(commit(repo).status).toBe(0);
    const first = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', '-b', 'side');
    git(repo, 'commit', '-q', '--amend', '-m', 'amended');
    const amended = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '-q', '--no-ff', '--no-edit', 'side');
    git(repo, 'push', '-q', 'origin', 'main');
    const head = git(repo, 'rev-parse', 'HEAD');

    // The second word of an event is the time; a -ref line carries the hook's stdin as is.
    const events = readEvents(repo).map((line) =>
      /^\S+-ref /.test(line) ? line : line.replace(/^(\S+) \d+/, '$1 T'),
    );
    expect(events).toEqual([
      'pre-commit T',
      'post-commit T',
      `post-checkout T ${first} ${first} 1`,
      'pre-commit T',
      'post-commit T',
      'post-rewrite T amend',
      `post-rewrite-ref ${first} ${amended}`,
      `post-checkout T ${amended} ${first} 1`,
      'post-merge T 0',
      `pre-push T origin ${origin}`,
      `pre-push-ref refs/heads/main ${head} refs/heads/main ${ZERO}`,
    ]);
    // Hooks write no time of their own (no `date` process): the daemon takes the events file's.
    expect(readEvents(repo)[0]).toBe('pre-commit 0');
    const taken = await takeHookEvents(gitDir(repo));
    expect(taken).toHaveLength(9);
    for (const event of taken) expect(Math.abs(event.at - Date.now())).toBeLessThan(120_000);
    expect(readFileSync(path.join(gitDir(repo), 'user-pre-push'), 'utf8')).toBe(
      `refs/heads/main ${head} refs/heads/main ${ZERO}\n`,
    );
    expect(git(origin, 'rev-parse', 'main')).toBe(head);
  });

  it('stays quiet while a rebase is stopped, but records the event', async () => {
    const repo = makeRepo();
    stage(repo, 'a.ts', 'one\n');
    git(repo, 'commit', '-q', '-m', 'one');
    await installHooks(repo);
    const editor = write(
      tempDir('hearth-editor-'),
      'edit-all',
      '#!/bin/sh\nsed "s/^pick/edit/" "$1" > "$1.new" && mv "$1.new" "$1"\n',
      0o755,
    );
    run(repo, 'git', ['rebase', '-q', '-i', 'HEAD~1'], { GIT_SEQUENCE_EDITOR: editor });
    expect(existsSync(path.join(gitDir(repo), 'rebase-merge'))).toBe(true);
    stage(repo, 'a.ts', 'two\n');
    writeSuggestions(repo, [['fix', 'a.ts', 'f1', 'verified', 'a.ts:1', 'wrong']]);

    const result = run(repo, 'git', ['commit', '-q', '--amend', '--no-edit']);
    expect(result.status).toBe(0);
    expect(result.output).toBe('');
    expect(readEvents(repo).filter((line) => line.startsWith('pre-commit '))).toHaveLength(1);
    git(repo, 'rebase', '--continue');
  });

  it('stays quiet when committing a conflicted merge (MERGE_HEAD present)', async () => {
    const repo = makeRepo();
    stage(repo, 'a.ts', 'base\n');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'checkout', '-q', '-b', 'side');
    stage(repo, 'a.ts', 'side\n');
    git(repo, 'commit', '-q', '-m', 'side');
    git(repo, 'checkout', '-q', 'main');
    stage(repo, 'a.ts', 'main\n');
    git(repo, 'commit', '-q', '-m', 'main');
    await installHooks(repo);
    expect(run(repo, 'git', ['merge', '-q', 'side']).status).not.toBe(0);
    stage(repo, 'a.ts', 'both\n');
    writeSuggestions(repo, [['fix', 'a.ts', 'f1', 'verified', 'a.ts:1', 'wrong']]);

    const result = run(repo, 'git', ['commit', '-q', '--no-edit']);
    expect(result.status).toBe(0);
    expect(result.output).toBe('');
    expect(git(repo, 'rev-list', '--parents', '-n1', 'HEAD').split(' ')).toHaveLength(3);
    expect(readEvents(repo).some((line) => line.startsWith('pre-commit '))).toBe(true);
  });
});

describe('hook events where the git folder is not ./.git', () => {
  it('records a linked worktree’s events in its own git folder (git sets GIT_DIR there)', async () => {
    const repo = makeRepo();
    await installHooks(repo);
    const worktree = path.join(path.dirname(repo), 'side');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', worktree);
    mkdirSync(stateDir(worktree), { recursive: true });
    stage(worktree, 'w.ts', 'one\n');
    expect(commit(worktree).status).toBe(0);
    expect(readEvents(worktree).map((line) => line.split(' ')[0])).toEqual([
      'pre-commit',
      'post-commit',
    ]);
    expect(readEvents(repo)).toEqual([]);
  });

  it('finds a separate git folder (a .git file, as in a submodule) through git', async () => {
    const base = tempDir('hearth-hooks-');
    const repo = path.join(base, 'repo');
    git(
      base,
      'init',
      '-q',
      '-b',
      'main',
      `--separate-git-dir=${path.join(base, 'store.git')}`,
      repo,
    );
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'initial');
    await installHooks(repo);
    mkdirSync(stateDir(repo), { recursive: true });
    stage(repo, 'a.ts', 'one\n');
    expect(commit(repo).status).toBe(0);
    expect(stateDir(repo).startsWith(path.join(base, 'store.git'))).toBe(true);
    expect(readEvents(repo).map((line) => line.split(' ')[0])).toEqual([
      'pre-commit',
      'post-commit',
    ]);
  });
});
