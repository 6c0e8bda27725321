/**
 * Hooks installed from a copy of the package keep every commit working once that copy is gone
 * (npm uninstall -g, an nvm switch, a moved clone): they read nothing of hearth's install.
 */
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, ROOT, tempDir } from '../helpers/hearth.js';
import {
  commit,
  git,
  gitDir,
  isolateGit,
  makeRepo,
  readEvents,
  run,
  stage,
  write,
  writeSuggestions,
} from './hooks-helpers.js';

beforeAll(isolateGit);
afterEach(cleanup);

const MARKER_HOOK = (code: number) =>
  `#!/bin/sh\necho "user hook $*" >> "$(git rev-parse --git-dir)/marker"\nexit ${code}\n`;

/** A copy of the package (dist, hooks, package.json; node_modules linked), and its home. */
function copyPackage(): { pkg: string; home: string } {
  const pkg = path.join(tempDir('hearth-pkg-'), 'hearth');
  for (const part of ['dist', 'hooks', 'package.json']) {
    cpSync(path.join(ROOT, part), path.join(pkg, part), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
  return { pkg, home: tempDir('hearth-home-') };
}

/** `hooks install` run by the copy's own CLI, as a user would, then the copy deleted. */
function installThenDelete(repo: string): { home: string; id: string } {
  const { pkg, home } = copyPackage();
  const cli = path.join(pkg, 'dist', 'cli', 'main.js');
  const installed = run(repo, process.execPath, [cli, 'hooks', 'install', repo], {
    HEARTH_HOME: home,
  });
  expect(installed.status, installed.output).toBe(0);
  const id = readFileSync(path.join(gitDir(repo), 'hooks', 'pre-commit'), 'utf8').match(
    /^hearth_id='([0-9a-f]{12})'$/m,
  )?.[1];
  expect(id).toBeDefined();
  rmSync(pkg, { recursive: true, force: true });
  expect(existsSync(path.join(ROOT, 'node_modules'))).toBe(true);
  return { home, id: id as string };
}

/** A `hearth` on PATH that records its arguments and exits with `code`. */
function hearthShim(code: number): { bin: string; args: string } {
  const bin = tempDir('hearth-bin-');
  const args = path.join(bin, 'args');
  write(bin, 'hearth', `#!/bin/sh\necho "$*" >> '${args}'\nexit ${code}\n`, 0o755);
  return { bin, args };
}

const withPath = (bin: string) => ({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });

describe('hooks without hearth', () => {
  it('commits with one line at pre-commit and nothing from any other hook', () => {
    const repo = makeRepo();
    const { id } = installThenDelete(repo);
    stage(repo, 'a.ts', 'a\n');
    writeSuggestions(repo, [['fix', 'a.ts', 'f1', 'verified', 'a.ts:1', 'wrong']], id);

    const result = commit(repo);
    expect(result.status, result.output).toBe(0);
    expect(git(repo, 'rev-list', '--count', 'HEAD')).toBe('2');
    // One line, pre-commit's: post-commit said nothing. It names the folder to clean.
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'hearth: not installed, so its hooks do nothing; reinstall it and run `hearth hooks uninstall`, or delete the hearth-managed hooks in .git/hooks\n',
    );
    // Hooks that are not pre-commit say nothing at all; no events are recorded for nobody.
    expect(run(repo, 'git', ['checkout', '-q', '-b', 'side']).output).toBe('');
    expect(readEvents(repo, id)).toEqual([]);
  });

  it('still runs the chained hook, whose refusal is final', () => {
    const repo = makeRepo();
    write(path.join(gitDir(repo), 'hooks'), 'pre-commit', MARKER_HOOK(1), 0o755);
    installThenDelete(repo);
    stage(repo, 'a.ts', 'a\n');
    const refused = commit(repo);
    expect(refused.status).not.toBe(0);
    expect(readFileSync(path.join(gitDir(repo), 'marker'), 'utf8')).toBe('user hook \n');
    expect(git(repo, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('with HEARTH_SKIP=1 prints nothing, yet the chained hook runs with its stdin', () => {
    const repo = makeRepo();
    const origin = path.join(tempDir('hearth-origin-'), 'origin.git');
    git(path.dirname(origin), 'init', '-q', '--bare', origin);
    git(repo, 'remote', 'add', 'origin', origin);
    const hooks = path.join(gitDir(repo), 'hooks');
    write(hooks, 'pre-commit', MARKER_HOOK(0), 0o755);
    write(hooks, 'pre-push', '#!/bin/sh\ncat > "$(git rev-parse --git-dir)/pushed"\n', 0o755);
    installThenDelete(repo);
    stage(repo, 'a.ts', 'a\n');

    const skipped = commit(repo, { HEARTH_SKIP: '1' });
    expect(skipped.status).toBe(0);
    expect(skipped.output).toBe('');
    expect(readFileSync(path.join(gitDir(repo), 'marker'), 'utf8')).toBe('user hook \n');
    const pushed = run(repo, 'git', ['push', '-q', 'origin', 'main'], { HEARTH_SKIP: 'yes' });
    expect(pushed.status, pushed.output).toBe(0);
    expect(pushed.output).toBe('');
    expect(readFileSync(path.join(gitDir(repo), 'pushed'), 'utf8')).toContain('refs/heads/main');
  });

  it('reaches `hearth` on PATH for the opt-in staged check, and keeps recording events', () => {
    const repo = makeRepo();
    write(
      repo,
      '.hearth.json',
      '{ "checks": [{ "name": "tsc" }], "hooks": { "preCommit": { "block": "errors" } } }\n',
    );
    const { id } = installThenDelete(repo);
    const passing = hearthShim(0);
    stage(repo, 'a.ts', 'a\n');
    writeSuggestions(repo, [['docstring', 'a.ts', 'd1', '', 'a', 'The a.']], id);
    const result = commit(repo, withPath(passing.bin));
    expect(result.status, result.output).toBe(0);
    expect(readFileSync(passing.args, 'utf8')).toBe('hook pre-commit\n');
    expect(result.output).toContain('hearth apply d1');
    expect(readEvents(repo, id).map((line) => line.split(' ')[0])).toEqual([
      'pre-commit',
      'post-commit',
    ]);

    const refusing = hearthShim(1);
    stage(repo, 'b.ts', 'b\n');
    expect(commit(repo, withPath(refusing.bin)).status).not.toBe(0);
    expect(git(repo, 'rev-list', '--count', 'HEAD')).toBe('2');
  });
});
