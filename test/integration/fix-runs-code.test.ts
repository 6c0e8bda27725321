import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForTaskFinished, waitForTrustRead } from '../helpers/daemon.js';
import {
  cleanup,
  gitTestEnv,
  hearth,
  hearthJson,
  homePaths,
  startDaemon,
  tempDir,
  tempHome,
  tempRepo,
  waitFor,
} from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/**
 * Issue 14, item 6: verifying a fix re-runs its check on a copy holding the model's patch. A
 * check that runs code (here `node lib.js`, which runs the very file being fixed) would run what the
 * model wrote, as the user: by default it is not run and the fix stays unverified; only the
 * user's `hearth trust --verify-with-checks` lets it run.
 */

const servers: ModelServer[] = [];
afterEach(async () => {
  cleanup();
  for (const server of servers.splice(0)) await server.stop();
});

const BROKEN = 'console.log("lib.js:1:1: error: broken"); process.exitCode = 1;';

/** The model's "fix": when it runs, it leaves `marker` (outside every repository). */
function answerWriting(marker: string): string {
  const write = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran\\n');`;
  return ['<<<<<<< SEARCH', BROKEN, '=======', write, '>>>>>>> REPLACE'].join('\n');
}

async function modelWriting(marker: string): Promise<ModelServer> {
  const server = await startModelServer({
    models: ['m'],
    handler: () => ({ text: answerWriting(marker) }),
  });
  servers.push(server);
  return server;
}

const env = (server: ModelServer) => ({
  HEARTH_LOCAL_URL: server.url,
  HEARTH_LOCAL_MODEL: 'm',
  HEARTH_WATCH_SETTLE_MS: '100',
  HEARTH_FIXES_CHECK_DEBOUNCE_MS: '100',
});

function git(repo: string, ...args: string[]): void {
  execFileSync('git', ['-C', repo, ...args], { env: gitTestEnv() });
}

/** A repo whose check runs lib.js, the file a fix will patch; committed clean. */
function scriptRepo(): string {
  const repo = tempRepo();
  writeFileSync(
    path.join(repo, '.hearth.json'),
    JSON.stringify({ checks: [{ name: 'script', command: 'node lib.js', parser: 'generic' }] }),
  );
  writeFileSync(path.join(repo, 'lib.js'), 'process.exitCode = 0;\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'start');
  return repo;
}

interface Listed {
  suggestions: Array<{ id: string; kind: string; verified: boolean | null }>;
}

/** Watches and trusts the repo (with the opt-in when asked), breaks lib.js, waits for the fix. */
async function fixFromDaemon(optIn: boolean) {
  const home = tempHome();
  const repo = scriptRepo();
  const marker = path.join(tempDir(), 'model-code-ran');
  const server = await modelWriting(marker);
  await startDaemon(home, { env: env(server) });
  await hearth(home, ['watch', repo]);
  const trusted = await hearth(home, ['trust', ...(optIn ? ['--verify-with-checks'] : []), repo]);
  expect(trusted.code, trusted.stderr).toBe(0);
  await waitForTrustRead(home);
  writeFileSync(path.join(repo, 'lib.js'), `${BROKEN}\n`);
  await waitForTaskFinished(home, 'fix', 40_000);
  const fix = await waitFor(
    'a fix suggestion',
    async () =>
      (await hearthJson<Listed>(home, ['suggestions', '--json', repo])).suggestions.find(
        (s) => s.kind === 'fix',
      ),
    40_000,
  );
  return { home, repo, marker, fix, trusted: trusted.stdout };
}

describe('a fix from a trusted check that runs code', () => {
  it('is not verified by running the model’s code: the marker is never written', async () => {
    const { home, repo, marker, fix, trusted } = await fixFromDaemon(false);
    expect(trusted).toContain('a check is a command from the repository, and runs code');
    expect(trusted).toContain(
      'script: node lib.js  (its fixes stay unverified: `node lib.js` runs code',
    );
    expect(trusted).toContain('running the others on a fix would run code the local model wrote');
    expect(trusted).toContain(`hearth trust --verify-with-checks ${repo}`);

    expect(fix.verified).toBe(false);
    expect((await hearth(home, ['suggestions', repo])).stdout).toContain('(unverified)');
    const log = readFileSync(homePaths(home).log, 'utf8');
    expect(log).toContain("not run on the model's patch");
    // The check still runs on saves (the user's own code); give it a run after the fix.
    writeFileSync(path.join(repo, 'other.txt'), 'x\n');
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(marker)).toBe(false);
  }, 90_000);

  it('is verified by running it once the user opted in for the repository', async () => {
    const { marker, fix, trusted, repo } = await fixFromDaemon(true);
    expect(trusted).toContain(`verify-with-checks is on for ${repo}`);
    expect(trusted).toContain('code the local model wrote runs as you');
    expect(trusted).toContain(
      'script: node lib.js  (verifies fixes, as you opted in: `node lib.js` runs code',
    );
    expect(fix.verified).toBe(true);
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
  }, 90_000);
});

describe('hearth fix -- COMMAND that runs code', () => {
  it('does not run the command on the patch without the opt-in, and applies nothing', async () => {
    const home = tempHome();
    const repo = tempRepo();
    writeFileSync(path.join(repo, 'lib.js'), `${BROKEN}\n`);
    const marker = path.join(tempDir(), 'model-code-ran');
    const server = await modelWriting(marker);
    const run = await hearth(home, ['fix', '--apply', '--', 'node', 'lib.js'], {
      cwd: repo,
      env: env(server),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("unverified: `node lib.js` not run on the model's patch");
    expect(run.stdout).toContain('hearth trust --verify-with-checks');
    expect(run.stderr).toContain('not applied: the patch is not verified');
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(path.join(repo, 'lib.js'), 'utf8')).toContain(BROKEN);

    const optIn = await hearth(home, ['trust', '--verify-with-checks', repo]);
    expect(optIn.stdout).toContain(`verify-with-checks is on for ${repo}`);
    const verified = await hearth(home, ['fix', '--', 'node', 'lib.js'], {
      cwd: repo,
      env: env(server),
    });
    expect(verified.stdout).toContain('verified: `node lib.js` succeeds with the patch');
    expect(existsSync(marker)).toBe(true);

    const off = await hearth(home, ['trust', '--no-verify-with-checks', repo]);
    expect(off.stdout).not.toContain('verify-with-checks is on');
    const again = await hearth(home, ['fix', '--', 'node', 'lib.js'], {
      cwd: repo,
      env: env(server),
    });
    expect(again.stdout).toContain("not run on the model's patch");
  }, 60_000);
});
