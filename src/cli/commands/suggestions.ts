import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { EXIT, HearthError } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot } from '../../repos/git.js';
import { verifyInsideWorkTree } from '../../repos/safe-path.js';
import { describeLocalWait } from '../../router/local-wait.js';
import { applySuggestions, sha256, whyNeedsItsId } from '../../suggestions/apply.js';
import { findVerified } from '../../suggestions/describe.js';
import { openStoreFeedingHooks } from '../../suggestions/hook-export.js';
import type { Suggestion, SuggestionStore } from '../../suggestions/store.js';
import { print, printError, printJson, quoteName } from '../output.js';
import { peekQueue } from '../queue-peek.js';
import { describeEmpty, findRepoScope } from '../repo-scope.js';
import { cliStoreOptions } from '../store-options.js';
import { toFlatSuggestion } from '../suggestion-json.js';

/**
 * This home's suggestions store (HEARTH_HOME's data folder), feeding the hooks as the daemon's
 * does; the CLI uses it directly, so none of this needs the daemon.
 */
export function openHomeSuggestionStore(flagPairs: readonly string[] = []): SuggestionStore {
  const paths = hearthPaths();
  mkdirSync(paths.data, { recursive: true, mode: 0o700 });
  return openStoreFeedingHooks(
    paths.suggestionsFile,
    (repo) => showUnverified(repo, flagPairs),
    cliStoreOptions(),
  );
}

function showUnverified(repo: string, flagPairs: readonly string[]): boolean {
  try {
    const config = loadConfig({
      userConfigFile: hearthPaths().userConfigFile,
      repoRoot: repo,
      env: process.env,
      flagPairs,
    });
    return config.values.fixes.unverified === 'show';
  } catch {
    return true;
  }
}

/** A path on the command line as the store keys it: its repo and its repo-relative path. */
export async function resolveRepoPath(target: string): Promise<{ repo: string; rel?: string }> {
  const repo = await findWorkTreeRoot(target);
  const rel = path.relative(repo, realpathSync(target)).split(path.sep).join('/');
  return rel ? { repo, rel } : { repo };
}

/**
 * `hearth suggestions [--json] [--diff] [--all-repos] [PATH]`: open suggestions, each with how to
 * apply it; those of the repository here unless PATH or --all-repos says otherwise.
 */
export async function listSuggestions(
  target: string | undefined,
  opts: { json?: boolean; diff?: boolean; allRepos?: boolean },
  flagPairs: string[] = [],
): Promise<void> {
  const scope: { repo?: string; rel?: string } = target
    ? await resolveRepoPath(target)
    : { repo: await findRepoScope(opts.allRepos) };
  const store = openHomeSuggestionStore();
  try {
    // Fixes the checker could not confirm are listed unless fixes.unverified is "hide"; each
    // repo's config is read once, however many suggestions it has.
    const shows = new Map<string, boolean>();
    const showsFor = (repo: string) => {
      if (!shows.has(repo)) shows.set(repo, showUnverified(repo, flagPairs));
      return shows.get(repo) as boolean;
    };
    const found = store
      .list({ repo: scope.repo, path: scope.rel })
      .filter((s) => findVerified(s) !== false || showsFor(s.repo));
    const shown = found.map((s) => ({ ...describe(s), current: isCurrent(s) }));
    const waiting = peekQueue((store) => store.countWaiting('wait-local'), 0);
    if (opts.json) {
      printJson({ suggestions: shown, waitingForLocal: waiting });
      return;
    }
    const waitLine = describeLocalWait(waiting);
    if (shown.length === 0) {
      print(describeEmpty('open suggestions', target ? undefined : scope.repo));
      if (waitLine) print(waitLine);
      return;
    }
    for (const s of shown) {
      const where = quoteName(path.relative(process.cwd(), path.join(s.repo, s.path)) || s.path);
      const line = s.kind === 'fix' ? s.location.slice(s.path.length) : `  ${s.symbol}`;
      const verified = s.verified === null ? '' : s.verified ? '  (verified)' : '  (unverified)';
      const stale = s.current ? '' : '  (file changed since)';
      print(`${s.id}  ${s.kind}  ${where}${line}${verified}${stale}`);
      print(`    ${s.doc.split('\n')[0]}`);
      if (s.caution) print(`    only by its id: ${s.caution}`);
      if (opts.diff) print(s.diff.replace(/^/gm, '    ').trimEnd());
      print(`    apply: hearth apply ${s.id}`);
    }
    if (waitLine) print(waitLine);
  } finally {
    store.close();
  }
}

/**
 * `hearth apply ID...|--all [--path P]`: writes verified suggestions whose file is unchanged.
 * `--all` takes docstrings only (new docs and parameter updates); fixes and suggestions with a
 * caution are listed with their ids for the user to apply one by one.
 */
export async function apply(
  ids: string[],
  opts: { all?: boolean; path?: string; json?: boolean },
  flagPairs: string[],
): Promise<void> {
  if (ids.length === 0 && !opts.all)
    throw new HearthError('usage', 'name the suggestions to apply, or pass --all', {
      exitCode: EXIT.usage,
    });
  const store = openHomeSuggestionStore();
  try {
    let chosen: Suggestion[];
    let held: Suggestion[] = [];
    if (ids.length > 0) chosen = ids.map((id) => store.require(id));
    else {
      // --all means the repo here (or the path given); outside a repo, every repo.
      const scope: { repo?: string; rel?: string } = await resolveRepoPath(opts.path ?? '.').catch(
        (error) => {
          if (opts.path) throw error;
          return {};
        },
      );
      chosen = store.list({ repo: scope.repo, path: scope.rel });
      held = chosen.filter((s) => whyNeedsItsId(s) !== undefined);
      chosen = chosen.filter((s) => whyNeedsItsId(s) === undefined);
    }
    const config = loadConfig({
      userConfigFile: hearthPaths().userConfigFile,
      env: process.env,
      flagPairs,
    }).values;
    const outcomes = await applySuggestions(store, chosen, config.docstrings);
    const needIds = held.map((s) => ({ id: s.id, path: s.path, reason: whyNeedsItsId(s) }));
    if (opts.json) printJson({ outcomes, needIds });
    else if (outcomes.length === 0 && held.length === 0) print('no open suggestions to apply');
    if (!opts.json) for (const line of describeHeld(held)) print(line);
    for (const o of opts.json ? [] : outcomes) {
      if (o.applied) print(`applied ${o.id}  ${quoteName(o.path)}  ${o.symbol}`);
      else printError(`hearth: not applied ${o.id}: ${o.message}`);
    }
    if (outcomes.some((o) => !o.applied)) process.exitCode = EXIT.error;
  } finally {
    store.close();
  }
}

/**
 * `hearth reject ID`: a suggestion is dropped and not made again for the same code; any other
 * id is a task waiting for approval, dropped by the daemon.
 */
export async function reject(id: string): Promise<void> {
  const store = openHomeSuggestionStore();
  let rejected: Suggestion | undefined;
  try {
    if (store.get(id)) rejected = store.reject(id);
  } finally {
    store.close();
  }
  if (rejected) {
    print(
      rejected.kind === 'docstring'
        ? `rejected ${rejected.id}; no docstring will be suggested for ${rejected.symbol} until it changes`
        : `rejected ${rejected.id}; no fix will be suggested again for this problem in ${quoteName(rejected.path)}`,
    );
    return;
  }
  await (await import('./queue.js')).reject(id);
}

function describe(s: Suggestion) {
  const { after: _after, baseHash: _base, bodyHash: _body, ...shown } = toFlatSuggestion(s);
  return {
    ...shown,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

/** Whether the file (inside the work tree, after symlinks) still has the content it was made for. */
function isCurrent(s: Suggestion): boolean {
  const inside = verifyInsideWorkTree(s.repo, s.path);
  if (!inside.ok) return false;
  try {
    return sha256(readFileSync(path.join(s.repo, inside.rel))) === s.baseHash;
  } catch {
    return false;
  }
}

/** One line per reason: `left 2 for you to apply by id (a fix changes code): hearth apply f1 f2`. */
function describeHeld(held: readonly Suggestion[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of held) {
    const reason = whyNeedsItsId(s) as string;
    byReason.set(reason, [...(byReason.get(reason) ?? []), s.id]);
  }
  return [...byReason].map(
    ([reason, ids]) =>
      `left ${ids.length} for you to apply by id (${reason}): hearth apply ${ids.join(' ')}`,
  );
}
