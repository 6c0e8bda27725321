import { git } from './git.js';

/** What a review covers: a revision range, one commit, or the staged changes. */
export type ReviewSpec =
  | { kind: 'range'; range: string }
  | { kind: 'commit'; commit: string }
  | { kind: 'staged' };

export interface ReviewDiff {
  /** For people: `abc1234..def5678`, `def5678`, or `staged`. */
  label: string;
  /** The commit the change starts from, and where it ends (`staged` for the index). */
  base: string;
  head: string;
  /** The unified diff with whole enclosing functions as context (git's --function-context). */
  diff: string;
  files: string[];
  /** Added plus removed lines. */
  lines: number;
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * The diff a review reads, resolved to commit ids so that the review stays about the same change
 * whatever the branch does next. A root commit is compared with the empty tree.
 */
export async function readReviewDiff(repo: string, spec: ReviewSpec): Promise<ReviewDiff> {
  let base: string;
  let head: string;
  if (spec.kind === 'staged') {
    base = await resolveCommit(repo, 'HEAD').catch(() => EMPTY_TREE);
    head = 'staged';
  } else if (spec.kind === 'commit') {
    head = await resolveCommit(repo, spec.commit);
    base = await resolveCommit(repo, `${head}^`).catch(() => EMPTY_TREE);
  } else {
    const [from, to] = spec.range.includes('..')
      ? spec.range.split(/\.{2,3}/)
      : [spec.range, 'HEAD'];
    base = await resolveCommit(repo, from || 'HEAD');
    head = await resolveCommit(repo, to || 'HEAD');
  }
  const sides = head === 'staged' ? ['--cached', base] : [base, head];
  const common = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff'];
  const [diff, numstat] = await Promise.all([
    git(repo, [...common, '--function-context', ...sides], { raw: true }),
    git(repo, [...common, '--numstat', '-z', ...sides], { raw: true }),
  ]);
  const { files, lines } = parseNumstat(numstat);
  const label =
    head === 'staged'
      ? 'staged'
      : spec.kind === 'commit'
        ? short(head)
        : `${short(base)}..${short(head)}`;
  return { label, base, head, diff, files, lines };
}

async function resolveCommit(repo: string, rev: string): Promise<string> {
  return git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/** `added\tremoved\tpath\0` records (a rename's paths follow as two more records). Pure. */
export function parseNumstat(text: string): { files: string[]; lines: number } {
  const records = text.split('\0');
  const files: string[] = [];
  let lines = 0;
  for (let i = 0; i < records.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(records[i] as string);
    if (!match) continue;
    lines += (Number(match[1]) || 0) + (Number(match[2]) || 0);
    if (match[3] === '') {
      // A rename: the old path, then the new one.
      files.push(records[i + 2] as string);
      i += 2;
    } else files.push(match[3] as string);
  }
  return { files, lines };
}

/** Splits a unified diff into one diff per file, for reviewing a large change file by file. */
export function splitDiffByFile(diff: string): Array<{ path: string; diff: string }> {
  const parts = diff.split(/^(?=diff --git )/m).filter((part) => part.startsWith('diff --git '));
  // git ends a ---/+++ path holding a space with a tab.
  return parts.map((part) => ({
    path: (
      /^\+\+\+ b\/(.+)$/m.exec(part)?.[1] ??
      /^diff --git a\/\S+ b\/(.+)$/m.exec(part)?.[1] ??
      ''
    ).replace(/\t$/, ''),
    diff: part,
  }));
}
