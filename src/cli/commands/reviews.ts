import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { type PrivacyFloor, readPrivacyFloor } from '../../config/privacy.js';
import { DaemonNotRunningError, EXIT, HearthError } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot, git, isOnABranch } from '../../repos/git.js';
import type { Focus } from '../../router/policy.js';
import type { TaskView } from '../../runner/types.js';
import { markReviewsRead } from '../../suggestions/hook-export.js';
import {
  renderReviewJson,
  renderReviewMarkdown,
  renderReviewSarif,
} from '../../tasks/review/render.js';
import { findingStillHolds } from '../../tasks/review/select-findings.js';
import { followTask } from '../../tasks/review/state.js';
import {
  type Review,
  ReviewStore,
  toReviewReport,
  toReviewView,
} from '../../tasks/review/store.js';
import type { ReviewRequest, ReviewView } from '../../tasks/review/types.js';
import { sleep } from '../../util/process.js';
import { print, printJson, quoteName } from '../output.js';
import { peekQueue } from '../queue-peek.js';
import { describeEmpty, findRepoScope } from '../repo-scope.js';
import { cliStoreOptions } from '../store-options.js';

const FINAL = new Set(['done', 'failed', 'cancelled', 'superseded']);
const STALE_CHECKS_AT_ONCE = 8;

function openReviews(): ReviewStore {
  const paths = hearthPaths();
  mkdirSync(paths.data, { recursive: true, mode: 0o700 });
  return ReviewStore.open(paths.reviewsFile, cliStoreOptions());
}

/**
 * `hearth review [RANGE] [--staged] [--focus F] [--wait]`: queues a review of the last commit, a
 * commit, a range or the staged changes in the daemon; `--wait` follows it to the end. With no
 * daemon running, the review runs in this process (see review-run.ts).
 */
export async function review(
  range: string | undefined,
  opts: {
    staged?: boolean;
    focus?: Focus;
    cloud?: boolean;
    local?: boolean;
    wait?: boolean;
    json?: boolean;
  },
  flagPairs: string[] = [],
): Promise<void> {
  if (opts.cloud && opts.local)
    throw new HearthError('usage', 'give --cloud or --local, not both', { exitCode: EXIT.usage });
  const socket = hearthPaths().socket;
  const request: ReviewRequest = {
    path: process.cwd(),
    // HEARTH_LOCAL_ONLY=1 or `-c localOnly=true` here holds in the daemon too.
    floor: await readCallerFloor(flagPairs),
    ...(range ? { range } : {}),
    ...(opts.staged ? { staged: true } : {}),
    ...(opts.focus ? { focus: opts.focus } : {}),
    ...(opts.cloud ? { prefer: 'cloud' as const } : opts.local ? { prefer: 'local' as const } : {}),
  };
  let answer: { review: ReviewView; task: TaskView };
  try {
    answer = await callDaemon(socket, 'review', request);
  } catch (error) {
    if (!(error instanceof DaemonNotRunningError)) throw error;
    const { reviewWithoutDaemon } = await import('./review-run.js');
    return reviewWithoutDaemon(request, opts, flagPairs);
  }
  const { review: queued } = answer;
  let task = answer.task;
  if (!opts.wait) {
    // The review as it stands: waiting while its task waits, never a bare `pending`.
    const status = followTask(queued.status, task.status);
    if (opts.json) printJson({ ...answer, review: { ...queued, status } });
    else print(`review ${queued.id} of ${queued.label}: ${describeTask(task)}`);
    return;
  }
  const store = openReviews();
  try {
    let shown = '';
    let current = store.require(queued.id);
    // The review, not its first task: an unreadable answer is asked for once more.
    while (current.status === 'pending' && (!FINAL.has(task.status) || task.status === 'done')) {
      const line =
        task.status === 'done'
          ? 'asking the model once more (its answer was not JSON)'
          : describeTask(task);
      if (line !== shown && !opts.json) print(`review ${queued.id}: ${line}`);
      shown = line;
      await sleep(250);
      task = (await callDaemon(socket, 'task', { id: task.id })).task;
      current = store.require(queued.id);
    }
    printReviewOutcome(current, task, opts);
  } finally {
    store.close();
  }
}

/** A finished review: its Markdown (or JSON); one that did not finish, why, with exit code 1. */
export function printReviewOutcome(current: Review, task: TaskView, opts: { json?: boolean }) {
  if (opts.json) printJson({ review: toReviewView(current), task });
  else if (current.status === 'done') print(renderReviewMarkdown(toReviewReport(current)));
  else print(`review ${current.id}: ${task.status}${task.lastError ? `: ${task.lastError}` : ''}`);
  if (current.status !== 'done') process.exitCode = EXIT.error;
}

/** What a review's task is doing, as one line. */
export function describeTask(task: {
  status: string;
  route: string | null;
  reason: string | null;
}): string {
  const where: Record<string, string> = {
    'wait-online': 'waiting for the network',
    'wait-approval': 'waiting for `hearth approve`',
    'wait-local': 'waiting for the local model',
    'wait-budget': "waiting for tomorrow's cloud budget",
  };
  const status =
    task.status === 'waiting'
      ? (where[task.route ?? ''] ?? 'waiting')
      : task.status === 'running'
        ? `sending to the ${task.route === 'cloud' ? 'cloud' : 'local'} model`
        : task.status;
  return `${status}${task.reason ? ` (${task.reason})` : ''}`;
}

/**
 * Why a finished review may no longer describe the code: its commit is on no branch any more,
 * or a file it has findings in changed since (for a review of staged changes, which has no
 * commit: the code at a finding's line is not what was reviewed). Undefined when it holds.
 */
async function findStale(review: Review): Promise<string | undefined> {
  if (review.status !== 'done') return undefined;
  if (review.head === 'staged') {
    const changed = new Set<string>();
    for (const finding of review.findings) {
      const text = await readFile(path.join(review.repo, finding.file), 'utf8').catch(
        () => undefined,
      );
      if (!findingStillHolds(finding, text)) changed.add(finding.file);
    }
    return changed.size > 0 ? `changed since: ${[...changed].join(', ')}` : undefined;
  }
  if (!(await isOnABranch(review.repo, review.head)))
    return 'the reviewed commit is on no branch any more';
  const files = [...new Set(review.findings.map((f) => f.file))];
  if (files.length === 0) return undefined;
  const changed = await git(review.repo, [
    'diff',
    '--name-only',
    review.head,
    '--',
    ...files,
  ]).catch(() => '');
  return changed ? `changed since: ${changed.split('\n').join(', ')}` : undefined;
}

/** The queue status of each pending review's task, for the state the review shows. */
function readTaskStatuses(reviews: readonly Review[]): Map<string, string> {
  const ids = reviews.flatMap((r) => (r.status === 'pending' && r.taskId ? [r.taskId] : []));
  if (ids.length === 0) return new Map();
  return peekQueue(
    (queue) =>
      new Map(
        ids.flatMap((id) => {
          const task = queue.get(id);
          return task ? [[id, task.status] as [string, string]] : [];
        }),
      ),
    new Map<string, string>(),
  );
}

/**
 * `hearth reviews [--json] [--all-repos]`: reviews, newest first: what, where it ran, status,
 * findings; those of the repository here unless --all-repos.
 */
export async function listReviews(opts: { json?: boolean; allRepos?: boolean }): Promise<void> {
  const repo = await findRepoScope(opts.allRepos);
  const store = openReviews();
  try {
    // Each staleness check runs git (for-each-ref --contains walks history): a few at a time.
    const listed = store.list({ repo, limit: 100 });
    const taskStatuses = readTaskStatuses(listed);
    const reviews: Array<ReturnType<typeof toReviewView> & { stale: string | undefined }> = [];
    for (let i = 0; i < listed.length; i += STALE_CHECKS_AT_ONCE) {
      const batch = listed.slice(i, i + STALE_CHECKS_AT_ONCE);
      reviews.push(
        ...(await Promise.all(
          batch.map(async (r) => ({
            ...toReviewView(r),
            status: followTask(r.status, r.taskId ? taskStatuses.get(r.taskId) : undefined),
            stale: await findStale(r),
          })),
        )),
      );
    }
    if (opts.json) {
      printJson({ reviews });
      return;
    }
    // Read by a person (not a program polling --json): no longer announced as new.
    markListedRead(listed);
    if (reviews.length === 0)
      print(`${describeEmpty('reviews', repo)}; ask for one with \`hearth review\``);
    for (const r of reviews) {
      const findings = r.summaryOnly ? 'summary only' : `${r.findings} findings`;
      print(
        `${r.id}  ${r.status.padEnd(9)} ${(r.tier ?? '-').padEnd(5)} ${r.label}  ${r.focus}  ${findings}  ${path.basename(r.repo)}${r.stale ? `  (stale: ${r.stale})` : ''}`,
      );
    }
  } finally {
    store.close();
  }
}

/** Reviews a person has seen are no longer announced as new, per repository. */
function markListedRead(reviews: readonly Review[]): void {
  const byRepo = new Map<string, string[]>();
  for (const r of reviews) byRepo.set(r.repo, [...(byRepo.get(r.repo) ?? []), r.id]);
  for (const [repo, ids] of byRepo) markReviewsRead(repo, ids);
}

/** `hearth reviews show ID [--format md|json|sarif]`. */
export async function showReview(
  id: string,
  opts: { format: 'md' | 'json' | 'sarif' },
): Promise<void> {
  const store = openReviews();
  try {
    const review = store.require(id);
    const found = { ...toReviewReport(review), dismissed: store.dismissed(review.repo) };
    const stale = await findStale(review);
    if (opts.format === 'md') markListedRead([review]);
    if (opts.format === 'sarif') printJson(renderReviewSarif(found));
    else if (opts.format === 'json')
      printJson({ ...renderReviewJson(found), stale: stale ?? null });
    else print(`${stale ? `> Stale: ${stale}.\n\n` : ''}${renderReviewMarkdown(found)}`);
  } finally {
    store.close();
  }
}

/** `hearth reviews dismiss ID FINDING`: by its number in the review or its fingerprint. */
export async function dismissFinding(id: string, finding: string): Promise<void> {
  const store = openReviews();
  try {
    const found = store.require(id);
    const byNumber = /^\d+$/.test(finding) ? found.findings[Number(finding) - 1] : undefined;
    const target =
      byNumber ??
      found.findings.find((f) => finding.length >= 6 && f.fingerprint.startsWith(finding));
    if (!target)
      throw new HearthError(
        'unknown-finding',
        `review ${id} has no finding ${finding} (give its number, 1 to ${found.findings.length}, or its fingerprint)`,
      );
    store.dismiss(found.repo, target.fingerprint);
    print(`dismissed: ${quoteName(target.file)}:${target.line} ${target.message}`);
  } finally {
    store.close();
  }
}

/** A review id (`r…`) stands for its task in `hearth approve` and `hearth reject`. */
export function resolveReviewTask(id: string): string {
  if (!/^r[0-9a-f]{6}$/.test(id)) return id;
  const store = openReviews();
  try {
    return store.get(id)?.taskId ?? id;
  } finally {
    store.close();
  }
}

/** This command's privacy settings (environment, flags, the repository here), for the daemon. */
async function readCallerFloor(flagPairs: string[]): Promise<PrivacyFloor> {
  const repo = await findWorkTreeRoot(process.cwd()).catch(() => undefined);
  const config = loadConfig({
    userConfigFile: hearthPaths().userConfigFile,
    repoRoot: repo,
    env: process.env,
    flagPairs,
  });
  return readPrivacyFloor(config.values);
}
