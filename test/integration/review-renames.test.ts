import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitTestEnv, hearth, startDaemon, tempHome, tempRepo } from '../helpers/hearth.js';
import {
  ANSWER,
  afterReviewTest,
  commitAll,
  modelEnv,
  server,
  writeModules,
} from './review-helpers.js';

/**
 * A rename out of a neverSend folder keeps the file neverSend: its content and its hunk reach no
 * model, though only its old path matches (`secrets/**` is in the default neverSend).
 */

afterEach(afterReviewTest);

// Plain prose, so that no secret-shaped redaction hides it: only neverSend keeps it back.
const SECRET = 'the orchid lighthouse opens at marmalade o clock';

function secretLines(extra: string): string {
  const lines = Array.from({ length: 10 }, (_, i) => `line ${i} of the secret file`);
  // The secret sits next to the edit, so the rename's hunk shows it.
  return `${[...lines, SECRET, extra].join('\n')}\n`;
}

/** A commit that renames secrets/token.txt to public/x.txt with an edit, beside 12 changed modules. */
function renameOutOfSecrets(): string {
  const repo = tempRepo();
  writeModules(repo, '+');
  mkdirSync(path.join(repo, 'secrets'));
  writeFileSync(path.join(repo, 'secrets', 'token.txt'), secretLines('end'));
  commitAll(repo, 'base');
  writeModules(repo, '-');
  mkdirSync(path.join(repo, 'public'));
  execFileSync('git', ['-C', repo, 'mv', 'secrets/token.txt', 'public/x.txt'], {
    env: gitTestEnv(),
  });
  writeFileSync(path.join(repo, 'public', 'x.txt'), secretLines('end, now public'));
  commitAll(repo, 'publish');
  const status = execFileSync(
    'git',
    ['-C', repo, 'diff', '--name-status', '-M', 'HEAD^', 'HEAD', '--', 'public', 'secrets'],
    { env: gitTestEnv(), encoding: 'utf8' },
  );
  expect(status).toMatch(/^R\d+\tsecrets\/token\.txt\tpublic\/x\.txt$/m);
  return repo;
}

describe('reviews and renames', () => {
  it('refuses to send a change that renames a file out of secrets/, and no model sees it', async () => {
    const local = await server('local-model', ANSWER);
    const cloud = await server('gpt-4.1', ANSWER);
    const home = tempHome();
    await startDaemon(home, { env: modelEnv(local, cloud.url) });
    const repo = renameOutOfSecrets();

    const asked = await hearth(home, ['review', '--json'], { cwd: repo });
    expect(asked.code).not.toBe(0);
    expect(asked.stderr).toContain('secrets/token.txt');
    expect(asked.stderr).toContain('neverSend');
    await new Promise((r) => setTimeout(r, 1500));
    const sent = JSON.stringify([
      ...cloud.chatRequests().map((r) => r.body),
      ...local.chatRequests().map((r) => r.body),
    ]);
    expect(sent).not.toContain('orchid lighthouse');
    expect(sent).not.toContain('public/x.txt');
    expect(sent).not.toContain('secrets/token.txt');
  }, 60_000);

  it('refuses it too when a local-only review would be split by file for a small window', async () => {
    const local = await server('local-model', ANSWER);
    const home = tempHome();
    await startDaemon(home, {
      env: modelEnv(local, undefined, { HEARTH_LOCAL_CONTEXT_TOKENS: '1000' }),
    });
    const repo = renameOutOfSecrets();

    const asked = await hearth(home, ['review', '--json'], { cwd: repo });
    expect(asked.code).not.toBe(0);
    expect(asked.stderr).toContain('secrets/token.txt');
    await new Promise((r) => setTimeout(r, 1500));
    const sent = JSON.stringify(local.chatRequests().map((r) => r.body));
    expect(sent).not.toContain('orchid lighthouse');
    expect(sent).not.toContain('public/x.txt');
    // No review is left open for a change that was refused.
    const listed = await hearth(home, ['reviews', '--json', '--all-repos']);
    expect(JSON.parse(listed.stdout).reviews).toEqual([]);
  }, 60_000);
});
