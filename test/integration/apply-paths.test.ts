import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/outputs/apply-suggestions.js';
import { type NewSuggestion, SuggestionStore } from '../../src/outputs/suggestion-store.js';
import { cleanup, hearth, tempHome, tempRepo } from '../helpers/hearth.js';

/**
 * `hearth apply ID` writes only inside the work tree: a stored path that leaves it, or that goes
 * through a symlinked folder, is refused with a reason and nothing is written anywhere.
 */

afterEach(cleanup);

const BEFORE = 'def add(a, b):\n    return a + b\n';
const DOCUMENTED = 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n';

function suggestionFor(repo: string, file: string): NewSuggestion {
  return {
    kind: 'docstring',
    repo,
    path: file,
    symbol: 'add',
    bodyHash: 'body',
    baseHash: sha256(BEFORE),
    doc: 'Add two numbers.',
    style: 'google',
    diff: `--- a/${file}\n+++ b/${file}\n`,
    after: DOCUMENTED,
    taskId: null,
  };
}

describe('hearth apply and paths from the store', () => {
  it.each([
    ['../x.py', 'x.py', 'outside the repository'],
    ['linked/x.py', 'x.py', 'is under the symlink linked'],
  ])('refuses %s and writes nothing outside', async (stored, outsideName, reason) => {
    const home = tempHome();
    const repo = tempRepo();
    const outside = path.dirname(repo);
    const victim = path.join(outside, outsideName);
    writeFileSync(victim, BEFORE);
    symlinkSync(outside, path.join(repo, 'linked'));
    mkdirSync(path.join(home, 'data'), { recursive: true });
    const store = SuggestionStore.open(path.join(home, 'data', 'suggestions.sqlite'));
    const s = store.add(suggestionFor(repo, stored));
    store.close();

    const run = await hearth(home, ['apply', s.id], { cwd: repo });
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain(reason);
    expect(readFileSync(victim, 'utf8')).toBe(BEFORE);
  });
});
