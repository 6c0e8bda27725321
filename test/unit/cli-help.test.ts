import type { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandWord } from '../../src/cli/program.js';

/**
 * Every command's `--help`, in this process: the CLI's own program, walked, each command asked
 * for its help as `hearth CMD --help` asks. One spawned `--help` (test/integration/cli.test.ts)
 * checks the exit code of the real process.
 */

/** Each command's words, e.g. `['config', 'get']`, depth first. */
function listCommandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const words = [...prefix, sub.name()];
    return [words, ...listCommandPaths(sub, words)];
  });
}

/** Parses `hearth ...args --help` on a fresh program; what it printed and how it ended. */
function askHelp(args: string[]): { ending: string | undefined; out: string; err: string } {
  const program = buildProgram();
  let out = '';
  let err = '';
  const capture = (command: Command): void => {
    command.configureOutput({
      writeOut: (text) => {
        out += text;
      },
      writeErr: (text) => {
        err += text;
      },
    });
    for (const sub of command.commands) capture(sub);
  };
  capture(program);
  try {
    program.parse(['node', 'hearth', ...args, '--help']);
  } catch (error) {
    return { ending: (error as CommanderError).code, out, err };
  }
  return { ending: undefined, out, err };
}

const COMMANDS = listCommandPaths(buildProgram());

describe('the help of every hearth command', () => {
  it('importing the CLI to walk its commands runs none of them', async () => {
    await new Promise((r) => setTimeout(r, 10));
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('covers at least the commands the CLI had when this test was written', () => {
    const names = COMMANDS.map((words) => words.join(' '));
    for (const name of [
      'daemon',
      'start',
      'stop',
      'status',
      'watch',
      'unwatch',
      'repos',
      'config',
      'config get',
      'config set',
      'config unset',
      'config list',
      'logs',
      'scan',
      'audit',
      'queue',
      'queue show',
      'queue retry',
      'queue cancel',
      'route',
      'approve',
      'reject',
      'version',
    ])
      expect(names).toContain(name);
  });

  it.each(COMMANDS.map((words) => [words.join(' '), words] as const))(
    'has --help for %s',
    (name, words) => {
      const { ending, out, err } = askHelp([...words]);
      // main() ends with exit 0 on `commander.helpDisplayed`.
      expect(ending).toBe('commander.helpDisplayed');
      expect(err).toBe('');
      expect(out).toContain(`Usage: hearth ${name}`);
      expect(out).toMatch(/^ {2}-h, --help +display help for command$/m);
    },
  );

  it('the program itself has --help listing every top-level command', () => {
    const { ending, out } = askHelp([]);
    expect(ending).toBe('commander.helpDisplayed');
    expect(out).toContain('Usage: hearth [options] [command]');
    for (const command of buildProgram().commands) expect(out).toContain(`  ${command.name()}`);
  });
});

describe('registering only the command asked for (each CLI run builds one, not forty)', () => {
  it.each([
    [['status'], 'status'],
    [['-c', 'cloud.policy=never', 'queue', 'show', '1'], 'queue'],
    [['--config', 'a=b', '-c', 'c=d', 'repos'], 'repos'],
    [['--config=a=b', '-ca=b', 'scan', '--json'], 'scan'],
    [['--help', 'status'], undefined],
    [['-V'], undefined],
    [[], undefined],
  ])('reads the command word of %j as %s', (args, word) => {
    expect(commandWord(args)).toBe(word);
  });

  it('builds the one command named, with its subcommands, and all of them otherwise', () => {
    const queue = buildProgram('queue');
    expect(queue.commands.map((c) => c.name())).toEqual(['queue']);
    expect(queue.commands[0]?.commands.map((c) => c.name())).toEqual(['show', 'retry', 'cancel']);
    const all = buildProgram().commands.map((c) => c.name());
    expect(buildProgram('help').commands.map((c) => c.name())).toEqual(all);
    expect(buildProgram('statsu').commands.map((c) => c.name())).toEqual(all);
  });
});
