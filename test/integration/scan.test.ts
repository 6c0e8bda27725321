import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, hearth, hearthJson, tempDir, tempHome, tempRepo } from '../helpers/hearth.js';

afterEach(cleanup);

function write(root: string, rel: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}

interface ScanJson {
  files: Array<{
    path: string;
    language: string;
    symbols: Array<{ qualifiedName: string; kind: string; line: number; hasDoc: boolean }>;
  }>;
  languages: Record<string, { documented: number; undocumented: number }>;
  totals: { documented: number; undocumented: number };
  skipped: Array<{ path: string; reason: string }>;
}

describe('hearth scan', () => {
  it('reports docstring coverage per file and language, without a daemon', async () => {
    const repo = tempRepo();
    write(repo, '.gitignore', 'vendor/\n');
    write(
      repo,
      'app.py',
      'class Shop:\n    """A shop."""\n\n    def buy(self, item):\n        return item\n',
    );
    write(
      repo,
      'web/ui.tsx',
      '/** The app. */\nexport const App = () => <main />;\nexport function helper(x: number) {\n  return x;\n}\n',
    );
    write(repo, 'main.go', 'package main\n\n// Run runs.\nfunc Run() {}\n\nfunc hidden() {}\n');
    write(repo, 'lib.rs', '/// Adds.\npub fn add(a: i32) -> i32 { a }\n');
    write(repo, 'App.java', '/** An app. */\npublic class App {\n  void run() {}\n}\n');
    write(repo, 'vendor/dep.py', 'def vendored():\n    pass\n');
    write(repo, 'image.py', Buffer.from([0x00, 0x01, 0x02]));
    write(repo, 'README.md', '# not code\n');

    const home = tempHome();
    const json = await hearthJson<ScanJson>(home, ['scan', '--json'], { cwd: repo });
    expect(json.files.map((f) => f.path)).toEqual([
      'App.java',
      'app.py',
      'lib.rs',
      'main.go',
      'web/ui.tsx',
    ]);
    const byPath = Object.fromEntries(json.files.map((f) => [f.path, f]));
    expect(byPath['app.py']?.symbols).toEqual([
      { name: 'Shop', qualifiedName: 'Shop', kind: 'class', line: 1, hasDoc: true },
      { name: 'buy', qualifiedName: 'Shop.buy', kind: 'method', line: 4, hasDoc: false },
    ]);
    expect(byPath['web/ui.tsx']?.language).toBe('typescript');
    expect(json.languages).toEqual({
      java: { documented: 1, undocumented: 1 },
      python: { documented: 1, undocumented: 1 },
      rust: { documented: 1, undocumented: 0 },
      go: { documented: 1, undocumented: 1 },
      typescript: { documented: 1, undocumented: 1 },
    });
    expect(json.totals).toEqual({ documented: 5, undocumented: 4 });
    expect(json.skipped).toEqual([expect.objectContaining({ path: 'image.py', reason: 'binary' })]);

    const human = await hearth(home, ['scan'], { cwd: repo });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('app.py  python  1/2 documented');
    expect(human.stdout).toMatch(/\s4 {2}method {4}Shop\.buy/);
    expect(human.stdout).toContain('total       5/9 documented (56%)');
    expect(human.stderr).toContain('image.py is binary');
  });

  it('scans named files and folders outside a git repository', async () => {
    const dir = tempDir();
    write(dir, 'a.py', 'def a():\n    pass\n');
    write(dir, 'sub/b.js', 'function b() {}\n');
    write(dir, 'node_modules/x/c.js', 'function c() {}\n');
    const json = await hearthJson<ScanJson>(
      tempHome(),
      ['scan', '--json', path.join(dir, 'a.py'), path.join(dir, 'sub')],
      { cwd: dir },
    );
    expect(json.files.map((f) => f.path)).toEqual(['a.py', 'sub/b.js']);
    const all = await hearthJson<ScanJson>(tempHome(), ['scan', '--json'], { cwd: dir });
    expect(all.files.map((f) => f.path)).toEqual(['a.py', 'sub/b.js']);
  });

  it('keeps the symbols of a file with a syntax error, and fails clearly on a missing path', async () => {
    const dir = tempDir();
    write(
      dir,
      'broken.py',
      'def ok():\n    pass\n\ndef broken(:\n    pass\n\ndef after():\n    pass\n',
    );
    const json = await hearthJson<ScanJson>(tempHome(), ['scan', '--json'], { cwd: dir });
    const names = json.files[0]?.symbols.map((s) => s.qualifiedName) ?? [];
    expect(names).toContain('ok');
    expect(names).toContain('after');

    const missing = await hearth(tempHome(), ['scan', path.join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope');
  });

  it('honours the size limit from config', async () => {
    const dir = tempDir();
    write(dir, 'big.py', `def big():\n    pass\n${'# pad\n'.repeat(300)}`);
    const json = await hearthJson<ScanJson>(
      tempHome(),
      ['-c', 'analysis.maxFileBytes=1024', 'scan', '--json'],
      { cwd: dir },
    );
    expect(json.skipped).toEqual([
      expect.objectContaining({ path: 'big.py', reason: 'too-large' }),
    ]);
  });
});
