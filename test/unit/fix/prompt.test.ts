import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/analysis/analyze-file.js';
import type { CodeSymbol, LanguageId } from '../../../src/analysis/types.js';
import type { Diagnostic } from '../../../src/checks/types.js';
import { buildCommandFixPrompt, buildFixPrompt } from '../../../src/tasks/fix/prompt.js';

const CART_TS = `// Copyright 2024 Example Corp.

import { Money } from './money.js';
import type { Item } from './item.js';

export const TAX_RATE = 0.2;
const registry = new Map<string, number>();
registry.set('default', 1);

export function totalOf(items: Item[], currency: string): Money {
  const totalBody = items.reduce((sum, item) => sum + item.price, 0);
  return new Money(totalBody * (1 + TAX_RATE), currency);
}

export function formatPrice(price: Money): string {
  const formatBody = price.amount.toFixed(2);
  return \`\${formatBody} \${price.currency}\`;
}

export class Cart {
  private items: Item[] = [];

  add(item: Item): void {
    function checkItem(candidate: Item): boolean {
      return candidate.price >= 0;
    }
    if (checkItem(item)) this.items.push(item);
  }
}
`;

const STORE_PY = `"""A key-value store kept on disk."""
import json
from pathlib import Path


class Store:
    def __init__(self, root: Path):
        self.root = root

    def get(self, key):
        path = self.root / key
        return json.loads(path.read_text())
`;

// A 100-line function: too long to show whole.
function buildLongFile(): string {
  const body = Array.from({ length: 98 }, (_, i) => `  const step${i} = ${i};`);
  return ['export function long(): number {', ...body, '  return 0;', '}', ''].join('\n');
}

const FILES: Record<string, string> = {
  'cart.ts': CART_TS,
  'store.py': STORE_PY,
  'long.ts': buildLongFile(),
};

function diagnostic(file: string, line: number, message: string, code = 'TS2322'): Diagnostic {
  return { file, line, column: 3, severity: 'error', code, message, parser: 'tsc' };
}

describe('buildFixPrompt on real symbols', () => {
  let dir = '';
  const analysed = new Map<string, CodeSymbol[]>();
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-fix-prompt-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.writeFileSync(path.join(dir, name), text);
      const analysis = await analyzeFile(path.join(dir, name), { maxFileBytes: 1_000_000 });
      if (!analysis.ok) throw new Error(analysis.message);
      analysed.set(name, analysis.symbols);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function promptFor(file: string, diagnostics: Diagnostic[], contextLines?: number) {
    const language: LanguageId = file.endsWith('.py') ? 'python' : 'typescript';
    const text = FILES[file] ?? '';
    const symbols = analysed.get(file) ?? [];
    const input = { path: `src/${file}`, language, text, diagnostics, symbols, contextLines };
    const [system, user] = buildFixPrompt(input);
    return { system: system?.content ?? '', user: user?.content ?? '' };
  }

  it.each([
    {
      name: 'a function: its code, not another function',
      file: 'cart.ts',
      line: 12,
      shown: ['const totalBody', 'return new Money(totalBody', 'the function `totalOf`'],
      hidden: ['formatBody', 'registry.set', 'checkItem'],
    },
    {
      name: 'a nested function: the innermost one',
      file: 'cart.ts',
      line: 25,
      shown: ['    function checkItem(candidate: Item): boolean {', 'the function `Cart.add'],
      hidden: ['if (checkItem(item))', 'totalBody'],
    },
    {
      name: 'a Python method: with its indentation as in the file',
      file: 'store.py',
      line: 12,
      shown: ['    def get(self, key):\n        path = self.root / key', 'the method `Store.get`'],
      hidden: ['self.root = root'],
    },
    {
      name: 'a line outside any function: the lines around it',
      file: 'cart.ts',
      line: 8,
      shown: ['const registry', "registry.set('default', 1);", 'lines 4-12 of the file'],
      hidden: ['Copyright', 'formatBody', 'the function'],
      contextLines: 4,
    },
    {
      name: 'a function over 80 lines: the lines around the diagnostic',
      file: 'long.ts',
      line: 50,
      shown: ['  const step48 = 48;', 'lines 42-58 of the file'],
      hidden: ['step10 ', 'export function long', 'step60'],
    },
  ])('shows $name', ({ file, line, shown, hidden, contextLines }) => {
    const { user } = promptFor(file, [diagnostic(file, line, 'Type mismatch.')], contextLines);
    for (const text of shown) expect(user).toContain(text);
    for (const text of hidden) expect(user).not.toContain(text);
  });

  it('names the diagnostic and its line without marking the code', () => {
    const { system, user } = promptFor('cart.ts', [diagnostic('cart.ts', 12, 'Bad money.')]);
    expect(user).toContain('File: src/cart.ts (TypeScript)');
    expect(user).toContain('12:3 error TS2322 Bad money.');
    expect(user).toContain(
      'Line 12 of the file is: `return new Money(totalBody * (1 + TAX_RATE), currency);`',
    );
    expect(user).toContain('\n  return new Money(totalBody * (1 + TAX_RATE), currency);\n}\n');
    expect(system).toContain('<<<<<<< SEARCH\n');
    expect(system).toContain('\n=======\n');
    expect(system).toContain('\n>>>>>>> REPLACE\n');
  });

  it.each([
    { message: "Cannot find name 'Decimal'.", imports: true },
    { message: "F821 undefined name 'Decimal'", imports: true },
    { message: "'Decimal' is not defined.", imports: true },
    { message: "Type 'string' is not assignable to type 'number'.", imports: false },
  ])('shows the imports for "$message": $imports', ({ message, imports }) => {
    const { user } = promptFor('cart.ts', [diagnostic('cart.ts', 11, message)]);
    const header = "import { Money } from './money.js';\nimport type { Item } from './item.js';";
    expect(user.includes(header)).toBe(imports);
    expect(user.includes('The imports at the top of the file')).toBe(imports);
    expect(user).not.toContain('Copyright');
  });

  it('shows the Python imports from the first import line', () => {
    const { user } = promptFor('store.py', [
      diagnostic('store.py', 11, "name 'os' is not defined"),
    ]);
    expect(user).toContain('```python\nimport json\nfrom pathlib import Path\n```');
  });

  it('shows each region once for several diagnostics', () => {
    const { user } = promptFor('cart.ts', [
      diagnostic('cart.ts', 11, 'First.'),
      diagnostic('cart.ts', 12, 'Second.'),
      diagnostic('cart.ts', 16, 'Third.'),
    ]);
    expect(user.match(/\n {2}const totalBody/g)).toHaveLength(1);
    expect(user).toContain('const formatBody');
    expect(user).toContain('11:3 error TS2322 First.\n12:3 error TS2322 Second.');
  });
});

describe('buildCommandFixPrompt', () => {
  const fileText = Array.from({ length: 500 }, (_, i) => `line ${i + 1};`).join('\n');

  function promptFor(output: string, exitCode: number | null = 1) {
    const files = [{ path: 'src/big.ts', text: fileText }];
    const [system, user] = buildCommandFixPrompt({ command: 'npm test', exitCode, output, files });
    return { system: system?.content ?? '', user: user?.content ?? '' };
  }

  it('caps the output to its last 4,000 characters', () => {
    const output = `FIRST-MARK${'x'.repeat(10_000)}LAST-MARK`;
    const { user } = promptFor(output);
    expect(user).toContain('LAST-MARK');
    expect(user).not.toContain('FIRST-MARK');
    expect(user).toContain(output.slice(-4000));
    expect(user).not.toContain(output.slice(-4001));
    expect(user).toContain('(its last 4,000 characters)');
  });

  it.each([
    { output: 'src/big.ts:300:5 - error', start: 201, end: 400 },
    { output: '/abs/repo/src/big.ts(450,2): error TS1', start: 301, end: 500 },
    { output: 'File "src/big.ts", line 20, in main', start: 1, end: 200 },
    { output: 'no location at all', start: 1, end: 200 },
  ])('shows 200 lines around the line in "$output"', ({ output, start, end }) => {
    const { user } = promptFor(output);
    expect(user).toContain(`The file src/big.ts (lines ${start}-${end} of 500):`);
    expect(user).toContain(`\nline ${start};\n`);
    expect(user).toContain(`\nline ${end};\n`);
    expect(user).not.toContain(`\nline ${start - 1};\n`);
    expect(user).not.toContain(`\nline ${end + 1};\n`);
  });

  it.each([
    { exitCode: 2, says: 'The command `npm test` exited with 2.' },
    { exitCode: null, says: 'The command `npm test` was killed before it finished.' },
  ])('says how the command ended: $exitCode', ({ exitCode, says }) => {
    const { system, user } = promptFor('\u001b[31mFAIL\u001b[0m src/big.ts:3', exitCode);
    expect(user).toContain(says);
    expect(user).toContain('```text\nFAIL src/big.ts:3\n```');
    expect(system).toContain('<<<<<<< SEARCH');
  });
});
