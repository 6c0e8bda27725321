import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/hearth.js';
import { findImports, type ImportEdge, readImportGraph, roomOf } from './import-graph.js';

/**
 * The walls of the house (docs/ARCHITECTURE.md): which rooms of src/ may import which. A task
 * kind is one folder under tasks/; the layers below it never know a kind, no kind knows
 * another, and only the process rooms speak the wire protocol. A new import that breaks a wall
 * fails here with the file and the import named.
 */

/** Rooms that hold no task kind's knowledge: they must never import a task kind. */
const BELOW_TASKS = [
  '(root)',
  'analysis',
  'audit',
  'checks',
  'config',
  'ipc',
  'log',
  'providers',
  'queue',
  'repos',
  'router',
  'service',
  'sources',
  'util',
];

/** The rooms of the processes (CLI, daemon) and the wire itself: the only ones that may import ipc/. */
const SPEAK_THE_WIRE = ['cli', 'daemon', 'doctor', 'ipc'];

/** Only the CLI starts the daemon's process; nothing else may import it. */
const MAY_IMPORT_DAEMON = ['cli', 'daemon'];

const isKind = (room: string): boolean => room.startsWith('tasks/');

/** Every import that breaks a wall, as `from -> to (which wall)`. */
function findWallBreaks(edges: readonly ImportEdge[]): string[] {
  const breaks: string[] = [];
  for (const { from, to } of edges) {
    const a = roomOf(from);
    const b = roomOf(to);
    if (a === b) continue;
    const edge = `${from} -> ${to}`;
    if (isKind(b) && BELOW_TASKS.includes(a))
      breaks.push(`${edge} (${a} must not know a task kind)`);
    if (isKind(a) && isKind(b)) breaks.push(`${edge} (a task kind must not import another)`);
    if (b === 'ipc' && !SPEAK_THE_WIRE.includes(a))
      breaks.push(`${edge} (only cli, daemon and doctor speak the wire protocol)`);
    if (b === 'daemon' && !MAY_IMPORT_DAEMON.includes(a))
      breaks.push(`${edge} (daemon/ is the process; only the CLI starts it)`);
    if (b === 'cli' && a !== 'cli') breaks.push(`${edge} (nothing imports the CLI)`);
  }
  return breaks;
}

/**
 * Imports of wire types by pure code that predate the walls, to be removed as domain types leave
 * ipc/protocol.ts. The list may only shrink: an entry that no longer breaks a wall fails the test
 * until it is deleted here.
 */
const KNOWN_BREAKS: readonly string[] = [];

describe('the walls between the rooms of src/', () => {
  const edges = readImportGraph(path.join(ROOT, 'src'));

  it('reads the import graph (a sanity check that the walls test sees imports at all)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: 'cli/main.ts', to: 'version.ts' });
  });

  it('no import breaks a wall, beyond the known ones being removed', () => {
    const breaks = findWallBreaks(edges);
    expect(breaks.filter((b) => !KNOWN_BREAKS.includes(b))).toEqual([]);
  });

  it('every known break still exists (the list only shrinks)', () => {
    const breaks = findWallBreaks(edges);
    expect(KNOWN_BREAKS.filter((b) => !breaks.includes(b))).toEqual([]);
  });
});

describe('findWallBreaks', () => {
  const edge = (from: string, spec: string): ImportEdge => ({
    from,
    to: findImports(from, `import { x } from '${spec}';`)[0] as string,
  });

  it.each([
    ['analysis/analyze-file.ts', '../tasks/docstring/types.js', 'must not know a task kind'],
    ['config/schema.ts', '../tasks/fix/prompt.js', 'must not know a task kind'],
    ['queue/store.ts', '../tasks/review/types.js', 'must not know a task kind'],
    ['router/policy.ts', '../tasks/review/types.js', 'must not know a task kind'],
    ['providers/embedded.ts', '../tasks/docstring/prompt.js', 'must not know a task kind'],
    ['tasks/fix/stage.ts', '../docstring/types.js', 'must not import another'],
    ['tasks/docstring/plan.ts', '../../ipc/protocol.js', 'speak the wire protocol'],
    ['analysis/types.ts', '../ipc/protocol.js', 'speak the wire protocol'],
    ['runner/task-service.ts', '../daemon/handlers.js', 'only the CLI starts it'],
    ['tasks/review/stage.ts', '../../cli/output.js', 'nothing imports the CLI'],
  ])('%s importing %s breaks a wall', (from, spec, why) => {
    const breaks = findWallBreaks([edge(from, spec)]);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]).toContain(why);
  });

  it.each([
    ['tasks/fix/stage.ts', '../../checks/run-check.js'],
    ['tasks/docstring/stage.ts', '../../runner/task-service.js'],
    ['daemon/handlers.ts', '../ipc/protocol.js'],
    ['cli/commands/fix.ts', '../../tasks/fix/prompt.js'],
    ['tasks/fix/parse-answer.ts', './apply-edits.js'],
  ])('%s importing %s is allowed', (from, spec) => {
    expect(findWallBreaks([edge(from, spec)])).toEqual([]);
  });
});
