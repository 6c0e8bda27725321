import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, gitTestEnv, hearthJson, tempRepo } from '../helpers/hearth.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';

/** Shared by the review tests: a scripted answer, the model environment, a 12-file commit. */

/** Started model servers; `afterReviewTest` stops them. */
export const servers: ModelServer[] = [];

/** Every review test file's afterEach: the servers stopped, the daemons and temp folders gone. */
export async function afterReviewTest(): Promise<void> {
  cleanup();
  for (const started of servers.splice(0)) await started.stop();
}

/** `hearth reviews --json`, newest first. */
export const listReviews = (home: string) =>
  hearthJson<Listed>(home, ['reviews', '--json', '--all-repos']).then((r) => r.reviews);

export const ANSWER = JSON.stringify({
  summary: 'One real problem.',
  findings: [
    {
      file: 'src/mod3.py',
      line: 3,
      severity: 'error',
      category: 'bug',
      message: 'Subtracts where the name says it adds.',
      suggestion: '    return a + b',
    },
    {
      file: 'src/elsewhere.py',
      line: 1,
      severity: 'warning',
      category: 'bug',
      message: 'Not in the change.',
    },
    {
      file: 'src/mod1.py',
      line: 400,
      severity: 'note',
      category: 'style',
      message: 'Far from any change.',
    },
  ],
});

/**
 * The daemon's environment: the local server; with a cloud URL, that cloud with a key and fast
 * connectivity probes; without one, local-only.
 */
export function modelEnv(
  local: ModelServer,
  cloudUrl: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  const cloud: Record<string, string> = cloudUrl
    ? {
        HEARTH_CLOUD_URL: cloudUrl,
        HEARTH_CLOUD_MODEL: 'gpt-4.1',
        HEARTH_CLOUD_API_KEY: 'sk-test-0000000000000000',
        HEARTH_NETWORK_PROBE_MIN_MS: '100',
        HEARTH_NETWORK_PROBE_MAX_MS: '400',
      }
    : { HEARTH_LOCAL_ONLY: '1' };
  return { HEARTH_LOCAL_URL: local.url, HEARTH_LOCAL_MODEL: 'local-model', ...cloud, ...extra };
}

export async function server(name: string, text: string): Promise<ModelServer> {
  const started = await startModelServer({ models: [name], handler: () => ({ text }) });
  servers.push(started);
  return started;
}

/** Writes 12 modules: `return a + b` in the base version, `a - b` in the changed one. */
export function writeModules(repo: string, op: '+' | '-'): void {
  mkdirSync(path.join(repo, 'src'), { recursive: true });
  for (let i = 0; i < 12; i++)
    writeFileSync(
      path.join(repo, 'src', `mod${i}.py`),
      `def add${i}(a, b):\n    """Add."""\n    return a ${op} b\n`,
    );
}

export function commitAll(repo: string, message: string, env: NodeJS.ProcessEnv = gitTestEnv()) {
  execFileSync('git', ['-C', repo, 'add', '-A'], { env });
  return execFileSync('git', ['-C', repo, 'commit', '-q', '-m', message], {
    env,
    encoding: 'utf8',
  });
}

/** A repo whose last commit touches 12 files: big enough that policy sends it to the cloud. */
export function twelveFileCommit(): string {
  const repo = tempRepo();
  writeModules(repo, '+');
  commitAll(repo, 'base');
  writeModules(repo, '-');
  commitAll(repo, 'twelve');
  return repo;
}

export interface Listed {
  reviews: Array<{
    id: string;
    status: string;
    tier: string | null;
    findings: number;
    label: string;
  }>;
}
