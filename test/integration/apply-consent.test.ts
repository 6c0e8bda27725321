import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/outputs/apply-suggestions.js';
import { type NewSuggestion, SuggestionStore } from '../../src/outputs/suggestion-store.js';
import { cleanup, hearth, tempHome, tempRepo } from '../helpers/hearth.js';

/**
 * `hearth apply --all` writes what cannot hurt (new docs, parameter updates) and leaves what
 * changes code or rewrites a person's doc for the user to apply by id. The suggestions are put
 * in the real store directly: how they were made is not what this test is about.
 */

afterEach(cleanup);

const BEFORE = 'def add(a, b):\n    return a + b\n';
const DOCUMENTED = 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n';

function suggestionFor(repo: string, file: string, over: Partial<NewSuggestion>): NewSuggestion {
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
    ...over,
  };
}

describe('hearth apply --all', () => {
  it('applies new docs, and names the fixes and cautioned suggestions that need their id', async () => {
    const home = tempHome();
    const repo = tempRepo();
    for (const name of ['new.py', 'fixed.py', 'rewritten.py']) {
      writeFileSync(path.join(repo, name), BEFORE);
    }
    mkdirSync(path.join(home, 'data'), { recursive: true });
    const store = SuggestionStore.open(path.join(home, 'data', 'suggestions.sqlite'));
    const doc = store.add(suggestionFor(repo, 'new.py', {}));
    const fix = store.add(suggestionFor(repo, 'fixed.py', { kind: 'fix', symbol: '' }));
    const cautioned = store.add(
      suggestionFor(repo, 'rewritten.py', { caution: 'rewrites an existing doc' }),
    );
    store.close();

    const all = await hearth(home, ['apply', '--all'], { cwd: repo });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(`applied ${doc.id}`);
    expect(all.stdout).toContain(
      `left 1 for you to apply by id (a fix changes code): hearth apply ${fix.id}`,
    );
    expect(all.stdout).toContain(
      `left 1 for you to apply by id (rewrites an existing doc): hearth apply ${cautioned.id}`,
    );
    expect(readFileSync(path.join(repo, 'new.py'), 'utf8')).toBe(DOCUMENTED);
    expect(readFileSync(path.join(repo, 'fixed.py'), 'utf8')).toBe(BEFORE);
    expect(readFileSync(path.join(repo, 'rewritten.py'), 'utf8')).toBe(BEFORE);

    const listed = await hearth(home, ['suggestions', repo]);
    expect(listed.stdout).toContain('only by its id: rewrites an existing doc');

    // Named, it is the user's decision.
    const byId = await hearth(home, ['apply', cautioned.id], { cwd: repo });
    expect(byId.code, byId.stderr).toBe(0);
    expect(readFileSync(path.join(repo, 'rewritten.py'), 'utf8')).toBe(DOCUMENTED);
  });
});
