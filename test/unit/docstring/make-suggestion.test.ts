import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDocPatch } from '../../../src/tasks/docstring/build-patch.js';
import {
  findTargetSymbol,
  makeDocstringSuggestion,
  readCurrentFile,
} from '../../../src/tasks/docstring/make-suggestion.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SOURCE = 'def add(a, b):\n    return a + b\n';
const options = { width: 88, maxLines: 40, maxFileBytes: 1 << 20 };

async function setup(text = SOURCE, name = 'add') {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'hearth-make-'));
  dirs.push(repo);
  writeFileSync(path.join(repo, 'calc.py'), text);
  const current = await readCurrentFile(repo, 'calc.py', options.maxFileBytes);
  if (!current.ok) throw new Error(current.reason);
  const symbol = current.file.symbols[0];
  if (!symbol) throw new Error('no symbol');
  const target = { path: 'calc.py', symbol: name, bodyHash: symbol.bodyHash, style: 'google' };
  return { repo, target, contentHash: current.file.contentHash };
}

const make = (
  repo: string,
  target: Parameters<typeof makeDocstringSuggestion>[0]['target'],
  answer: string,
) => makeDocstringSuggestion({ repo, target, answer, taskId: 't1', options });

describe('makeDocstringSuggestion', () => {
  it('makes a suggestion whose diff git applies and whose file has the doc', async () => {
    const { repo, target, contentHash } = await setup();
    const made = await make(repo, target, 'Add two numbers.\n\nArgs:\n    a: One.\n    b: Two.');
    if (!made.ok) throw new Error(made.reason);
    expect(made.suggestion).toMatchObject({
      path: 'calc.py',
      symbol: 'add',
      baseHash: contentHash,
    });
    expect(made.suggestion.after).toBe(
      'def add(a, b):\n    """Add two numbers.\n\n    Args:\n        a: One.\n        b: Two.\n    """\n    return a + b\n',
    );
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, 'doc.patch'), made.suggestion.diff);
    execFileSync('git', ['-C', repo, 'apply', 'doc.patch']);
  });

  it.each([
    [
      'documents a parameter the function lacks',
      'Add.\n\nArgs:\n    a: One.\n    c: Three.',
      /do not match add\(a, b\)/,
    ],
    ['holds code', 'def add(a, b):\n    return a - b', /refused/],
    ['is empty', '   ', /refused: empty/],
  ])('drops an answer that %s, naming why', async (_name, answer, reason) => {
    const { repo, target } = await setup();
    const made = await make(repo, target, answer);
    expect(made.ok).toBe(false);
    if (!made.ok) expect(made.reason).toMatch(reason);
  });

  it('drops the answer when the symbol changed while the model worked, or the file went', async () => {
    const { repo, target } = await setup();
    writeFileSync(path.join(repo, 'calc.py'), 'def add(a, b):\n    return b + a\n');
    const changed = await make(repo, target, 'Add two numbers.');
    expect(changed).toEqual({
      ok: false,
      reason: 'add changed or vanished since the doc was asked for',
    });
    rmSync(path.join(repo, 'calc.py'));
    const gone = await make(repo, target, 'Add two numbers.');
    expect(gone.ok).toBe(false);
    if (!gone.ok) expect(gone.reason).toMatch(/calc\.py no longer exists/);
  });

  it('keeps a doc for the same body in a file edited elsewhere', async () => {
    const { repo, target } = await setup();
    writeFileSync(path.join(repo, 'calc.py'), `import math\n\n\n${SOURCE}`);
    const made = await make(repo, target, 'Add two numbers.');
    expect(made.ok && made.suggestion.after).toBe(
      'import math\n\n\ndef add(a, b):\n    """Add two numbers."""\n    return a + b\n',
    );
  });

  const STALE = [
    'def add(a, b, c):',
    '    """Add numbers.',
    '',
    '    .. deprecated:: 3.0',
    '        Use ``sum``.',
    '',
    '    Args:',
    '        a: One.',
    '        b: Two.',
    '    """',
    '    return a + b + c',
    '',
  ].join('\n');

  it('updates a stale doc entry by entry; the stored doc rebuilds the same change later', async () => {
    const { repo, target } = await setup(STALE);
    // An answer that rewrites the summary and names a parameter that does not exist.
    const answer = 'Sums three.\n\nArgs:\n    c: Three.\n    d: Nope.';
    const made = await make(repo, target, answer);
    if (!made.ok) throw new Error(made.reason);
    const updated = STALE.replace('        b: Two.\n', '        b: Two.\n        c: Three.\n');
    expect(made.suggestion.after).toBe(updated);
    expect(made.suggestion.doc).toBe(
      'Add numbers.\n\n.. deprecated:: 3.0\n    Use ``sum``.\n\nArgs:\n    a: One.\n    b: Two.\n    c: Three.',
    );
    // The file changes elsewhere: the open suggestion is rebuilt from its doc, as #followFile does.
    writeFileSync(path.join(repo, 'calc.py'), `import math\n\n\n${STALE}`);
    const current = await readCurrentFile(repo, 'calc.py', options.maxFileBytes);
    if (!current.ok) throw new Error(current.reason);
    const symbol = findTargetSymbol(current.file.symbols, target);
    if (!symbol) throw new Error('no symbol');
    const rebuilt = await buildDocPatch({
      path: 'calc.py',
      ...current.file,
      style: 'google',
      symbol,
      doc: made.suggestion.doc,
      width: options.width,
    });
    expect(rebuilt.ok && rebuilt.after).toBe(`import math\n\n\n${updated}`);
  });

  it('drops an update whose answer has no entry for the new parameter', async () => {
    const { repo, target } = await setup(STALE);
    const made = await make(repo, target, 'Add three numbers.');
    expect(made).toEqual({
      ok: false,
      reason:
        "the parameter update was refused: the model's answer has no entry for the new parameter c",
    });
  });
});

describe('readCurrentFile with a stored path', () => {
  it('reads nothing outside the work tree, by `..` or through a symlinked folder', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'hearth-make-out-'));
    dirs.push(base);
    const repo = path.join(base, 'repo');
    const outside = path.join(base, 'outside');
    mkdirSync(repo);
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'victim.py'), SOURCE);
    symlinkSync(outside, path.join(repo, 'linked'));
    for (const rel of ['../outside/victim.py', 'linked/victim.py', '.git/victim.py']) {
      const read = await readCurrentFile(repo, rel, options.maxFileBytes);
      expect(read.ok, rel).toBe(false);
    }
    writeFileSync(path.join(repo, 'calc.py'), SOURCE);
    expect((await readCurrentFile(repo, './calc.py', options.maxFileBytes)).ok).toBe(true);
  });
});
