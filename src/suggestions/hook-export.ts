import { appendFileSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { hookStateDir } from '../service/hook-state.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { gitQuotePath } from '../util/git-quote.js';
import type { OpenStoreOptions } from '../util/sqlite.js';
import { escapeControls, quoteName, quoteNameIn } from '../util/terminal-text.js';
import { describeTitle, describeWhere, findVerified } from './describe.js';
import { type Suggestion, SuggestionStore } from './store.js';

/**
 * This home's state folder for the repo when it exists: watching and `hooks install` make it, so
 * a repo neither watched nor hooked gets nothing written under its git folder.
 */
function existingStateDir(repo: string): string | undefined {
  const dir = hookStateDir(repo);
  return dir && statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? dir : undefined;
}

/**
 * Writes the repo's open suggestions where its hooks read them without Node
 * (`<git-dir>/hearth/<home-id>/suggestions.tsv`): kind, path, id, verified|unverified|'', where,
 * title (shown on a terminal: names quoted, controls escaped), and the path as git quotes it
 * (what the hook matches staged names on); fixes first. Fails quietly: a repo without that folder has no hooks of ours to feed.
 */
export function writeHookSuggestions(
  store: SuggestionStore,
  repo: string,
  options: { showUnverified: boolean } = { showUnverified: true },
): void {
  const dir = existingStateDir(repo);
  if (!dir) return;
  const rows = store
    .list({ repo })
    .filter((s) => options.showUnverified || findVerified(s) !== false)
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  const lines = rows.map((s) =>
    [
      s.kind,
      quoteName(s.path),
      s.id,
      verification(s),
      quoteNameIn(describeWhere(s), s.path),
      firstLine(describeTitle(s)),
      gitQuotePath(s.path),
    ]
      .map(clean)
      .join('\t'),
  );
  try {
    atomicWriteFile(path.join(dir, 'suggestions.tsv'), lines.map((l) => `${l}\n`).join(''), 0o644);
  } catch {
    // A read-only or vanished git dir: the hooks simply show nothing.
  }
}

function rank(s: Suggestion): number {
  return s.kind === 'fix' ? 0 : 1;
}

function verification(s: Suggestion): string {
  const verified = findVerified(s);
  if (verified === null) return '';
  return verified ? 'verified' : 'unverified';
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

// The hook prints these fields to a terminal: controls escaped; a tab or newline inside a field
// would shift the columns the hook's awk reads (names are quoted, so they hold none).
function clean(field: string): string {
  return escapeControls(field).replace(/[\t\n]+/g, ' ');
}

/** A suggestions store whose every change is copied to the changed repo's hook file. */
export function openStoreFeedingHooks(
  file: string,
  showUnverified: (repo: string) => boolean,
  options: OpenStoreOptions = {},
): SuggestionStore {
  const store = SuggestionStore.open(file, {
    ...options,
    onChange: (repo) => writeHookSuggestions(store, repo, { showUnverified: showUnverified(repo) }),
  });
  return store;
}

/**
 * Tells the repo's next post-commit or pre-push hook that a review arrived: one line per review
 * in `<git-dir>/hearth/<home-id>/reviews-arrived`, which the hook counts, prints and removes.
 */
export function noteReviewArrived(repo: string, reviewId: string): void {
  const dir = existingStateDir(repo);
  if (!dir) return;
  try {
    appendFileSync(path.join(dir, 'reviews-arrived'), `${reviewId}\n`);
  } catch {
    // No hook will say it; `hearth reviews` still lists it.
  }
}

/** How many reviews arrived that no hook has mentioned yet. */
export function countReviewsArrived(repo: string): number {
  const dir = hookStateDir(repo);
  if (!dir) return 0;
  try {
    return readFileSync(path.join(dir, 'reviews-arrived'), 'utf8').split('\n').filter(Boolean)
      .length;
  } catch {
    return 0;
  }
}

/**
 * The reviews a person has now read (`hearth reviews`, `hearth reviews show`) are no longer
 * announced as new by the next hook or `hearth repos`.
 */
export function markReviewsRead(repo: string, reviewIds: readonly string[]): void {
  const dir = hookStateDir(repo);
  if (!dir) return;
  const file = path.join(dir, 'reviews-arrived');
  let listed: string[];
  try {
    listed = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  const read = new Set(reviewIds);
  const left = listed.filter((id) => !read.has(id));
  if (left.length === listed.length) return;
  // A review the daemon announces during this rewrite may lose its "new" line; it stays listed.
  try {
    if (left.length === 0) unlinkSync(file);
    else atomicWriteFile(file, `${left.join('\n')}\n`);
  } catch {
    // Still announced once more by the next hook: harmless.
  }
}
