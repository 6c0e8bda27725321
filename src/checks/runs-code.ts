import path from 'node:path';
import type { CheckConfig } from './types.js';

/**
 * Whether a check runs code from the repository. Verifying a fix re-runs its check on a copy
 * holding the model's patch: a check that only reads code (a type checker, a linter without
 * plugins) may do that; one that runs code (tests, scripts, linters whose config is a program)
 * would run what the model wrote, as the user. Anything hearth does not know is taken to run code.
 */

export interface CheckRunsCode {
  runsCode: boolean;
  /** Why, for a person: `tsc reads code without running it`, `eslint loads ...`. */
  reason: string;
}

/**
 * Programs known to read code without running any of it, with the arguments that must follow,
 * and the options that would make them run a program or load code (they make it code).
 */
export const STATIC_CHECKERS: ReadonlyArray<{
  program: string;
  args: readonly string[];
  runners: readonly string[];
}> = [
  { program: 'tsc', args: [], runners: [] },
  { program: 'pyright', args: [], runners: ['--pythonpath'] },
  { program: 'basedpyright', args: [], runners: ['--pythonpath'] },
  { program: 'mypy', args: [], runners: ['--config-file', '--python-executable'] },
  { program: 'ruff', args: ['check'], runners: [] },
  { program: 'go', args: ['vet'], runners: ['-vettool', '--vettool'] },
];

/** Programs people run as checks that do run code, and what they run. */
export const CODE_RUNNERS: Readonly<Record<string, string>> = {
  eslint: 'eslint loads its config and plugins, which are JavaScript',
  cargo: 'cargo builds and runs build scripts and procedural macros',
  npm: 'it runs a package.json script',
  yarn: 'it runs a package.json script',
  pnpm: 'it runs a package.json script',
  bun: 'it runs a package.json script or a program',
  pytest: 'pytest imports and runs the code it tests',
  jest: 'jest runs the code it tests',
  vitest: 'vitest runs the code it tests',
  make: 'it runs what the Makefile says',
  node: 'it runs a script',
  python: 'it runs a script or module',
  python3: 'it runs a script or module',
  sh: 'it runs a script',
  bash: 'it runs a script',
};

/** Flags of `npx` that never fetch or run anything else. */
const NPX_FLAGS = new Set(['--no-install', '--no']);

/** What `sh -c` reads as plain words: no quotes, variables, redirections, lists or globs. */
const PLAIN_WORDS = /^[\w@%+=:,./ -]+$/;

/**
 * Reads a check's command (as `sh -c` runs it) and says whether it runs code from the
 * repository. Pure; `repo` tells a program outside the repository from one inside it.
 */
export function findCheckRunsCode(command: string, repo?: string): CheckRunsCode {
  const trimmed = command.trim();
  const code = (reason: string) => ({ runsCode: true, reason });
  if (!PLAIN_WORDS.test(trimmed))
    return code(`\`${trimmed}\` uses shell syntax, so hearth cannot tell what it runs`);
  let words = trimmed.split(/ +/);
  if (words[0]?.includes('=')) return code(`\`${trimmed}\` sets environment variables first`);
  if (words[0] === 'npx') {
    words = words.slice(1);
    while (words[0] && NPX_FLAGS.has(words[0])) words = words.slice(1);
  } else if (words[0] === 'pnpm' && words[1] === 'exec') words = words.slice(2);
  // `node SCRIPT`: a script in the repository is its code; a checker's installed script is not.
  else if (words[0] === 'node' && words[1]?.includes('/') && isToolPath(words[1], repo))
    words = [words[1].replace(/\.(c|m)?js$/, ''), ...words.slice(2)];
  const [first = '', ...args] = words;
  if (first.includes('/') && !isToolPath(first, repo))
    return code(`\`${first}\` is a program inside the repository`);
  const program = path.posix.basename(first);
  const known = STATIC_CHECKERS.find(
    (c) => c.program === program && c.args.every((arg, i) => args[i] === arg),
  );
  const runner = known?.runners.find((flag) =>
    args.some((arg) => arg === flag || arg.startsWith(`${flag}=`)),
  );
  if (runner) return code(`\`${runner}\` makes ${program} run a program or load code it names`);
  if (known)
    return {
      runsCode: false,
      reason: `${[program, ...known.args].join(' ')} reads code without running it`,
    };
  const runs = CODE_RUNNERS[program];
  if (runs) return code(`\`${trimmed}\` runs code: ${runs}`);
  return code(`hearth does not know \`${program}\` to read code without running it`);
}

/**
 * The check's own `runsCode` when it has one, else what its command says. A repository file
 * cannot mark its command as not running code (see `limitRepoChecks`).
 */
export function checkRunsCode(check: CheckConfig, repo?: string): CheckRunsCode {
  if (check.runsCode === true)
    return { runsCode: true, reason: `${check.name} is declared to run code` };
  if (check.runsCode === false)
    return { runsCode: false, reason: `${check.name} is declared not to run code` };
  return findCheckRunsCode(check.command, repo);
}

/**
 * A repository's `.hearth.json` may say its checks run code, never that they do not: for a
 * command hearth does not know to be static the claim is dropped (the command decides), with a
 * warning.
 */
export function limitRepoChecks(checks: readonly CheckConfig[]): {
  value: CheckConfig[];
  warnings: string[];
} {
  const warnings: string[] = [];
  const value = checks.map((check) => {
    if (check.runsCode !== false || !findCheckRunsCode(check.command).runsCode) return check;
    warnings.push(
      `refused runsCode = false for \`${check.command}\`: a repository file cannot say its own command runs no code (say it in your own config); it counts as running code`,
    );
    const { runsCode: _claimed, ...rest } = check;
    return rest;
  });
  return { value, warnings };
}

/**
 * A program hearth may take by its name: one outside the repository (absolute), or a package's
 * program under `node_modules/` (installed, never written by a fix).
 */
function isToolPath(word: string, repo: string | undefined): boolean {
  if (!word.includes('/')) return true;
  if (word.startsWith('node_modules/') && !word.includes('..')) return true;
  if (!path.posix.isAbsolute(word)) return false;
  if (repo === undefined) return false;
  const rel = path.relative(repo, word);
  return rel.startsWith('..') || path.isAbsolute(rel);
}
