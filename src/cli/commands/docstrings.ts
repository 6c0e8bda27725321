import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { findGeneratedReason } from '../../analysis/generated.js';
import { listSourceFiles } from '../../analysis/list-source-files.js';
import { loadConfig } from '../../config/load.js';
import type { HearthConfig } from '../../config/schema.js';
import { DaemonNotRunningError, EXIT, errorMessage, HearthError } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot } from '../../repos/git.js';
import { buildNeverSendMatcher } from '../../router/never-send.js';
import type { SubmitRequest } from '../../runner/types.js';
import { type ApplyOutcome, applySuggestions, whyNeedsItsId } from '../../suggestions/apply.js';
import type { Suggestion, SuggestionStore } from '../../suggestions/store.js';
import { findHouseStyle } from '../../tasks/docstring/house-style.js';
import { readCurrentFile } from '../../tasks/docstring/make-suggestion.js';
import { buildDocstringRequest, needsDoc, splitRuntimeDocs } from '../../tasks/docstring/plan.js';
import { type RuntimeDocReason, summarizeRuntimeSkips } from '../../tasks/docstring/runtime-doc.js';
import type { DocStyle } from '../../tasks/docstring/types.js';
import { print, printError, printJson, quoteName } from '../output.js';
import { createProgress } from '../progress.js';
import { toFlatSuggestion } from '../suggestion-json.js';
import { runInDaemon, runInProcess } from './docstrings-run.js';
import { openHomeSuggestionStore } from './suggestions.js';

/** One symbol to document: the task's request, and where it is for the report. */
export interface PlannedDoc {
  request: SubmitRequest;
  repo: string;
  path: string;
  symbol: string;
}

/** A symbol left undocumented because its docstring is read at run time. */
export interface RuntimeSkip extends RuntimeDocReason {
  path: string;
  symbol: string;
}

/** What became of one planned doc. */
export type DocResult =
  | { planned: PlannedDoc; suggestion: Suggestion }
  | { planned: PlannedDoc; dropped: string };

/**
 * `hearth docstrings [PATH...] [--apply] [--json] [--yes]`: documents every undocumented or stale symbol
 * under the paths through the same pipeline as the daemon (prompt, local model, sanitise, insert,
 * verify), through the daemon's queue when it runs and in this process otherwise.
 */
export async function docstrings(
  targets: string[],
  opts: { apply?: boolean; json?: boolean; yes?: boolean },
  flagPairs: string[],
): Promise<void> {
  const load = (repoRoot?: string) =>
    loadConfig({
      userConfigFile: hearthPaths().userConfigFile,
      repoRoot,
      env: process.env,
      flagPairs,
    }).values;
  const store = openHomeSuggestionStore();
  try {
    const plan = await planDocs(targets.length ? targets : ['.'], load, store);
    if (!opts.yes && !(await confirmLargeRun(plan.docs))) {
      print('nothing was asked of the model');
      process.exitCode = EXIT.error;
      return;
    }
    const progress = createProgress(plan.docs.length + plan.reused.length, {
      quiet: opts.json === true,
    });
    const report = (result: DocResult) =>
      progress.step(
        'suggestion' in result
          ? `${result.planned.path}  ${result.planned.symbol}  -> ${result.suggestion.id}`
          : `${result.planned.path}  ${result.planned.symbol}  dropped: ${result.dropped}`,
      );
    plan.reused.forEach(report);
    const results = [
      ...plan.reused,
      ...((await daemonRunning())
        ? await runInDaemon(plan.docs, store, report)
        : await runInProcess(plan.docs, store, flagPairs, report)),
    ];
    progress.done();
    const made = results.flatMap((r) => ('suggestion' in r ? [r.suggestion] : []));
    const writable = made.filter((s) => whyNeedsItsId(s) === undefined);
    const applied: ApplyOutcome[] =
      opts.apply && writable.length > 0
        ? await applySuggestions(store, writable, load(writable[0]?.repo).docstrings)
        : [];
    printSummary({ plan, results, applied, json: opts.json === true });
    const failure = findWholeRunDropped(results);
    if (failure) {
      printError(`hearth: ${failure}`);
      process.exitCode = EXIT.error;
    }
  } finally {
    store.close();
  }
}

/** Why a run made nothing when every symbol it asked about was dropped; undefined otherwise. */
export function findWholeRunDropped(results: readonly DocResult[]): string | undefined {
  if (results.length === 0 || results.some((r) => 'suggestion' in r)) return undefined;
  const first = results[0] as { dropped: string };
  const symbols = results.length === 1 ? 'the one symbol' : `all ${results.length} symbols`;
  return `no docstring was made: ${symbols} dropped (first: ${first.dropped})`;
}

/** Above this many model requests, a run from a terminal asks before it starts. */
const ASK_ABOVE = 300;

/**
 * True when the run may start: a small one, one not from a terminal (a script decided), or one
 * the person at the terminal agreed to after seeing how many requests it makes.
 */
async function confirmLargeRun(docs: readonly PlannedDoc[]): Promise<boolean> {
  if (docs.length <= ASK_ABOVE || !process.stdin.isTTY || !process.stderr.isTTY) return true;
  const files = new Set(docs.map((d) => `${d.repo}\0${d.path}`)).size;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(
      `document ${docs.length} symbols in ${files} files? that is ${docs.length} local model requests [y/N] `,
    );
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

/**
 * Every symbol under the targets that needs a doc, as a task to run, unless it was rejected or an
 * open suggestion for the same code exists already (reused: a second run asks nothing again).
 */
async function planDocs(
  targets: string[],
  load: (repo?: string) => HearthConfig,
  store: SuggestionStore,
): Promise<{
  docs: PlannedDoc[];
  reused: DocResult[];
  skipped: Array<{ path: string; reason: string }>;
  runtime: RuntimeSkip[];
}> {
  let files: string[];
  try {
    files = await listSourceFiles(targets);
  } catch (error) {
    throw new HearthError('docstrings-path', `cannot document: ${errorMessage(error)}`);
  }
  const docs: PlannedDoc[] = [];
  const reused: DocResult[] = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  const runtime: RuntimeSkip[] = [];
  const styles = new Map<string, Promise<DocStyle>>();
  for (const file of files) {
    const repo = await findWorkTreeRoot(file).catch(() => path.dirname(file));
    const rel = path.relative(repo, file).split(path.sep).join('/');
    const config = load(repo);
    if (buildNeverSendMatcher([...config.neverSend])(rel)) {
      skipped.push({ path: rel, reason: 'matches neverSend' });
      continue;
    }
    const current = await readCurrentFile(repo, rel, config.analysis.maxFileBytes);
    if (!current.ok) {
      skipped.push({ path: rel, reason: current.reason });
      continue;
    }
    const { file: source } = current;
    // Its generator would overwrite the docs (and it may hold thousands of functions).
    const generated = findGeneratedReason(rel, source.text);
    if (generated) {
      skipped.push({ path: rel, reason: `generated: ${generated}` });
      continue;
    }
    const styleKey = `${repo}\0${source.language}`;
    if (!styles.has(styleKey)) {
      styles.set(styleKey, findHouseStyle(repo, source.language, config));
    }
    const style = await (styles.get(styleKey) as Promise<DocStyle>);
    const needed = source.symbols.filter((symbol) => needsDoc(symbol, source.language));
    const picked = splitRuntimeDocs(needed, source);
    for (const { symbol, group, reason } of picked.skipped) {
      runtime.push({ path: rel, symbol: symbol.qualifiedName, group, reason });
    }
    for (const symbol of picked.symbols) {
      const key = { repo, path: rel, symbol: symbol.qualifiedName, bodyHash: symbol.bodyHash };
      if (store.isRejected(key)) continue;
      const request = buildDocstringRequest({
        repo,
        path: rel,
        style,
        ...source,
        symbol,
        symbols: source.symbols,
        priority: 'interactive',
      });
      const planned = { request, repo, path: rel, symbol: symbol.qualifiedName };
      const open = store
        .list({ repo, path: rel, kind: 'docstring' })
        .find((s) => s.symbol === symbol.qualifiedName && s.bodyHash === symbol.bodyHash);
      if (open?.baseHash === source.contentHash) reused.push({ planned, suggestion: open });
      else docs.push(planned);
    }
  }
  return { docs, reused, skipped, runtime };
}

async function daemonRunning(): Promise<boolean> {
  try {
    await callDaemon(hearthPaths().socket, 'status', {}, { timeoutMs: 2000 });
    return true;
  } catch (error) {
    if (error instanceof DaemonNotRunningError) return false;
    throw error;
  }
}

function printSummary(input: {
  plan: {
    docs: PlannedDoc[];
    skipped: Array<{ path: string; reason: string }>;
    runtime: RuntimeSkip[];
  };
  results: DocResult[];
  applied: ApplyOutcome[];
  json: boolean;
}): void {
  const suggestions = input.results.flatMap((r) => ('suggestion' in r ? [r.suggestion] : []));
  const dropped = input.results.flatMap((r) =>
    'dropped' in r ? [{ path: r.planned.path, symbol: r.planned.symbol, reason: r.dropped }] : [],
  );
  if (input.json) {
    printJson({
      suggestions: suggestions.map((s) => {
        const { after: _after, ...shown } = toFlatSuggestion(s);
        return shown;
      }),
      dropped,
      skipped: [...input.plan.skipped, ...input.plan.runtime],
      applied: input.applied,
    });
    return;
  }
  for (const skip of input.plan.skipped) print(`skipped ${quoteName(skip.path)}: ${skip.reason}`);
  const runtime = summarizeRuntimeSkips(input.plan.runtime);
  if (runtime) print(`skipped ${runtime}`);
  const appliedCount = input.applied.filter((o) => o.applied).length;
  print(
    `${suggestions.length} docstring${suggestions.length === 1 ? '' : 's'} suggested, ${dropped.length} dropped` +
      (input.applied.length ? `, ${appliedCount} applied` : ''),
  );
  for (const o of input.applied.filter((a) => !a.applied))
    print(`not applied ${o.id}: ${o.message}`);
  if (suggestions.length > 0 && input.applied.length === 0)
    print('apply them with `hearth apply --all`, or one by one with `hearth apply ID`');
}
