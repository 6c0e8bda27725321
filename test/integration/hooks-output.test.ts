import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../helpers/hearth.js';
import {
  commit,
  gitDir,
  installHooks,
  isolateGit,
  makeRepo,
  stage,
  write,
  writeSuggestions,
} from './hooks-helpers.js';

beforeAll(isolateGit);
afterEach(cleanup);

const MARKER_HOOK = '#!/bin/sh\necho "user hook $# args" >> "$(git rev-parse --git-dir)/marker"\n';

describe('pre-commit output', () => {
  it('shows the staged files’ suggestions, fixes first, and nothing for other files', async () => {
    const repo = makeRepo();
    await installHooks(repo);
    stage(repo, 'src/my cart.ts', 'export class Cart {}\n');
    write(repo, 'src/other.ts', 'export const y = 2;\n');
    writeSuggestions(repo, [
      ['docstring', 'src/my cart.ts', 'd1a2b3c', 'verified', 'Cart.total', 'Returns the total.'],
      ['fix', 'src/other.ts', 'f0', 'verified', 'src/other.ts:1', 'other fix'],
      // Column 7: the name as git quotes it (what the hook matches on); later columns are ignored.
      [
        'fix',
        'src/my cart.ts',
        'f1a2b3c',
        'verified',
        'src/my cart.ts:3',
        'Type mismatch.',
        'src/my cart.ts',
        'x',
      ],
      ['docstring', 'src/other.ts', 'd0', '', 'y', 'other doc'],
    ]);
    const result = commit(repo);
    expect(result.status).toBe(0);
    expect(result.output).toBe(
      [
        'hearth: 2 suggestions for staged files',
        '  fix        src/my cart.ts:3           Type mismatch. (verified)',
        '             hearth apply f1a2b3c',
        '  docstring  src/my cart.ts Cart.total  Returns the total.',
        '             hearth apply d1a2b3c',
        '',
      ].join('\n'),
    );
  });

  it('shows at most ten, then how many more', async () => {
    const repo = makeRepo();
    await installHooks(repo);
    stage(repo, 'big.ts', 'x\n');
    const rows = Array.from({ length: 13 }, (_, i) => [
      'docstring',
      'big.ts',
      `d${i}`,
      '',
      `f${i}`,
      `Doc ${i}.`,
    ]);
    writeSuggestions(repo, rows);
    const result = commit(repo);
    expect(result.output).toContain('hearth: 13 suggestions for staged files');
    expect(result.output).toContain('hearth apply d9\n');
    expect(result.output).not.toContain('hearth apply d10');
    expect(result.output).toContain('  ... and 3 more: hearth suggestions\n');
  });

  it('says nothing with HEARTH_SKIP=1, yet runs the chained hook', async () => {
    const repo = makeRepo();
    write(path.join(gitDir(repo), 'hooks'), 'pre-commit', MARKER_HOOK, 0o755);
    await installHooks(repo);
    stage(repo, 'a.ts', 'a\n');
    writeSuggestions(repo, [['fix', 'a.ts', 'f1', 'verified', 'a.ts:1', 'wrong']]);
    const result = commit(repo, { HEARTH_SKIP: '1' });
    expect(result.status).toBe(0);
    expect(result.output).toBe('');
    expect(existsSync(path.join(gitDir(repo), 'marker'))).toBe(true);
  });
});
