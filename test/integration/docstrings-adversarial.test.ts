import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hearth, tempHome, tempRepo } from '../helpers/hearth.js';
import {
  afterDocstringTest,
  CALC,
  codeShape,
  commitAll,
  docServer,
  env,
} from './docstrings-helpers.js';

/**
 * Whatever a model answers, `hearth docstrings --apply` changes no code: each language's own
 * parser sees the same program before and after. (From docstrings.test.ts, to run beside it.)
 */

afterEach(afterDocstringTest);

describe('adversarial model answers never change code', () => {
  const PYTHON = `${CALC}\n\nclass Box:\n    def put(self, item): self.items.append(item)\n`;
  const TYPESCRIPT = [
    'export class Box {',
    '  items: string[] = [];',
    '  put(item: string): void { this.items.push(item); }',
    '}',
    'export const size = (box: Box): number => box.items.length;',
    '',
  ].join('\n');
  const answers: Array<[string, string]> = [
    [
      'fenced code',
      '```python\ndef put(self, item):\n    import os\n    os.system("rm -rf /")\n```',
    ],
    ['a whole function', 'def put(self, item):\n    """Put it."""\n    self.items.clear()'],
    ['a TypeScript function', 'put(item: string): void {\n  this.items = [];\n}'],
    ['a doc holding """', 'Put "an item" in.\n\nUse """triple""" quotes freely."'],
    ['a doc holding */', 'Put an item */ in the box. /* not a comment'],
    ['5,000 lines', Array.from({ length: 5000 }, (_, i) => `Line ${i} of rambling.`).join('\n')],
    ['empty', ''],
    ['non-UTF-8 bytes', 'Put an item \uFFFD\uFFFD in the box.'],
    ['a lone surrogate', 'Put an item \uD800 in the box.'],
    ['an added import', 'import os\n\nPut an item in the box.'],
    ['parameters the symbol lacks', 'Put it.\n\nArgs:\n    thing: Nope.\n\n@param thing - Nope.'],
    [
      'prose around a fenced doc',
      'Sure! Here is the docstring:\n```\nPut an item in the box.\n```\nLet me know if you need more.',
    ],
  ];

  /** The TypeScript compiler's printer with comments removed: the file's code alone. */
  async function tsShape(file: string): Promise<string> {
    const ts = (await import('typescript')).default;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    return ts.createPrinter({ removeComments: true }).printFile(source);
  }

  it.each(answers)(
    '%s',
    async (_name, answer) => {
      const home = tempHome();
      const repo = tempRepo();
      const py = path.join(repo, 'box.py');
      const ts = path.join(repo, 'box.ts');
      writeFileSync(py, PYTHON);
      writeFileSync(ts, TYPESCRIPT);
      commitAll(repo);
      const before = [codeShape(py), await tsShape(ts)];
      const server = await docServer(() => answer);
      const run = await hearth(home, ['docstrings', '--json', '--apply', repo], {
        env: env(server),
        // Beside other test files on two cores, a run can take longer than the default 20 s.
        timeoutMs: 50_000,
      });
      const result = JSON.parse(run.stdout) as {
        suggestions: unknown[];
        dropped: Array<{ reason: string }>;
      };
      // A run where every symbol was dropped made nothing: it exits 1 with the reason.
      if (result.suggestions.length === 0) {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^hearth: no docstring was made: all 5 symbols dropped/);
      } else expect(run.code, run.stderr).toBe(0);
      // Box and Box.put in each file, and `size` in the TypeScript one.
      expect(result.suggestions.length + result.dropped.length).toBe(5);
      for (const dropped of result.dropped) expect(dropped.reason).toMatch(/\w+/);
      // Each language's own parser agrees: apart from comments and docstrings, nothing changed.
      expect([codeShape(py), await tsShape(ts)]).toEqual(before);
    },
    60_000,
  );
});
