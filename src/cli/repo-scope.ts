import { findWorkTreeRoot } from '../repos/git.js';

/**
 * The repository a listing is about: the one holding the current folder, unless `--all-repos`
 * asks for every one (or the command runs outside any repository).
 */
export async function findRepoScope(allRepos: boolean | undefined): Promise<string | undefined> {
  if (allRepos) return undefined;
  return findWorkTreeRoot(process.cwd()).catch(() => undefined);
}

/** What an empty listing says, so an empty repository is not taken for an empty hearth. */
export function describeEmpty(what: string, repo: string | undefined): string {
  return repo ? `no ${what} in this repository (--all-repos for every one)` : `no ${what}`;
}
