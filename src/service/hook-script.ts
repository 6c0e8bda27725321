/**
 * The hook files hearth writes into a repository's hooks folder: a few lines that record where
 * Node, the CLI, this home's state and any previous hook are, then the whole `hooks/hearth-hook`
 * program, so a hook keeps working (doing nothing) when hearth is uninstalled or moved.
 */

/** The git hooks hearth installs, in the order reports list them. */
export const HOOK_NAMES = [
  'pre-commit',
  'post-commit',
  'pre-push',
  'post-checkout',
  'post-merge',
  'post-rewrite',
] as const;

export type HookName = (typeof HOOK_NAMES)[number];

/** The second line of every hook hearth writes: how it knows its own files from anyone else's. */
export const HOOK_MARKER = '# hearth-managed hook: ';

/** A user's previous hook is kept beside ours under this suffix and run first. */
export const BACKUP_SUFFIX = '.pre-hearth';

/** Quotes a value for sh: inside single quotes only the quote itself needs care. */
export function quoteSh(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export interface HookScriptOptions {
  name: HookName;
  /** The Node binary that runs the CLI (absolute). */
  node: string;
  /** hearth's `dist/cli/main.js` (absolute). */
  cli: string;
  /** This hearth home's state folder under `<git-dir>/hearth/` (see hook-state.ts). */
  id: string;
  /** The text of `hooks/hearth-hook`, copied whole so the hook needs nothing of the install. */
  program: string;
  /** Whether a previous hook is kept as `<name>.pre-hearth` beside this one. */
  chained: boolean;
}

/**
 * The installed hook: a few recorded lines, then hearth's whole hook program. HEARTH_NODE and
 * HEARTH_CLI may be overridden from the environment (a dev build, a test); the chained hook is
 * found beside this file, so moving the repo keeps it.
 */
export function buildHookScript(options: HookScriptOptions): string {
  const { name } = options;
  return [
    '#!/bin/sh',
    `${HOOK_MARKER}${name}`,
    '# Written by `hearth hooks install`; `hearth hooks uninstall` removes it and puts back any',
    `# previous hook, kept meanwhile as ${name}${BACKUP_SUFFIX} and run first. It reads nothing of`,
    "# hearth's install: without hearth it does nothing (HEARTH_SKIP=1 skips it too).",
    ...recordedLines(options),
    options.chained ? `hearth_chain="\${0%/*}/${name}${BACKUP_SUFFIX}"` : 'hearth_chain=',
    '',
    stripShebang(options.program),
  ].join('\n');
}

/**
 * The program husky, lefthook or the pre-commit framework run through their snippet (it lives
 * under the git folder, written by `hooks install`): the pre-commit hook without a chained hook.
 */
export function buildManagerProgram(options: Omit<HookScriptOptions, 'name' | 'chained'>): string {
  return [
    '#!/bin/sh',
    "# hearth's pre-commit step for husky, lefthook or the pre-commit framework, written by",
    '# `hearth hooks install`; their config runs it when it exists. Removed by `hearth hooks uninstall`.',
    ...recordedLines({ ...options, name: 'pre-commit' }),
    'hearth_chain=',
    'hearth_manager=1',
    '',
    stripShebang(options.program),
  ].join('\n');
}

function recordedLines(options: Omit<HookScriptOptions, 'chained'>): string[] {
  return [
    `hearth_hook=${options.name}`,
    `hearth_id=${quoteSh(options.id)}`,
    `hearth_node=\${HEARTH_NODE:-${quoteSh(options.node)}}`,
    `hearth_cli=\${HEARTH_CLI:-${quoteSh(options.cli)}}`,
  ];
}

function stripShebang(program: string): string {
  const text = program.startsWith('#!') ? program.slice(program.indexOf('\n') + 1) : program;
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Whether a hook file's text is one hearth wrote. */
export function isHearthHook(text: string): boolean {
  return text.split('\n', 3).some((line) => line.startsWith(HOOK_MARKER));
}

/** A hook of ours from an older hearth: it hands over to `<install>/hooks/hearth-hook`. */
export function isOutdatedHook(text: string): boolean {
  return isHearthHook(text) && !/^hearth_hook=/m.test(text);
}
