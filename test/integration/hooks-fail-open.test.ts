import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, tempDir } from '../helpers/hearth.js';
import {
  commit,
  gitDir,
  HOOKS,
  installHooks,
  isolateGit,
  makeRepo,
  stage,
  stateDir,
  write,
} from './hooks-helpers.js';

beforeAll(isolateGit);
afterEach(cleanup);

describe('failing open', () => {
  async function repoWithChecks(): Promise<string> {
    const repo = makeRepo();
    write(
      repo,
      '.hearth.json',
      '{ "checks": [{ "name": "tsc" }], "hooks": { "preCommit": { "block": "errors" } } }\n',
    );
    await installHooks(repo);
    stage(repo, 'a.ts', 'a\n');
    return repo;
  }

  it('commits with at most one line when the CLI or node is missing', async () => {
    const repo = await repoWithChecks();
    const noCli = commit(repo, { HEARTH_CLI: '/nonexistent/hearth/main.js' });
    expect(noCli.status).toBe(0);
    expect(noCli.output.trim().split('\n')).toHaveLength(1);
    expect(noCli.stderr).toContain('hearth: not installed, so its hooks do nothing');

    const cli = write(tempDir('hearth-cli-'), 'main.js', 'process.exit(1);\n');
    stage(repo, 'b.ts', 'b\n');
    const noNode = commit(repo, { HEARTH_CLI: cli, HEARTH_NODE: '/nonexistent/node' });
    expect(noNode.status).toBe(0);
    expect(noNode.output.trim().split('\n')).toHaveLength(1);
    expect(noNode.stderr).toContain('hearth: staged checks skipped: /nonexistent/node not found');
  });

  it('runs the staged check only when .hearth.json has checks, and keeps its exit code', async () => {
    const repo = await repoWithChecks();
    const dir = tempDir('hearth-cli-');
    const args = path.join(dir, 'args');
    const blocking = write(
      dir,
      'block.js',
      `require('node:fs').writeFileSync(${JSON.stringify(args)}, process.argv.slice(2).join(' '));\nconsole.log('hearth: 1 new error in a.ts');\nprocess.exit(1);\n`,
    );
    const refused = commit(repo, { HEARTH_CLI: blocking });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('hearth: 1 new error in a.ts');
    expect(readFileSync(args, 'utf8')).toBe('hook pre-commit');

    const passing = write(dir, 'pass.js', 'process.exit(0);\n');
    expect(commit(repo, { HEARTH_CLI: passing }).status).toBe(0);
    // Only 1 refuses: a CLI that fails otherwise (an old version, a crash) lets the commit through.
    const broken = write(dir, 'broken.js', 'process.exit(2);\n');
    stage(repo, 'b.ts', 'b\n');
    const through = commit(repo, { HEARTH_CLI: broken });
    expect(through.status).toBe(0);
    expect(through.output).toContain('not blocking');

    write(repo, '.hearth.json', '{ "cloud": "never" }\n');
    stage(repo, 'c.ts', 'c\n');
    expect(commit(repo, { HEARTH_CLI: blocking }).status).toBe(0);
  });

  it('starts Node only when blocking may be on: in the env, .hearth.json or the user config', async () => {
    const repo = makeRepo();
    write(repo, '.hearth.json', '{ "checks": [{ "name": "tsc" }] }\n');
    await installHooks(repo);
    const home = tempDir('hearth-home-');
    const dir = tempDir('hearth-cli-');
    const marker = path.join(dir, 'started');
    const cli = write(
      dir,
      'main.js',
      `require('node:fs').appendFileSync(${JSON.stringify(marker)}, 'x');\n`,
    );
    const started = () => (existsSync(marker) ? readFileSync(marker, 'utf8').length : 0);
    const env = { HEARTH_CLI: cli, HEARTH_HOME: home };
    let n = 0;
    const commitOne = (extra: Record<string, string> = {}) => {
      stage(repo, `f${++n}.ts`, 'x\n');
      expect(commit(repo, { ...env, ...extra }).status).toBe(0);
    };

    commitOne(); // checks, but blocking is nowhere: the default "never" needs no Node
    expect(started()).toBe(0);
    commitOne({ HEARTH_HOOKS_PRE_COMMIT_BLOCK: 'errors' });
    expect(started()).toBe(1);
    write(home, 'config/config.json', '{ "hooks": { "preCommit": { "block": "errors" } } }\n');
    commitOne();
    expect(started()).toBe(2);
    commitOne({ HEARTH_HOOKS_PRE_COMMIT_BLOCK: 'never' }); // the environment wins over files
    expect(started()).toBe(2);
    // Saying "never" outright needs no Node either.
    write(home, 'config/config.json', '{ "hooks": { "preCommit": { "block": "never" } } }\n');
    commitOne();
    expect(started()).toBe(2);
    // Checks from the user's own config count like the repo's.
    write(repo, '.hearth.json', '{ "cloud": "never" }\n');
    write(
      home,
      'config/config.json',
      '{ "checks": [{ "name": "t", "command": "true", "parser": "generic" }], "hooks": { "preCommit": { "block": "errors" } } }\n',
    );
    commitOne();
    expect(started()).toBe(3);
  });

  it('commits silently when the events file cannot be written', async () => {
    const repo = makeRepo();
    await installHooks(repo);
    mkdirSync(path.join(stateDir(repo), 'events'), { recursive: true });
    stage(repo, 'a.ts', 'a\n');
    const result = commit(repo);
    expect(result.status).toBe(0);
    expect(result.output).toBe('');
  });
});

describe('hook scripts', () => {
  const scripts = readdirSync(HOOKS).filter((name) => !name.endsWith('.md'));

  it('parse under sh and dash, and are executable', () => {
    expect(scripts.sort()).toEqual([
      'hearth-hook',
      'post-checkout',
      'post-commit',
      'post-merge',
      'post-rewrite',
      'pre-commit',
      'pre-push',
    ]);
    const dash = spawnSync('sh', ['-c', 'command -v dash']).status === 0;
    for (const name of scripts) {
      const file = path.join(HOOKS, name);
      expect(spawnSync('sh', ['-n', file]).status, `sh -n ${name}`).toBe(0);
      if (dash) expect(spawnSync('dash', ['-n', file]).status, `dash -n ${name}`).toBe(0);
      expect(readFileSync(file, 'utf8').startsWith('#!/bin/sh\n')).toBe(true);
      expect(statSync(file).mode & 0o755, `mode of ${name}`).toBe(0o755);
    }
  });

  it('an old config naming a wrapper here (through a symlink) says, in one line, to install again', () => {
    const repo = makeRepo();
    symlinkSync(path.join(HOOKS, 'pre-commit'), path.join(gitDir(repo), 'hooks', 'pre-commit'));
    stage(repo, 'a.ts', 'a\n');
    const result = commit(repo);
    expect(result.status).toBe(0);
    expect(result.output).toBe(
      'hearth: this hook is from an older hearth: run `hearth hooks install` again (and use the config line it prints, if any)\n',
    );
  });

  it('keeps node and CLI paths with spaces and quotes intact', async () => {
    const repo = makeRepo();
    const dir = tempDir("hearth it's here ");
    const ran = path.join(dir, 'ran');
    const cli = write(
      dir,
      'cli main.js',
      `require('node:fs').writeFileSync(${JSON.stringify(ran)}, 'y');\n`,
    );
    const node = path.join(dir, "my 'node'");
    symlinkSync(process.execPath, node);
    await installHooks(repo, { node, cli });
    write(repo, '.hearth.json', '{"checks": [], "hooks": {"preCommit": {"block": "errors"}}}\n');
    stage(repo, 'a.ts', 'a\n');
    const result = commit(repo);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(ran)).toBe(true);
  });
});
