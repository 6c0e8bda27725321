import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hearth, tempHome, tempRepo } from '../helpers/hearth.js';
import { ANSWER, afterReviewTest, commitAll, server } from './review-helpers.js';

/**
 * Local-only means this machine: a `local.url` on another host is refused unless the user listed
 * it in privacy.allowedHosts, and what goes to such a host has its secrets replaced.
 *
 * The "other host" is 0.0.0.0: not a loopback name, so hearth must treat it as another machine,
 * yet Linux delivers a connection to it to this machine, where the scripted server listens; no
 * test traffic leaves 127.0.0.1.
 */

afterEach(afterReviewTest);

const SECRET = 'Zq8xW3vR7tY2pL9mK4nB';

function repoWithSecretChange(): string {
  const repo = tempRepo();
  writeFileSync(path.join(repo, 'settings.py'), 'DEBUG = True\n');
  commitAll(repo, 'base');
  writeFileSync(path.join(repo, 'settings.py'), `DEBUG = True\nDB_PASSWORD = "${SECRET}"\n`);
  commitAll(repo, 'add the database password');
  return repo;
}

/**
 * `hearth review` of the secret-bearing commit, local-only, with the local model at `host`
 * (0.0.0.0 stands for another machine); returns the run and the bodies the model received.
 */
async function reviewLocalOnly(host: string, extra: Record<string, string> = {}) {
  const local = await server('local-model', ANSWER);
  const run = await hearth(tempHome(), ['review', '--json'], {
    cwd: repoWithSecretChange(),
    env: {
      HEARTH_LOCAL_ONLY: '1',
      HEARTH_LOCAL_URL: local.url.replace('127.0.0.1', host),
      HEARTH_LOCAL_MODEL: 'local-model',
      ...extra,
    },
  });
  return {
    run,
    sent: local.chatRequests().map((r) => JSON.stringify(r.body)),
    count: local.count(),
  };
}

describe('local-only and a local endpoint on another host', () => {
  it('refuses it, naming local-only and the host, and sends it nothing', async () => {
    const { run, count } = await reviewLocalOnly('0.0.0.0');
    expect(`${run.stdout}${run.stderr}`).toContain(
      'local-only mode is on and local.url names 0.0.0.0, which is not this machine',
    );
    expect(count).toBe(0);
  }, 60_000);

  it('sends to a host the user allowed, with secrets replaced', async () => {
    const { run, sent } = await reviewLocalOnly('0.0.0.0', {
      HEARTH_PRIVACY_ALLOWED_HOSTS: '0.0.0.0',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('DB_PASSWORD');
    expect(sent[0]).not.toContain(SECRET);
  }, 60_000);

  it('sends secrets unchanged to a server on this machine, where nothing leaves', async () => {
    const { run, sent } = await reviewLocalOnly('127.0.0.1');
    expect(run.code, run.stderr).toBe(0);
    expect(sent.join('')).toContain(SECRET);
  }, 60_000);
});
