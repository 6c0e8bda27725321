import { git } from '../../repos/git.js';

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
  /** The paths the change leaves: a renamed file by its new path. */
  files: string[];
  /**
   * Every path on either side: a rename's or copy's old path too. What neverSend is checked
   * against, since a file renamed out of `secrets/` carries its content along.
   */
  paths: string[];
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
  const { files, lines, paths: numstatPaths } = parseNumstat(numstat);
  const paths = [...new Set([...numstatPaths, ...listDiffPaths(diff)])].sort();
  const label =
    head === 'staged'
      ? 'staged'
      : spec.kind === 'commit'
        ? short(head)
        : `${short(base)}..${short(head)}`;
  return { label, base, head, diff, files, paths, lines };
}

/** The commit id `rev` names; a name git does not know is said as such, not as a git command. */
async function resolveCommit(repo: string, rev: string): Promise<string> {
  try {
    return await git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch (error) {
    const { code, stderr } = error as { code?: number; stderr?: string };
    // --verify --quiet: exit 1 and nothing on stderr means "no such commit".
    if (code === 1 && !stderr?.trim()) throw new Error(`no commit named ${rev} here`);
    throw error;
  }
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * `added\tremoved\tpath\0` records (a rename's or copy's paths follow as two more records):
 * `files` names each file by its new path, `paths` holds the old ones as well. Pure.
 */
export function parseNumstat(text: string): { files: string[]; paths: string[]; lines: number } {
  const records = text.split('\0');
  const files: string[] = [];
  const paths: string[] = [];
  let lines = 0;
  for (let i = 0; i < records.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(records[i] as string);
    if (!match) continue;
    lines += (Number(match[1]) || 0) + (Number(match[2]) || 0);
    if (match[3] === '') {
      // A rename or copy: the old path, then the new one.
      files.push(records[i + 2] as string);
      paths.push(records[i + 1] as string, records[i + 2] as string);
      i += 2;
    } else {
      files.push(match[3] as string);
      paths.push(match[3] as string);
    }
  }
  return { files, paths, lines };
}

const DIFF_PATH_LINES = [
  /^rename from (.+)$/gm,
  /^rename to (.+)$/gm,
  /^copy from (.+)$/gm,
  /^copy to (.+)$/gm,
  /^--- a\/(.+)$/gm,
  /^\+\+\+ b\/(.+)$/gm,
  /^--- "a\/(.+)"\t?$/gm,
  /^\+\+\+ "b\/(.+)"\t?$/gm,
];

/**
 * Every path a unified diff's headers name, both sides of renames and copies (`rename from`,
 * `copy to`, `--- a/`, `+++ b/`), so that no side of a change escapes neverSend. Pure.
 */
export function listDiffPaths(diff: string): string[] {
  const found = new Set<string>();
  for (const part of diff.split(/^(?=diff --git )/m)) {
    // Only a file's header: a hunk's removed `-- a/x` line would read as `--- a/x`.
    const header = part.split(/^@@/m)[0] as string;
    for (const pattern of DIFF_PATH_LINES)
      for (const match of header.matchAll(pattern))
        found.add(unquoteGitPath((match[1] as string).replace(/\t$/, '')));
  }
  return [...found].sort();
}

// git writes a path holding a quote, backslash or control character as a C string.
function unquoteGitPath(path: string): string {
  const quoted = /^"(.*)"$/.exec(path)?.[1] ?? path;
  if (!quoted.includes('\\')) return quoted;
  const bytes: number[] = [];
  const escapes: Record<string, number> = {
    n: 10,
    t: 9,
    '"': 34,
    '\\': 92,
    a: 7,
    b: 8,
    f: 12,
    r: 13,
    v: 11,
  };
  for (let i = 0; i < quoted.length; i++) {
    const char = quoted[i] as string;
    const next = quoted[i + 1] ?? '';
    if (char === '\\' && /[0-7]{3}/.test(quoted.slice(i + 1, i + 4))) {
      bytes.push(Number.parseInt(quoted.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (char === '\\' && next in escapes) {
      bytes.push(escapes[next] as number);
      i += 1;
    } else bytes.push(...Buffer.from(char));
  }
  return Buffer.from(bytes).toString('utf8');
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
