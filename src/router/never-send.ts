/**
 * `neverSend` globs: files no model ever sees. The semantics follow `.gitignore`, which is what
 * people write these globs from, and lean towards blocking when in doubt:
 * - a glob without a slash matches a file or folder name at any depth (`*.pem`, `.env*`);
 * - a glob with a slash also matches at any depth (`secrets/**` blocks `secrets/a` and
 *   `config/secrets/a`), unless it starts with `/`, which anchors it to the repository root;
 * - a glob ending in `/` matches folders only; a matched folder blocks everything under it;
 * - dotfiles match, and case is ignored (`KEY.PEM` on a case-insensitive disk is the same file);
 * - `!negations` are ignored: a repo may only tighten this list, so nothing can re-include.
 */
import picomatch from 'picomatch';

export type PathMatcher = (relPath: string) => boolean;

export function buildNeverSendMatcher(globs: readonly string[]): PathMatcher {
  const fileMatchers: PathMatcher[] = [];
  const folderMatchers: PathMatcher[] = [];
  for (const raw of globs) {
    const glob = raw.trim();
    if (glob === '' || glob.startsWith('!') || glob.startsWith('#')) continue;
    const folderOnly = glob.endsWith('/');
    const body = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    if (body === '' || body === '/') continue;
    const anchored = body.startsWith('/') ? body.slice(1) : `**/${body}`;
    const match = picomatch(anchored, { dot: true, nocase: true });
    folderMatchers.push(match);
    if (!folderOnly) fileMatchers.push(match);
  }
  return (relPath) => {
    const path = normalisePath(relPath);
    if (path === '') return false;
    if (fileMatchers.some((match) => match(path))) return true;
    return parentFolders(path).some((folder) => folderMatchers.some((match) => match(folder)));
  };
}

const compiled = new WeakMap<readonly string[], PathMatcher>();

/** The matcher of a config's list, compiled once per list (a resolved config is frozen). */
export function neverSendMatcherFor(globs: readonly string[]): PathMatcher {
  let matcher = compiled.get(globs);
  if (!matcher) {
    matcher = buildNeverSendMatcher(globs);
    compiled.set(globs, matcher);
  }
  return matcher;
}

export function isNeverSend(relPath: string, globs: readonly string[]): boolean {
  return buildNeverSendMatcher(globs)(relPath);
}

export function filterNeverSend(
  paths: readonly string[],
  globs: readonly string[],
): { allowed: string[]; blocked: string[] } {
  const isBlocked = buildNeverSendMatcher(globs);
  const allowed: string[] = [];
  const blocked: string[] = [];
  for (const path of paths) (isBlocked(path) ? blocked : allowed).push(path);
  return { allowed, blocked };
}

/** Forward slashes, no `./` or leading `/`, no empty or `.` segments. */
function normalisePath(relPath: string): string {
  return relPath
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** `a/b/c.txt` -> `a`, `a/b`. */
function parentFolders(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
