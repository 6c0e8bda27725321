/**
 * hearth's commands and options, in commander. The entry (`main.ts`) answers `--version` and
 * `status` itself; for everything else it calls `runProgram`, which registers only the command
 * asked for (all of them for help and for a word it does not know), since every script and hook
 * that calls hearth pays for what loads here.
 */
import { createRequire } from 'node:module';
import type { Command, CommanderError } from 'commander';
import { EXIT } from '../errors.js';
import { VERSION } from '../version.js';

// commander is CommonJS: required, it loads in about half the time its ESM wrapper takes
// (measured 13-17 ms against 34-39 ms on this project's 2-core machine).
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

const collect = (value: string, previous: string[] = []) => [...previous, value];

type Register = (program: Command) => void;

/** Each top-level command, registered on its own; help lists them in this order. */
const COMMANDS: Record<string, Register> = {
  daemon: (program) => {
    program
      .command('daemon')
      .description('run the daemon in the foreground (what a service manager runs)')
      .option(
        '--local-only',
        'keep every model request on this machine (same as HEARTH_LOCAL_ONLY=1)',
      )
      .option('--no-console', 'log only to the log file, not to stderr')
      .action(async (opts: { localOnly?: boolean; console: boolean }) =>
        (await import('./commands/daemon.js')).runDaemonCommand(
          flagPairs(program, opts),
          opts.console,
        ),
      );
  },
  start: (program) => {
    program
      .command('start')
      .description('start the daemon in the background and wait until it answers')
      .option(
        '--local-only',
        'keep every model request on this machine (same as HEARTH_LOCAL_ONLY=1)',
      )
      .option('--timeout <ms>', 'how long to wait for the daemon to answer', parseMs, 15_000)
      .action(async (opts: { localOnly?: boolean; timeout: number }) =>
        (await import('./commands/start.js')).start(flagPairs(program, opts), opts.timeout),
      );
  },
  stop: (program) => {
    program
      .command('stop')
      .description('stop the daemon and wait until it has exited')
      .action(async () => (await import('./commands/stop.js')).stop());
  },
  status: (program) => {
    program
      .command('status')
      .description("show the daemon's state and its repositories")
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }) =>
        (await import('./commands/status.js')).status(opts),
      );
  },
  watch: (program) => {
    program
      .command('watch')
      .description('watch the git repository holding PATH (default: the current folder)')
      .argument('[path]', 'a folder or file inside the repository', '.')
      .action(async (target: string) =>
        (await import('./commands/repos.js')).watch(target, flagPairs(program)),
      );
  },
  unwatch: (program) => {
    program
      .command('unwatch')
      .description('stop watching the repository holding PATH (default: the current folder)')
      .argument('[path]', 'a folder inside the repository, or its registered path', '.')
      .action(async (target: string) => (await import('./commands/repos.js')).unwatch(target));
  },
  trust: (program) => {
    program
      .command('trust')
      .description(
        "let the checks in a repository's .hearth.json run on save and at commit (again after any change to them); checks run code from the repository",
      )
      .argument('[path]', 'a folder inside the repository', '.')
      .option(
        '--verify-with-checks',
        'let checks that run code verify fixes here: runs code the local model wrote, as you',
      )
      .option('--no-verify-with-checks', 'fixes are verified only by checks that run no code')
      .action(async (target: string, opts: { verifyWithChecks?: boolean }) =>
        (await import('./commands/repos.js')).trust(target, opts, flagPairs(program)),
      );
  },
  repos: (program) => {
    program
      .command('repos')
      .description('list the watched repositories')
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }) =>
        (await import('./commands/repos.js')).repos(opts),
      );
  },
  config: (program) => {
    const config = program.command('config').description('read and change settings');
    config
      .command('get')
      .description("print a key's value as it applies here, with every layer resolved")
      .argument('<key>', 'a config key, e.g. cloud.policy')
      .option(
        '--repo <path>',
        "include this repository's .hearth.json (default: the one holding the current folder)",
      )
      .option('--json', 'print JSON with the layer that set the value')
      .action(async (key: string, opts: { repo?: string; json?: boolean }) =>
        (await import('./commands/config.js')).configGet(key, opts, flagPairs(program)),
      );
    config
      .command('set')
      .description('store a value in your user config')
      .argument('<key>', 'a config key, e.g. cloud.policy')
      .argument('<value>', 'the value; lists are comma-separated')
      .action(async (key: string, value: string) =>
        (await import('./commands/config.js')).configSet(key, value),
      );
    config
      .command('unset')
      .description('remove a value from your user config, so the default applies again')
      .argument('<key>', 'a config key')
      .action(async (key: string) => (await import('./commands/config.js')).configUnset(key));
    config
      .command('list')
      .description('print every key, its value and the layer that set it')
      .option(
        '--repo <path>',
        "include this repository's .hearth.json (default: the one holding the current folder)",
      )
      .option('--json', 'print JSON')
      .action(async (opts: { repo?: string; json?: boolean }) =>
        (await import('./commands/config.js')).configList(opts, flagPairs(program)),
      );
  },
  scan: (program) => {
    program
      .command('scan')
      .description('docstring coverage per file and language (works without the daemon)')
      .argument('[paths...]', 'files or folders to scan (default: the current folder)')
      .option('--json', 'print JSON')
      .action(async (paths: string[], opts: { json?: boolean }) =>
        (await import('./commands/scan.js')).scan(paths, opts, flagPairs(program)),
      );
  },
  queue: (program) => {
    const queue = program
      .command('queue')
      .description("list the daemon's model tasks, newest first")
      .option(
        '--status <statuses>',
        'only these statuses, comma-separated (queued, waiting, running, done, failed, cancelled, superseded)',
      )
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean; status?: string }) =>
        (await import('./commands/queue.js')).queueList(opts),
      );
    queue
      .command('show')
      .description('show one task: its route, why, and its result')
      .argument('<id>', 'a task id')
      .option('--json', 'print JSON')
      .action(async (id: string, opts: { json?: boolean }) =>
        (await import('./commands/queue.js')).queueShow(id, opts),
      );
    queue
      .command('retry')
      .description('queue a failed or cancelled task again')
      .argument('<id>', 'a task id')
      .action(async (id: string) => (await import('./commands/queue.js')).queueRetry(id));
    queue
      .command('cancel')
      .description(
        'cancel a task that has not finished, or with --all every one (of a kind, a repo)',
      )
      .argument('[id]', 'a task id')
      .option('--all', 'every unfinished task (narrowed by --kind and --repo)')
      .addOption(
        new commander.Option('--kind <kind>', 'only tasks of this kind').choices([
          'docstring',
          'fix',
          'review',
        ]),
      )
      .option('--repo <path>', 'only tasks of the repository holding this path')
      .action(
        async (id: string | undefined, opts: { all?: boolean; kind?: string; repo?: string }) =>
          (await import('./commands/queue.js')).queueCancel(id, opts),
      );
  },
  approve: (program) => {
    program
      .command('approve')
      .description('let a task that waits for approval (cloud policy "ask") go to the cloud')
      .argument('<id>', 'a task id from `hearth queue`, or a review id from `hearth reviews`')
      .action(async (id: string) => (await import('./commands/queue.js')).approve(id));
  },
  reject: (program) => {
    program
      .command('reject')
      .description(
        'drop a suggestion (not made again for the same code), or a task that waits for approval',
      )
      .argument('<id>', 'a suggestion, review or task id')
      .action(async (id: string) => (await import('./commands/suggestions.js')).reject(id));
  },
  suggestions: (program) => {
    program
      .command('suggestions')
      .description(
        'list open suggestions (fixes and docstrings), each with the command that applies it',
      )
      .argument('[path]', 'only those for this file or folder')
      .option('--diff', 'show each patch')
      .option('--all-repos', 'every repository, not only the one here')
      .option('--json', 'print JSON')
      .action(
        async (
          target: string | undefined,
          opts: { json?: boolean; diff?: boolean; allRepos?: boolean },
        ) =>
          (await import('./commands/suggestions.js')).listSuggestions(
            target,
            opts,
            flagPairs(program),
          ),
      );
  },
  apply: (program) => {
    program
      .command('apply')
      .description(
        'apply suggestions to the work tree; one whose file changed since is refused and the file kept',
      )
      .argument('[ids...]', 'suggestion ids from `hearth suggestions`')
      .option('--all', 'every open suggestion of this repository (or of --path)')
      .option('--path <path>', 'with --all: only those for this file or folder')
      .option('--json', 'print JSON')
      .action(async (ids: string[], opts: { all?: boolean; path?: string; json?: boolean }) =>
        (await import('./commands/suggestions.js')).apply(ids, opts, flagPairs(program)),
      );
  },
  docstrings: (program) => {
    program
      .command('docstrings')
      .description(
        'document every undocumented or stale symbol under the paths (with or without the daemon)',
      )
      .argument('[paths...]', 'files or folders (default: the current folder)')
      .option('--apply', 'apply the verified docstrings to the files at once')
      .option('--yes', 'do not ask first, however many symbols there are')
      .option('--json', 'print JSON')
      .action(async (paths: string[], opts: { apply?: boolean; json?: boolean; yes?: boolean }) =>
        (await import('./commands/docstrings.js')).docstrings(paths, opts, flagPairs(program)),
      );
  },
  hooks: (program) => {
    program
      .command('hooks')
      .description(
        "install, remove or show hearth's git hooks (chains existing ones; leaves husky, lefthook and pre-commit alone)",
      )
      .addArgument(
        new commander.Argument('<action>', 'what to do').choices([
          'install',
          'uninstall',
          'status',
        ]),
      )
      .argument('[path]', 'a folder inside the repository (default: the current folder)')
      .option('--json', 'print JSON')
      .action(
        async (
          action: 'install' | 'uninstall' | 'status',
          target: string | undefined,
          opts: { json?: boolean },
        ) => (await import('./commands/hooks.js')).hooksCommand(action, target, opts),
      );
  },
  service: (program) => {
    program
      .command('service')
      .description(
        'install, remove or show the per-user service (systemd user unit or launchd agent) that runs the daemon',
      )
      .addArgument(
        new commander.Argument('<action>', 'what to do').choices([
          'install',
          'uninstall',
          'status',
        ]),
      )
      .option('--dry-run', 'print the file and the commands it would run; change nothing')
      .addOption(
        new commander.Option(
          '--platform <platform>',
          'the service manager to target (default: this OS)',
        ).choices(['linux', 'darwin']),
      )
      .option('--json', 'print JSON')
      .action(
        async (
          action: 'install' | 'uninstall' | 'status',
          opts: { dryRun?: boolean; platform?: 'linux' | 'darwin'; json?: boolean },
        ) => (await import('./commands/service.js')).serviceCommand(action, opts),
      );
  },
  doctor: (program) => {
    program
      .command('doctor')
      .description('check versions, the daemon, local models, GPU, cloud, service and hooks')
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }) =>
        (await import('./commands/doctor.js')).doctor(opts, flagPairs(program)),
      );
  },
  fix: (program) => {
    program
      .command('fix')
      .description(
        'run a failing command, ask the local model for a fix, verify it by running the command again on a scratch copy',
      )
      .argument('<command...>', 'the command, after --: hearth fix -- npm test')
      .option('--apply', 'write the patch when it is verified')
      .option('--timeout <ms>', 'how long the command may run', parseMs, 120_000)
      .option('--json', 'print JSON')
      .action(
        async (command: string[], opts: { apply?: boolean; json?: boolean; timeout: number }) =>
          (await import('./commands/fix.js')).fixCommand(command, opts, flagPairs(program)),
      );
  },
  hook: (program) => {
    program
      .command('hook', { hidden: true })
      .description("the Node side of hearth's git hooks (run by hooks/hearth-hook)")
      .argument('<name>', 'the hook')
      .action(async (name: string) =>
        (await import('./commands/hook.js')).runHook(name, flagPairs(program)),
      );
  },
  review: (program) => {
    program
      .command('review')
      .description(
        'review a change with a model chosen by policy: the last commit, a commit, a range, or --staged',
      )
      .argument('[range]', 'a commit or a range such as main..HEAD (default: the last commit)')
      .option('--staged', 'review the staged changes')
      .addOption(
        new commander.Option('--focus <focus>', 'what to look for').choices([
          'general',
          'security',
          'architecture',
          'refactor',
        ]),
      )
      .option('--cloud', 'ask for the cloud model (local-only, policy and budget still apply)')
      .option('--local', 'keep it on the local model')
      .option(
        '--wait',
        'follow the review until it is done and print it (without a daemon: always, unless it must wait for the network, approval or budget)',
      )
      .option('--json', 'print JSON')
      .action(
        async (
          range: string | undefined,
          opts: {
            staged?: boolean;
            focus?: 'general' | 'security' | 'architecture' | 'refactor';
            cloud?: boolean;
            local?: boolean;
            wait?: boolean;
            json?: boolean;
          },
        ) => (await import('./commands/reviews.js')).review(range, opts, flagPairs(program)),
      );
  },
  reviews: (program) => {
    const reviews = program
      .command('reviews')
      .description('list reviews, newest first: the change, where it ran, status, findings')
      .option('--all-repos', 'every repository, not only the one here')
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean; allRepos?: boolean }) =>
        (await import('./commands/reviews.js')).listReviews(opts),
      );
    reviews
      .command('show')
      .description('show one review')
      .argument('<id>', 'a review id')
      .addOption(
        new commander.Option('--format <format>', 'output format')
          .choices(['md', 'json', 'sarif'])
          .default('md'),
      )
      .action(async (id: string, opts: { format: 'md' | 'json' | 'sarif' }) =>
        (await import('./commands/reviews.js')).showReview(id, opts),
      );
    reviews
      .command('dismiss')
      .description('dismiss a finding: later reviews of the same code do not report it again')
      .argument('<id>', 'a review id')
      .argument('<finding>', "the finding's number in the review, or its fingerprint")
      .action(async (id: string, finding: string) =>
        (await import('./commands/reviews.js')).dismissFinding(id, finding),
      );
  },
  route: (program) => {
    program
      .command('route')
      .description(
        'explain where a task would run now (local, cloud, or waiting) and why; sends nothing',
      )
      .requiredOption('--explain', 'explain the decision (the only mode)')
      .addOption(
        new commander.Option('--kind <kind>', 'the task kind')
          .choices(['docstring', 'fix', 'modify', 'review'])
          .makeOptionMandatory(),
      )
      .option('--files <n>', 'files the task spans', parseCount, 1)
      .option('--lines <n>', 'changed lines', parseCount, 0)
      .option('--tokens <n>', 'prompt size in tokens', parseCount, 0)
      .addOption(
        new commander.Option('--focus <focus>', 'review focus').choices([
          'general',
          'security',
          'architecture',
          'refactor',
        ]),
      )
      .option('--json', 'print JSON')
      .action(
        async (opts: {
          kind: 'review';
          files: number;
          lines: number;
          tokens: number;
          focus?: 'general';
          json?: boolean;
        }) =>
          (await import('./commands/route.js')).routeExplain(
            {
              kind: opts.kind,
              files: opts.files,
              lines: opts.lines,
              focus: opts.focus,
              promptTokens: opts.tokens,
            },
            opts,
          ),
      );
  },
  audit: (program) => {
    program
      .command('audit')
      .description(
        'list every request sent to a model: time, host, tier, task, bytes, tokens, hash',
      )
      .option('-n, --limit <count>', 'how many of the last requests to show', parseCount, 100)
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean; limit: number }) =>
        (await import('./commands/audit.js')).audit(opts),
      );
  },
  stats: (program) => {
    program
      .command('stats')
      .description(
        'work and tokens per tier, cloud spend, and what the local work would have cost in the cloud',
      )
      .option('--json', 'print JSON')
      .option('--days <n>', 'only the requests of the last N days', parseCount)
      .action(async (opts: { json?: boolean; days?: number }) =>
        (await import('./commands/stats.js')).stats(opts, flagPairs(program)),
      );
  },
  logs: (program) => {
    program
      .command('logs')
      .description("print the daemon's log")
      .option('-f, --follow', 'keep printing new lines as they are written')
      .option('-n, --lines <count>', 'how many of the last lines to print', parseCount, 50)
      .option('--json', 'print the raw JSON lines')
      .action(async (opts: { follow?: boolean; lines: number; json?: boolean }) =>
        (await import('./commands/logs.js')).logs(opts),
      );
  },
  version: (program) => {
    program
      .command('version')
      .description('print the version')
      .action(() => {
        process.stdout.write(`hearth ${VERSION}\n`);
      });
  },
};

/**
 * The program with every command, or with only `only` when it names one: what runs the CLI, and
 * what tests walk for each help.
 */
export function buildProgram(only?: string): Command {
  const program = new commander.Command('hearth')
    .description('A local-first AI assistant daemon for git repositories.')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(
      new commander.Option(
        '-c, --config <key=value>',
        'set a config key for this command (repeatable; the top config layer)',
      ).argParser(collect),
    )
    .exitOverride()
    .showHelpAfterError('(run `hearth help` for the commands)');
  const register =
    only !== undefined && Object.hasOwn(COMMANDS, only)
      ? [COMMANDS[only]]
      : Object.values(COMMANDS);
  for (const add of register) add?.(program);
  return program;
}

/**
 * The command word of `hearth [-c key=value]... WORD ...`, or undefined when another option
 * comes first (`hearth --help status` wants the whole program).
 */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-c' || arg === '--config') i++;
    else if (arg.startsWith('--config=') || (arg.startsWith('-c') && arg.length > 2)) continue;
    else return arg.startsWith('-') ? undefined : arg;
  }
  return undefined;
}

/** Parses and runs `argv` (as in process.argv); the exit code. Errors of the command are thrown. */
export async function runProgram(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  const program = buildProgram(commandWord(args));
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (!(error instanceof commander.CommanderError)) throw error;
    const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    return benign.includes((error as CommanderError).code) ? EXIT.ok : EXIT.usage;
  }
}

/** The `-c key=value` pairs, plus `--local-only` as `localOnly=true`. */
function flagPairs(program: Command, opts: { localOnly?: boolean } = {}): string[] {
  const pairs = [...(program.opts<{ config: string[] }>().config ?? [])];
  if (opts.localOnly) pairs.push('localOnly=true');
  return pairs;
}

function parseMs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new commander.InvalidArgumentError('expected a positive whole number of milliseconds');
  }
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new commander.InvalidArgumentError('expected a whole number');
  return n;
}
