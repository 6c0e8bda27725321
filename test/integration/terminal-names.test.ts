import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/suggestions/apply.js';
import { SuggestionStore } from '../../src/suggestions/store.js';
import { cleanup, gitTestEnv, hearth, tempHome, tempRepo } from '../helpers/hearth.js';

/**
 * Issue 14, item 13: file names and model text reach the terminal quoted and escaped, as git
 * quotes them: an escape sequence in a name is shown as `\x1b`, a tab as `\t`; JSON stays exact.
 */

afterEach(cleanup);

const EVIL = '\u001b[2J\u001b]0;owned\u0007evil.py';
const TABBED = 'tab\tname.py';
const BEFORE = 'def add(a, b):\n    return a + b\n';
const DOCUMENTED = 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n';

/** Control characters other than newline and tab: what must never reach a terminal. */
const controls = (text: string) => [...text].filter((c) => c < ' ' && c !== '\n' && c !== '\t');

function repoWithOddNames(): string {
  const repo = tempRepo();
  for (const name of [EVIL, TABBED]) writeFileSync(path.join(repo, name), BEFORE);
  execFileSync('git', ['-C', repo, 'add', '-A'], { env: gitTestEnv() });
  return repo;
}

describe('names on the terminal', () => {
  it('hearth scan quotes odd names; --json keeps them exact', async () => {
    const home = tempHome();
    const repo = repoWithOddNames();
    const text = await hearth(home, ['scan'], { cwd: repo });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('"\\x1b[2J\\x1b]0;owned\\x07evil.py"  python');
    expect(text.stdout).toContain('"tab\\tname.py"  python');
    expect(controls(text.stdout + text.stderr)).toEqual([]);

    const json = JSON.parse((await hearth(home, ['scan', '--json'], { cwd: repo })).stdout) as {
      files: Array<{ path: string }>;
    };
    expect(json.files.map((f) => f.path).sort()).toEqual([EVIL, TABBED].sort());
  });

  it('hearth suggestions and apply show the name quoted and the model text escaped', async () => {
    const home = tempHome();
    const repo = repoWithOddNames();
    mkdirSync(path.join(home, 'data'), { recursive: true });
    const store = SuggestionStore.open(path.join(home, 'data', 'suggestions.sqlite'));
    const s = store.add({
      kind: 'docstring',
      repo,
      path: EVIL,
      symbol: 'add',
      bodyHash: 'body',
      baseHash: sha256(BEFORE),
      doc: 'Add \u001b[31mtwo\u001b[0m numbers.',
      style: 'google',
      diff: '',
      after: DOCUMENTED,
      taskId: null,
    });
    store.close();

    const listed = await hearth(home, ['suggestions'], { cwd: repo });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${s.id}  docstring  "\\x1b[2J\\x1b]0;owned\\x07evil.py"  add`);
    expect(listed.stdout).toContain('Add \\x1b[31mtwo\\x1b[0m numbers.');
    expect(controls(listed.stdout + listed.stderr)).toEqual([]);

    const applied = await hearth(home, ['apply', s.id], { cwd: repo });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`applied ${s.id}  "\\x1b[2J\\x1b]0;owned\\x07evil.py"`);
    expect(controls(applied.stdout + applied.stderr)).toEqual([]);
    expect(readFileSync(path.join(repo, EVIL), 'utf8')).toBe(DOCUMENTED);
  });
});
