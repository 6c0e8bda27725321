/**
 * The hook files hearth writes into a repository's hooks folder: a few lines that set where
 * Node, the CLI and any previous hook are, then hand over to the shared `hooks/hearth-hook`.
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
  /** hearth's `hooks/hearth-hook` (absolute). */
  hearthHook: string;
  /** Whether a previous hook is kept as `<name>.pre-hearth` beside this one. */
  chained: boolean;
}

/**
 * The installed hook. HEARTH_NODE and HEARTH_CLI may be overridden from the environment (a dev
 * build, a test); the chained hook is found beside this file, so moving the repo keeps it.
 */
export function buildHookScript(options: HookScriptOptions): string {
  const { name } = options;
  return [
    '#!/bin/sh',
    `${HOOK_MARKER}${name}`,
    '# Written by `hearth hooks install`; `hearth hooks uninstall` removes it and puts back any',
    `# previous hook, kept meanwhile as ${name}${BACKUP_SUFFIX} and run first.`,
    `HEARTH_NODE=\${HEARTH_NODE:-${quoteSh(options.node)}}`,
    `HEARTH_CLI=\${HEARTH_CLI:-${quoteSh(options.cli)}}`,
    options.chained ? `HEARTH_CHAIN="\${0%/*}/${name}${BACKUP_SUFFIX}"` : 'HEARTH_CHAIN=',
    'export HEARTH_NODE HEARTH_CLI HEARTH_CHAIN',
    `exec sh ${quoteSh(options.hearthHook)} ${name} "$@"`,
    '',
  ].join('\n');
}

/** Whether a hook file's text is one hearth wrote. */
export function isHearthHook(text: string): boolean {
  return text.split('\n', 3).some((line) => line.startsWith(HOOK_MARKER));
}
