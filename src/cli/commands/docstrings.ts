import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../../config/load.js';
import { DaemonNotRunningError, EXIT } from '../../errors.js';
import { callDaemon } from '../../ipc/client.js';
import { hearthPaths } from '../../paths.js';
import { type ApplyOutcome, applySuggestions, whyNeedsItsId } from '../../suggestions/apply.js';
import {
  type DocResult,
  type PlannedDoc,
  planDocs,
  type RuntimeSkip,
} from '../../tasks/docstring/plan-paths.js';
import { summarizeRuntimeSkips } from '../../tasks/docstring/runtime-doc.js';
import { print, printError, printJson, quoteName } from '../output.js';
import { createProgress } from '../progress.js';
import { toFlatSuggestion } from '../suggestion-json.js';
import { runInDaemon, runInProcess } from './docstrings-run.js';
import { openHomeSuggestionStore } from './suggestions.js';

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
