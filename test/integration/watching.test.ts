import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RepoInfo } from '../../src/repos/types.js';
import { listDaemonRepos } from '../helpers/daemon.js';
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

afterEach(cleanup);

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv(), encoding: 'utf8' }).trim();

function write(repo: string, rel: string, content: string): void {
  mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  writeFileSync(path.join(repo, rel), content);
}

async function repoStatus(home: string): Promise<RepoInfo> {
  const { repos } = await hearthJson<{ repos: RepoInfo[] }>(home, ['repos', '--json']);
  return repos[0] as RepoInfo;
}

/** Waits over the socket, then reads the repo once with `hearth repos --json`, as tests assert. */
const waitForRepo = async (
  home: string,
  what: string,
  check: (repo: RepoInfo) => boolean,
  timeoutMs = 15_000,
) => {
  await waitFor(
    what,
    async () => {
      const [repo] = await listDaemonRepos(home);
      return repo !== undefined && check(repo);
    },
    timeoutMs,
  );
  return waitFor(
    what,
    async () => {
      const repo = await repoStatus(home);
      return check(repo) ? repo : undefined;
    },
    timeoutMs,
  );
};

/** A repo with a committed Python file and an ignored node_modules, watched by a fresh daemon. */
async function watchedRepo(options: { repoConfig?: unknown } = {}) {
  const home = tempHome();
  const repo = tempRepo();
  write(repo, '.gitignore', 'node_modules/\nbuild/\n');
  write(repo, 'src/app.py', 'def greet(name):\n    return f"hi {name}"\n');
  write(repo, 'node_modules/dep/index.js', 'module.exports = function dep() {};\n');
  if (options.repoConfig) write(repo, '.hearth.json', JSON.stringify(options.repoConfig));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'start');
  await startDaemon(home, { env: { HEARTH_LOG_LEVEL: 'debug' } });
  const watched = await hearth(home, ['watch', repo]);
  expect(watched.code).toBe(0);
  return { home, repo };
}

describe('watching a repository', () => {
  it('sees a save and analyses it after the settle window', async () => {
    const { home, repo } = await watchedRepo();
    const before = await repoStatus(home);
    expect(before).toMatchObject({ state: 'watching', files: 2, lastAnalyzed: null });

    write(
      repo,
      'src/app.py',
      'def greet(name):\n    return f"hello {name}"\n\n\ndef part(x):\n    return x\n',
    );
    const after = await waitForRepo(
      home,
      'lastAnalyzed to move',
      (r) => r.lastAnalyzed?.path === 'src/app.py',
    );
    expect(after.lastPass).toMatchObject({ reason: 'settle', files: 1 });

    // Saving the same content again parses nothing: lastAnalyzed stays where it was.
    const analysedAt = after.lastAnalyzed?.at;
    write(repo, 'src/app.py', readFileSync(path.join(repo, 'src/app.py'), 'utf8'));
    await waitForRepo(home, 'the re-save pass', (r) => (r.passes ?? 0) > (after.passes ?? 0));
    expect((await repoStatus(home)).lastAnalyzed?.at).toBe(analysedAt);
    const log = readFileSync(homePaths(home).log, 'utf8');
    // Compared with the staged version, not reported as all-new on the first save.
    expect(log).toContain('"changes":["changed greet","added part"]');
  });

  it("counts an editor's write-and-rename save once, and sees deletions", async () => {
    const { home, repo } = await watchedRepo();
    write(repo, 'src/.app.py.swp', 'def greet(name):\n    return "atomic"\n');
    renameSync(path.join(repo, 'src/.app.py.swp'), path.join(repo, 'src/app.py'));
    const saved = await waitForRepo(
      home,
      'the atomic save',
      (r) => r.lastAnalyzed?.path === 'src/app.py',
    );
    expect(saved.passes).toBe(1);
    expect(saved.lastPass?.files).toBe(1);

    write(repo, 'pkg/a.py', 'def a():\n    pass\n');
    write(repo, 'pkg/b.py', 'def b():\n    pass\n');
    await waitForRepo(home, 'the new folder', (r) => r.files === 4);
    rmSync(path.join(repo, 'pkg'), { recursive: true });
    const gone = await waitForRepo(home, 'the deleted folder', (r) => r.files === 2);
    expect(gone.lastPass?.files).toBe(2);
    expect(readFileSync(homePaths(home).log, 'utf8')).toContain('"changes":["removed a"]');
  });

  it('sees a rename as the old file gone and the new one added', async () => {
    const { home, repo } = await watchedRepo();
    write(repo, 'src/app.py', 'def greet(name):\n    return "before the rename"\n');
    await waitForRepo(home, 'the first save', (r) => r.lastAnalyzed?.path === 'src/app.py');
    renameSync(path.join(repo, 'src/app.py'), path.join(repo, 'src/main.py'));
    const status = await waitForRepo(
      home,
      'the renamed file',
      (r) => r.lastAnalyzed?.path === 'src/main.py',
    );
    expect(status.lastPass?.files).toBe(2);
    expect(status.files).toBe(2);
    const log = readFileSync(homePaths(home).log, 'utf8');
    expect(log).toContain(
      '"changes":["removed greet"],"level":"debug","message":"file removed","path":"src/app.py"',
    );
  });

  it('ignores changes in ignored folders', async () => {
    const { home, repo } = await watchedRepo();
    write(repo, 'node_modules/dep/index.js', 'module.exports = function dep2() {};\n');
    write(repo, 'node_modules/dep/new.py', 'def x():\n    pass\n');
    write(repo, 'build/out.py', 'def y():\n    pass\n');
    // A tracked save after them proves the watcher was awake the whole time.
    write(repo, 'src/app.py', 'def greet(name):\n    return name\n');
    const status = await waitForRepo(
      home,
      'the tracked save',
      (r) => r.lastAnalyzed?.path === 'src/app.py',
    );
    expect(status.passes).toBe(1);
    expect(status.lastPass?.files).toBe(1);
    expect(status.files).toBe(2);
  });

  it('starts watching a folder that .gitignore stops ignoring', async () => {
    const { home, repo } = await watchedRepo();
    write(repo, 'build/gen.py', 'def generated():\n    pass\n');
    write(repo, '.gitignore', 'node_modules/\n');
    await waitForRepo(
      home,
      'the un-ignored folder',
      (r) => r.files === 3 && r.lastAnalyzed?.path === 'build/gen.py',
    );
    write(repo, 'build/gen.py', 'def generated():\n    return 2\n');
    const status = await waitForRepo(
      home,
      'a save in it',
      (r) => r.lastAnalyzed?.path === 'build/gen.py' && (r.passes ?? 0) >= 2,
    );
    expect(status.state).toBe('watching');
  });

  it('turns a branch checkout of many files into one pass', async () => {
    const { home, repo } = await watchedRepo();
    git(repo, 'checkout', '-qb', 'many');
    for (let i = 0; i < 60; i++)
      write(repo, `pkg/mod${i}.py`, `def f${i}(x):\n    return x + ${i}\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'many files');
    const tip = git(repo, 'rev-parse', 'HEAD');
    // The new branch and its commit may arrive as one head move: wait for the head, not a type.
    await waitForRepo(
      home,
      'the commit on the new branch',
      (r) => r.lastGitEvent?.newSha === tip && (r.passes ?? 0) >= 1,
    );
    await new Promise((r) => setTimeout(r, 800));
    const before = await repoStatus(home);

    git(repo, 'checkout', '-q', 'master');
    const after = await waitForRepo(
      home,
      'the checkout pass',
      (r) => r.lastGitEvent?.type === 'branch-switch' && (r.passes ?? 0) > (before.passes ?? 0),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const settled = await repoStatus(home);
    expect(settled.passes).toBe((before.passes ?? 0) + 1);
    expect(settled.lastPass?.files).toBe(60);
    expect(settled.files).toBe(2);
    expect(after.lastGitEvent).toMatchObject({ type: 'branch-switch', from: 'many', to: 'master' });
  });

  it('holds file events while index.lock exists, then makes one catch-up pass', async () => {
    const { home, repo } = await watchedRepo();
    const lock = path.join(repo, '.git', 'index.lock');
    writeFileSync(lock, '');
    write(repo, 'src/app.py', 'def greet(name):\n    return 1\n');
    write(repo, 'src/other.py', 'def other():\n    return 2\n');
    await waitForRepo(home, 'the paused state', (r) => r.state === 'paused');
    await new Promise((r) => setTimeout(r, 800));
    expect((await repoStatus(home)).passes).toBe(0);

    rmSync(lock);
    const status = await waitForRepo(home, 'the catch-up pass', (r) => r.passes === 1);
    expect(status.state).toBe('watching');
    expect(status.lastPass).toMatchObject({ reason: 'catch-up', files: 2 });
  });

  it('reports commits, branch switches and rewrites from the git folder', async () => {
    const { home, repo } = await watchedRepo();
    const start = git(repo, 'rev-parse', 'HEAD');
    write(repo, 'src/app.py', 'def greet(name):\n    return 3\n');
    git(repo, 'commit', '-qam', 'second');
    const second = git(repo, 'rev-parse', 'HEAD');
    await waitForRepo(home, 'the commit', (r) => r.lastGitEvent?.newSha === second);
    expect((await repoStatus(home)).lastGitEvent).toMatchObject({
      type: 'commit',
      branch: 'master',
      oldSha: start,
      newSha: second,
    });

    git(repo, 'commit', '-q', '--amend', '-m', 'second, amended');
    const amended = git(repo, 'rev-parse', 'HEAD');
    const rewrite = await waitForRepo(
      home,
      'the rewrite',
      (r) => r.lastGitEvent?.newSha === amended,
    );
    expect(rewrite.lastGitEvent).toMatchObject({ type: 'rewrite', oldSha: second });

    git(repo, 'checkout', '-qb', 'feature');
    const switched = await waitForRepo(
      home,
      'the switch',
      (r) => r.lastGitEvent?.type === 'branch-switch',
    );
    expect(switched.lastGitEvent).toMatchObject({ from: 'master', to: 'feature' });
  });

  it('watches a linked worktree and sees its commits', async () => {
    const home = tempHome();
    const repo = tempRepo();
    write(repo, 'a.py', 'def a():\n    pass\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'a');
    const worktree = path.join(path.dirname(repo), 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'wt-branch', worktree);
    await startDaemon(home);
    expect((await hearth(home, ['watch', worktree])).stdout).toContain(`watching ${worktree}`);

    write(worktree, 'a.py', 'def a():\n    return 1\n');
    await waitForRepo(home, 'the save in the worktree', (r) => r.lastAnalyzed?.path === 'a.py');
    git(worktree, 'commit', '-qam', 'in the worktree');
    const tip = git(worktree, 'rev-parse', 'HEAD');
    const status = await waitForRepo(
      home,
      'the worktree commit',
      (r) => r.lastGitEvent?.newSha === tip,
    );
    expect(status.lastGitEvent).toMatchObject({ type: 'commit', branch: 'wt-branch' });
  });

  it('skips submodules', async () => {
    const home = tempHome();
    const library = tempRepo('library');
    write(library, 'lib.py', 'def lib():\n    pass\n');
    git(library, 'add', '-A');
    git(library, 'commit', '-qm', 'lib');
    const repo = tempRepo();
    git(
      repo,
      '-c',
      'protocol.file.allow=always',
      'submodule',
      '--quiet',
      'add',
      library,
      'vendor/library',
    );
    write(repo, 'main.py', 'def main():\n    pass\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'with a submodule');
    await startDaemon(home);
    await hearth(home, ['watch', repo]);
    expect((await repoStatus(home)).files).toBe(2); // .gitmodules and main.py

    write(repo, 'vendor/library/lib.py', 'def lib():\n    return "changed"\n');
    write(repo, 'main.py', 'def main():\n    return 1\n');
    const status = await waitForRepo(
      home,
      'the save outside the submodule',
      (r) => r.lastAnalyzed?.path === 'main.py',
    );
    expect(status.lastPass?.files).toBe(1);
  });

  it('polls git status when told to, and still sees changes', async () => {
    const { home, repo } = await watchedRepo({
      repoConfig: { watch: { mode: 'poll', pollIntervalMs: 200 } },
    });
    await waitForRepo(home, 'the polling state', (r) => r.state === 'polling');
    write(repo, 'src/app.py', 'def greet(name):\n    return "polled"\n');
    const status = await waitForRepo(
      home,
      'the polled change',
      (r) => r.lastAnalyzed?.path === 'src/app.py',
    );
    expect(status.lastPass?.reason).toBe('poll');
    expect(readFileSync(homePaths(home).log, 'utf8')).toContain('watching by polling git status');
  });

  it('skips binary and oversized files with a logged reason, and keeps going', async () => {
    const { home, repo } = await watchedRepo({ repoConfig: { analysis: { maxFileBytes: 2048 } } });
    write(repo, 'src/blob.py', '\u0000\u0001binary');
    write(repo, 'src/huge.py', `x = 1\n${'# filler\n'.repeat(400)}`);
    write(repo, 'src/app.py', 'def greet(name):\n    return "still fine"\n');
    await waitForRepo(home, 'the good file', (r) => r.lastAnalyzed?.path === 'src/app.py');
    const log = await waitFor('the skip reasons', () => {
      const text = readFileSync(homePaths(home).log, 'utf8');
      return text.includes('"reason":"binary"') && text.includes('"reason":"too-large"') && text;
    });
    expect(log).toContain('src/huge.py');
  });
});
