import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readSource } from '../../analysis/read-source.js';
import { createScratchCopy } from '../../checks/scratch-copy.js';
import { loadConfig } from '../../config/load.js';
import { readVerifyWithChecks, trustFileFor } from '../../config/trust.js';
import { EXIT, HearthError } from '../../errors.js';
import { hearthPaths } from '../../paths.js';
import { findWorkTreeRoot } from '../../repos/git.js';
import { verifyInsideWorkTree } from '../../repos/safe-path.js';
import { buildNeverSendMatcher } from '../../router/never-send.js';
import { sha256 } from '../../suggestions/apply.js';
import { applyEdits } from '../../tasks/fix/apply-edits.js';
import { parseFixAnswer } from '../../tasks/fix/parse-answer.js';
import { buildCommandFixPrompt } from '../../tasks/fix/prompt.js';
import { leftOut } from '../../tasks/fix/verify-fix.js';
import { decideVerifyRun } from '../../tasks/fix/verify-policy.js';
import { atomicWriteFile } from '../../util/atomic-write.js';
import { runProcess } from '../../util/run-process.js';
import { buildUnifiedDiff } from '../../util/unified-diff.js';
import { print, printError, printJson, quoteName } from '../output.js';
import { askFixModel } from './fix-run.js';

interface CommandRun {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
}

interface FileInfo {
  rel: string;
  text: string;
  hasBom: boolean;
  contentHash: string;
}

const MAX_FILES = 5;

/**
 * `hearth fix [--apply] -- COMMAND...`: runs the command; if it fails, the local model sees its
 * output and the files it names and proposes edits; the edits are verified by running the command
 * again in a scratch copy with them applied. Prints the patch and the verdict; `--apply` writes a
 * verified patch to files that have not changed meanwhile.
 */
export async function fixCommand(
  command: string[],
  opts: { apply?: boolean; json?: boolean; timeout: number },
  flagPairs: string[],
): Promise<void> {
  if (command.length === 0)
    throw new HearthError('usage', 'give the command after --: hearth fix -- npm test', {
      exitCode: EXIT.usage,
    });
  const cwd = realpathSync(process.cwd());
  const repo = await findWorkTreeRoot(cwd).catch(() => cwd);
  const config = loadConfig({
    userConfigFile: hearthPaths().userConfigFile,
    repoRoot: repo,
    env: process.env,
    flagPairs,
  }).values;
  const first = await runCommand(command, cwd, opts.timeout);
  if (first.exitCode === 0) {
    report(opts, {
      status: 'passes',
      message: `\`${command.join(' ')}\` succeeds: nothing to fix`,
    });
    return;
  }
  const neverSend = buildNeverSendMatcher([...config.neverSend]);
  const files = (
    await readNamedFiles(first.output, cwd, repo, config.analysis.maxFileBytes)
  ).filter((f) => !neverSend(f.rel));
  const answer = await askFixModel(
    {
      messages: buildCommandFixPrompt({
        command: command.join(' '),
        exitCode: first.exitCode,
        output: first.output,
        files: files.map((f) => ({ path: f.rel, text: f.text })),
      }),
      repo,
      paths: files.map((f) => f.rel),
      files: files.length,
      maxTokens: 2000,
    },
    flagPairs,
  );
  const patched = patchFiles(answer, files, repo);
  if (!patched.ok) {
    reportDropped(opts, patched.dropped);
    report(opts, {
      status: 'no-fix',
      message: `no fix: ${patched.reason}`,
      dropped: patched.dropped,
    });
    process.exitCode = EXIT.error;
    return;
  }
  const diff = patched.files.map((f) => f.diff).join('');
  const { verified, verdict } = await verifyCommandFix(
    command,
    { cwd, repo, timeout: opts.timeout },
    patched.files,
  );
  let applied = false;
  if (opts.apply && verified) applied = writeIfUnchanged(repo, patched.files);
  reportDropped(opts, patched.dropped);
  report(opts, {
    status: verified ? 'verified' : 'unverified',
    message: verdict,
    diff,
    applied,
    files: patched.files.map((f) => f.rel),
    dropped: patched.dropped,
  });
  if (opts.apply && !verified) printError('hearth: not applied: the patch is not verified');
  process.exitCode = verified && (!opts.apply || applied) ? EXIT.ok : EXIT.error;
}

/**
 * Runs the command again on a scratch copy holding the patch: verified when it succeeds. A
 * command that runs code would run the model's patch, as the user: only where the user opted in
 * for the repository (`hearth trust --verify-with-checks`); otherwise the patch stays unverified.
 */
async function verifyCommandFix(
  command: string[],
  where: { cwd: string; repo: string; timeout: number },
  files: readonly Patched[],
): Promise<{ verified: boolean; verdict: string }> {
  const shown = `\`${command.join(' ')}\``;
  const decision = decideVerifyRun(
    {
      name: command[0] as string,
      command: command.join(' '),
      parser: 'generic',
      timeoutMs: where.timeout,
    },
    where.repo,
    {
      verifyWithChecks: readVerifyWithChecks(
        trustFileFor(hearthPaths().userConfigFile),
        where.repo,
      ),
      patched: files.map((f) => ({ path: f.rel, text: f.after })),
    },
  );
  if (!decision.run) return { verified: false, verdict: `unverified: ${shown} ${decision.note}` };
  const overrides = Object.fromEntries(files.map((f) => [f.rel, f.after]));
  // Nothing in the copy leads into the work tree: ignored folders are copied (or left out).
  const scratch = await createScratchCopy(where.repo, {
    from: 'worktree',
    ignored: 'copy',
    overrides,
  });
  const again = await runCommand(
    command,
    path.join(scratch.dir, path.relative(where.repo, where.cwd)),
    where.timeout,
  ).finally(() => scratch.remove());
  if (again.exitCode === 0)
    return { verified: true, verdict: `verified: ${shown} succeeds with the patch` };
  return {
    verified: false,
    verdict: `unverified: ${shown} still fails with the patch (${again.timedOut ? 'timed out' : `exit ${again.exitCode}`}${leftOut(scratch.left)})`,
  };
}

async function runCommand(command: string[], cwd: string, timeoutMs: number): Promise<CommandRun> {
  const run = await runProcess(command[0] as string, command.slice(1), {
    cwd,
    timeoutMs,
    tailChars: 200_000,
  });
  return { exitCode: run.exitCode, output: run.output, timedOut: run.timedOut };
}

/** The repo files the output names (`src/a.ts:3:5`, `File "x.py", line 3`), first five. */
async function readNamedFiles(
  output: string,
  cwd: string,
  repo: string,
  maxBytes: number,
): Promise<FileInfo[]> {
  const found: FileInfo[] = [];
  const seen = new Set<string>();
  for (const match of output.matchAll(
    /(?:^|[\s"'(])((?:\/|\.{0,2}\/?)[\w@.+-][\w@.+/-]*\.[A-Za-z0-9]+)/gm,
  )) {
    const absolute = path.resolve(cwd, match[1] as string);
    const rel = path.relative(repo, absolute).split(path.sep).join('/');
    if (seen.has(rel) || rel.startsWith('..') || rel.includes('node_modules/')) continue;
    seen.add(rel);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) continue;
    // Neither read for the model nor written: .git, and symlinks that lead out of the tree.
    if (!verifyInsideWorkTree(repo, rel).ok) continue;
    const source = await readSource(absolute, maxBytes);
    if (!source.ok) continue;
    found.push({ rel, text: source.text, hasBom: source.hasBom, contentHash: source.contentHash });
    if (found.length >= MAX_FILES) break;
  }
  return found;
}

type Patched = { rel: string; after: string; diff: string; contentHash: string };

/**
 * The answer's edits applied to the named files; an edit without a path goes where it fits. An
 * edit for a path outside the work tree or inside .git is dropped with its reason.
 */
function patchFiles(
  answer: string,
  files: FileInfo[],
  repo: string,
):
  | { ok: true; files: Patched[]; dropped: string[] }
  | { ok: false; reason: string; dropped: string[] } {
  const dropped: string[] = [];
  if (files.length === 0)
    return { ok: false, reason: "the command's output names no file here", dropped };
  const parsed = parseFixAnswer(answer);
  if (!parsed.ok) return { ...parsed, dropped };
  const texts = new Map(files.map((f) => [f.rel, f.text]));
  for (const [i, edit] of parsed.edits.entries()) {
    const safe = edit.path === undefined ? undefined : verifyInsideWorkTree(repo, edit.path);
    if (safe && !safe.ok) {
      dropped.push(`edit ${i + 1}: ${safe.reason}`);
      continue;
    }
    const rel = safe
      ? safe.rel
      : files.find((f) => (texts.get(f.rel) ?? '').includes(edit.search.trim()))?.rel;
    const text = rel === undefined ? undefined : texts.get(rel);
    if (rel === undefined || text === undefined)
      return { ok: false, reason: `edit ${i + 1} is for a file the command did not name`, dropped };
    const applied = applyEdits(text, [edit]);
    if (!applied.ok) return { ok: false, reason: `${rel}: ${applied.reason}`, dropped };
    texts.set(rel, applied.text);
  }
  const changed = files.filter((f) => texts.get(f.rel) !== f.text);
  if (changed.length === 0)
    return { ok: false, reason: 'no edit is left for a file it may change', dropped };
  return {
    ok: true,
    dropped,
    files: changed.map((f) => {
      const bom = f.hasBom ? '\uFEFF' : '';
      const after = bom + (texts.get(f.rel) as string);
      return {
        rel: f.rel,
        after,
        diff: buildUnifiedDiff(f.rel, bom + f.text, after),
        contentHash: f.contentHash,
      };
    }),
  };
}

/** Writes the patched files, or none of them if any changed since they were read. */
function writeIfUnchanged(repo: string, files: Patched[]): boolean {
  // Checked again at the last moment: a symlink may have been put in a file's place meanwhile.
  const unsafe = files.flatMap((f) => {
    const checked = verifyInsideWorkTree(repo, f.rel);
    return checked.ok ? [] : [checked.reason];
  });
  if (unsafe.length > 0) {
    printError(`hearth: not applied: ${unsafe.join('; ')}`);
    return false;
  }
  const changed = files.filter(
    (f) => sha256(readFileSync(path.join(repo, f.rel))) !== f.contentHash,
  );
  if (changed.length > 0) {
    printError(
      `hearth: not applied: ${changed.map((f) => quoteName(f.rel)).join(', ')} changed meanwhile`,
    );
    return false;
  }
  for (const f of files) {
    const file = path.join(repo, f.rel);
    atomicWriteFile(file, f.after, statSync(file).mode & 0o7777);
  }
  return true;
}

/** Edits the user must know were left out, one line each on stderr (in the JSON otherwise). */
function reportDropped(opts: { json?: boolean }, dropped: readonly string[]): void {
  if (opts.json) return;
  for (const reason of dropped) printError(`hearth: dropped ${reason}`);
}

function report(
  opts: { json?: boolean },
  result: {
    status: string;
    message: string;
    diff?: string;
    applied?: boolean;
    files?: string[];
    dropped?: string[];
  },
): void {
  if (opts.json) {
    printJson(result);
    return;
  }
  if (result.diff) print(result.diff.trimEnd());
  print(`hearth: ${result.message}${result.applied ? '; applied' : ''}`);
}
