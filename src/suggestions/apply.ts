import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extractSymbols } from '../analysis/analyze-file.js';
import { languageOf } from '../analysis/languages/index.js';
import { errorMessage } from '../errors.js';
import { git } from '../repos/git.js';
import { verifyWriteTarget } from '../repos/safe-path.js';
import { gitOperationInProgress } from '../sources/git-dir.js';
import { buildDocPatch } from '../tasks/docstring/build-patch.js';
import { findTargetSymbol } from '../tasks/docstring/make-suggestion.js';
import { applyEdits } from '../tasks/fix/apply-edits.js';
import { atomicWriteFile } from '../util/atomic-write.js';
import { describeWhere } from './describe.js';
import type { Suggestion, SuggestionStore } from './store.js';

export interface ApplyOutcome {
  id: string;
  path: string;
  symbol: string;
  applied: boolean;
  /** What happened, for a person: why it was refused, or that it was applied. */
  message: string;
}

/**
 * Why a suggestion is written only when the user names it (`hearth apply ID`) and never by
 * `hearth apply --all`, `hearth docstrings --apply` or auto mode, or undefined when those may
 * write it: a fix changes code, and a suggestion with a caution (one that rewrote an existing
 * doc) needs its own look.
 */
export function whyNeedsItsId(s: Suggestion): string | undefined {
  if (s.caution) return s.caution;
  if (s.kind === 'fix') return 'a fix changes code';
  return undefined;
}

/**
 * Applies suggestions to the work tree, file by file. A suggestion applies only to the exact
 * content it was computed for: when the file changed since, it is refused and the file is left
 * as it is. Several suggestions for one unchanged file are inserted one after another, each
 * verified again, and written once. Writes are atomic and keep the file's mode.
 */
export async function applySuggestions(
  store: SuggestionStore,
  suggestions: readonly Suggestion[],
  options: { width: number },
): Promise<ApplyOutcome[]> {
  const outcomes: ApplyOutcome[] = [];
  for (const group of groupByFile(suggestions)) {
    outcomes.push(...(await applyToFile(store, group, options)));
  }
  return outcomes;
}

async function applyToFile(
  store: SuggestionStore,
  group: readonly Suggestion[],
  options: { width: number },
): Promise<ApplyOutcome[]> {
  const first = group[0] as Suggestion;
  const refuse = (s: Suggestion, message: string): ApplyOutcome => ({
    ...describe(s),
    applied: false,
    message,
  });
  // A path from the store is written only inside the work tree, never through a symlink.
  const where = verifyWriteTarget(first.repo, first.path);
  if (!where.ok) return group.map((s) => refuse(s, `not applied: ${where.reason}`));
  const file = where.target;
  const blocked = await gitOperationIn(first.repo);
  if (blocked) return group.map((s) => refuse(s, `not applied: a ${blocked} is in progress`));
  let bytes: Buffer;
  let mode: number;
  try {
    [bytes, mode] = await Promise.all([readFile(file), stat(file).then((i) => i.mode & 0o7777)]);
  } catch (error) {
    return group.map((s) => refuse(s, `${s.path} cannot be read: ${errorMessage(error)}`));
  }
  const hash = sha256(bytes);
  const outcomes: ApplyOutcome[] = [];
  const eligible: Suggestion[] = [];
  for (const s of group) {
    if (s.status !== 'open') outcomes.push(refuse(s, `suggestion ${s.id} is ${s.status}`));
    else if (s.baseHash !== hash)
      outcomes.push(
        refuse(s, `${s.path} changed since suggestion ${s.id} was made; it was not applied`),
      );
    else eligible.push(s);
  }
  if (eligible.length === 0) return outcomes;

  let content: string;
  let applied: Suggestion[];
  if (eligible.length === 1) {
    content = (eligible[0] as Suggestion).after;
    applied = eligible;
  } else {
    const combined = await insertEach(file, bytes.toString('utf8'), eligible, options, outcomes);
    content = combined.content;
    applied = combined.applied;
  }
  if (applied.length === 0) return outcomes;
  // The editor may have saved while we worked: never overwrite what we did not verify against.
  if (sha256(await readFile(file)) !== hash)
    return [
      ...outcomes,
      ...applied.map((s) => refuse(s, `${s.path} changed while applying; nothing was written`)),
    ];
  try {
    atomicWriteFile(file, content, mode);
  } catch (error) {
    // A name too long for a temp file, a full disk, a read-only folder: this file only.
    return [
      ...outcomes,
      ...applied.map((s) => refuse(s, `${s.path} could not be written: ${errorMessage(error)}`)),
    ];
  }
  for (const s of applied) {
    store.setStatus(s.id, 'applied', 'applied to the work tree');
    outcomes.push({ ...describe(s), applied: true, message: 'applied' });
  }
  return outcomes;
}

/**
 * Applies each suggestion to the text in turn: a doc is inserted again and verified, a fix's
 * edits are applied again (the user asked for them by id; a fix is never applied unasked).
 */
async function insertEach(
  file: string,
  raw: string,
  suggestions: readonly Suggestion[],
  options: { width: number },
  outcomes: ApplyOutcome[],
): Promise<{ content: string; applied: Suggestion[] }> {
  const hasBom = raw.charCodeAt(0) === 0xfeff;
  let text = hasBom ? raw.slice(1) : raw;
  const language = languageOf(file);
  const applied: Suggestion[] = [];
  for (const s of suggestions) {
    if (s.kind === 'fix') {
      const patched = applyEdits(text, s.edits);
      if (!patched.ok) {
        outcomes.push({ ...describe(s), applied: false, message: patched.reason });
        continue;
      }
      text = patched.text;
      applied.push(s);
      continue;
    }
    const analysis = language && (await extractSymbols(file, language, { text, contentHash: '' }));
    const symbol = analysis?.ok ? findTargetSymbol(analysis.symbols, s) : undefined;
    const patch =
      symbol && language
        ? await buildDocPatch({
            path: s.path,
            text,
            hasBom: false,
            language,
            style: s.style,
            symbol,
            doc: s.doc,
            width: options.width,
          })
        : { ok: false as const, reason: `${s.symbol} is no longer in ${s.path}` };
    if (!patch.ok) {
      outcomes.push({ ...describe(s), applied: false, message: patch.reason });
      continue;
    }
    text = patch.after;
    applied.push(s);
  }
  return { content: (hasBom ? '\uFEFF' : '') + text, applied };
}

async function gitOperationIn(repo: string): Promise<string | undefined> {
  const gitDir = await git(repo, ['rev-parse', '--path-format=absolute', '--git-dir']).catch(
    () => undefined,
  );
  return gitDir ? gitOperationInProgress(gitDir.trim()) : undefined;
}

function describe(s: Suggestion): Pick<ApplyOutcome, 'id' | 'path' | 'symbol'> {
  return { id: s.id, path: s.path, symbol: describeWhere(s) };
}

function groupByFile(suggestions: readonly Suggestion[]): Suggestion[][] {
  const groups = new Map<string, Suggestion[]>();
  for (const s of suggestions) {
    const key = `${s.repo}\0${s.path}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
