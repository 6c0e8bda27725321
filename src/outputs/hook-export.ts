import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveGitDirSync } from '../repos/git.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { type Suggestion, SuggestionStore } from './suggestion-store.js';

/** The folder under a work tree's git dir that hooks read and append to. */
export function hookStateDir(repo: string): string | undefined {
  const gitDir = resolveGitDirSync(repo);
  return gitDir && path.join(gitDir, 'hearth');
}

/**
 * Writes the repo's open suggestions where its hooks read them without Node
 * (`<git-dir>/hearth/suggestions.tsv`): kind, path, id, verified|unverified|'', where, title;
 * fixes first. Fails quietly: a repo without a git dir has no hooks to feed.
 */
export function writeHookSuggestions(
  store: SuggestionStore,
  repo: string,
  options: { showUnverified: boolean } = { showUnverified: true },
): void {
  const dir = hookStateDir(repo);
  if (!dir) return;
  const rows = store
    .list({ repo })
    .filter((s) => options.showUnverified || s.verified !== false)
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  const lines = rows.map((s) =>
    [s.kind, s.path, s.id, verification(s), s.location || s.symbol, firstLine(s.doc)]
      .map(clean)
      .join('\t'),
  );
  try {
    mkdirSync(dir, { recursive: true });
    atomicWriteFile(path.join(dir, 'suggestions.tsv'), lines.map((l) => `${l}\n`).join(''), 0o644);
  } catch {
    // A read-only or vanished git dir: the hooks simply show nothing.
  }
}

function rank(s: Suggestion): number {
  return s.kind === 'fix' ? 0 : 1;
}

function verification(s: Suggestion): string {
  if (s.verified === null) return '';
  return s.verified ? 'verified' : 'unverified';
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

// A tab or newline inside a field would shift the columns the hook's awk reads.
function clean(field: string): string {
  return field.replace(/[\t\r\n]+/g, ' ');
}

/** The suggestions store, with every change copied to the changed repo's hook file. */
export function openSuggestionStore(
  file: string,
  showUnverified: (repo: string) => boolean,
): SuggestionStore {
  const store = SuggestionStore.open(file, {
    onChange: (repo) => writeHookSuggestions(store, repo, { showUnverified: showUnverified(repo) }),
  });
  return store;
}

/**
 * Tells the repo's next post-commit or pre-push hook that a review arrived: one line per review
 * in `<git-dir>/hearth/reviews-arrived`, which the hook counts, prints and removes.
 */
export function noteReviewArrived(repo: string, reviewId: string): void {
  const dir = hookStateDir(repo);
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
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
