#!/usr/bin/env node
/**
 * The `hearth` command. Scripts, hooks and prompts call it often, so its start is kept small:
 * the version and a plain `hearth status` are answered without commander or the config (status
 * loads the socket client only); every other command goes to `program.ts`, and each command's
 * module is imported when it runs.
 */
import { VERSION } from '../version.js';

process.exitCode = await run(process.argv);

async function run(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  const version = versionLine(args);
  if (version !== undefined) {
    process.stdout.on('error', () => {}); // `hearth --version | true`: nothing left to say
    process.stdout.write(version);
    return 0;
  }
  // Both imports at once: the loader reads their files side by side.
  const [{ endQuietlyWhenOutputCloses, reportError }, command] = await Promise.all([
    import('./output.js'),
    isPlainStatus(args) ? import('./commands/status.js') : import('./program.js'),
  ]);
  endQuietlyWhenOutputCloses();
  const json = asksForJson(args);
  try {
    if ('status' in command) {
      await command.status({ json });
      return Number(process.exitCode ?? 0);
    }
    return await command.runProgram(argv);
  } catch (error) {
    return reportError(error, { json });
  }
}

/** What `hearth --version`, `-V` and `hearth version` print, as commander printed them. */
function versionLine(args: readonly string[]): string | undefined {
  if (args.length !== 1) return undefined;
  if (args[0] === '--version' || args[0] === '-V') return `${VERSION}\n`;
  return args[0] === 'version' ? `hearth ${VERSION}\n` : undefined;
}

/** `hearth status` or `hearth status --json`: anything more (help, a typo) goes to commander. */
function isPlainStatus(args: readonly string[]): boolean {
  return args[0] === 'status' && (args.length === 1 || (args.length === 2 && args[1] === '--json'));
}

function asksForJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
