import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/analysis/analyze-file.js';
import type { CodeSymbol, LanguageId } from '../../../src/analysis/types.js';
import {
  buildDocstringPrompt,
  buildModuleHeader,
  buildWholeFilePrompt,
  type DocstringPromptInput,
  truncateCode,
} from '../../../src/tasks/docstring/prompt.js';
import type { DocStyle } from '../../../src/tasks/docstring/types.js';
import { findSymbol } from '../../helpers/symbols.js';

const STORE_PY = `"""A key-value store kept on disk."""
import json
import os
from pathlib import Path


class Store:
    """Keeps values in a folder."""

    limit: int = 100

    def __init__(self, root: Path):
        self.root = root
        self.cache = {}

    def get(self, key, default=None):
        """Get a value.

        Args:
            key: The key.
            fallback: Gone.
        """
        path = self.root / key
        return json.loads(path.read_text()) if path.exists() else default

    def put(self, key, value):
        secret_put_body = json.dumps(value)
        (self.root / key).write_text(secret_put_body)


def helper(x):
    return x
`;

const CART_TS = `// Copyright 2024 Example Corp. Licensed under the MIT license.

import { Money } from './money.js';

/** A shopping cart. */
export class Cart {
  private items: Item[] = [];

  /** Adds one item. */
  add(item: Item): void {
    const addBody = item;
    this.items.push(addBody);
  }

  total(currency: string): Money {
    const totalBody = this.items.reduce((sum, item) => sum + item.price, 0);
    return new Money(totalBody, currency);
  }
}
`;

const SHAPE_RS = `use std::fmt;

pub struct Shape {
    pub sides: u32,
}

impl Shape {
    pub fn new(sides: u32) -> Self {
        let new_body = Shape { sides };
        new_body
    }

    pub fn area(&self, scale: f64) -> f64 {
        let area_body = self.sides as f64 * scale;
        area_body
    }
}
`;

// 30 classes of 10 lines: a 300-line file.
function buildBigFile(): string {
  const lines = ['"""Many small services."""', 'import logging', ''];
  for (let i = 0; i < 30; i++) {
    lines.push(
      `class Service${i}:`,
      `    def run_${i}(self, request, retries=3):`,
      `        logger = logging.getLogger("service-${i}")`,
      `        for attempt in range(retries):`,
      `            logger.info("attempt %d of service ${i}", attempt)`,
      `            result = self.handle_${i}(request, attempt)`,
      '            if result is not None:',
      '                return result',
      `        raise RuntimeError("service ${i} gave up after %d tries" % retries)`,
      '',
    );
  }
  return lines.join('\n');
}

const FILES: Record<string, string> = {
  'store.py': STORE_PY,
  'cart.ts': CART_TS,
  'shape.rs': SHAPE_RS,
  'big.py': buildBigFile(),
};

const STYLES: Record<string, [LanguageId, DocStyle]> = {
  'store.py': ['python', 'google'],
  'cart.ts': ['typescript', 'tsdoc'],
  'shape.rs': ['rust', 'rustdoc'],
  'big.py': ['python', 'google'],
};

describe('buildDocstringPrompt on real symbols', () => {
  let dir = '';
  const analysed = new Map<string, CodeSymbol[]>();
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-prompt-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.writeFileSync(path.join(dir, name), text);
      const analysis = await analyzeFile(path.join(dir, name), { maxFileBytes: 1_000_000 });
      if (!analysis.ok) throw new Error(analysis.message);
      analysed.set(name, analysis.symbols);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function inputFor(file: string, name: string): DocstringPromptInput {
    const symbols = analysed.get(file) ?? [];
    const [language, style] = STYLES[file] ?? ['python', 'google'];
    const text = FILES[file] ?? '';
    return {
      language,
      style,
      path: `src/${file}`,
      text,
      symbol: findSymbol(symbols, name),
      symbols,
    };
  }

  function promptText(file: string, name: string): string {
    return buildDocstringPrompt(inputFor(file, name))
      .map((message) => message.content)
      .join('\n');
  }

  const cases: Array<[string, string, string[], string[]]> = [
    [
      'store.py',
      'Store.put',
      [
        'secret_put_body = json.dumps(value)',
        'class Store',
        'src/store.py (Python)',
        'Store.put` (parameters: key, value)',
      ],
      // A member's context is its class's declaration, not the file's imports.
      ['json.loads', 'self.cache = {}', 'def helper', 'Keeps values in a folder', 'import json'],
    ],
    [
      'store.py',
      'helper',
      ['def helper(x):', 'import json', 'from pathlib import Path', '(parameters: x)'],
      ['class Store', 'secret_put_body'],
    ],
    [
      'store.py',
      'Store',
      ['def __init__(self, root: Path)', 'def get(self, key, default=None)', 'limit: int = 100'],
      ['self.cache = {}', 'json.loads', 'secret_put_body', '"""Keeps', 'Gone.'],
    ],
    [
      'cart.ts',
      'Cart.total',
      ['export class Cart', 'const totalBody'],
      ['addBody', 'Copyright', 'private items', "import { Money } from './money.js';"],
    ],
    [
      'cart.ts',
      'Cart',
      ['add(item: Item): void', 'total(currency: string): Money', 'private items: Item[] = [];'],
      ['addBody', 'totalBody', 'Adds one item'],
    ],
    [
      'shape.rs',
      'Shape.area',
      ['pub struct Shape', 'area_body', '(parameters: scale)'],
      ['new_body', 'impl Shape', 'use std::fmt;'],
    ],
    [
      'shape.rs',
      'Shape',
      ['pub sides: u32', 'declared elsewhere', 'pub fn new(sides: u32) -> Self'],
      ['new_body', 'area_body'],
    ],
  ];
  it.each(cases)('%s %s', (file, name, present, absent) => {
    const text = promptText(file, name);
    for (const part of present) expect(text).toContain(part);
    for (const part of absent) expect(text).not.toContain(part);
  });

  it('asks to correct a stale doc and shows it once', () => {
    const text = promptText('store.py', 'Store.get');
    expect(text).toContain('the parameters changed');
    expect(text.split('fallback: Gone.').length).toBe(2);
    expect(text).toContain('return json.loads');
  });

  it('puts the instructions and the style in the system message', () => {
    const [system, user] = buildDocstringPrompt(inputFor('store.py', 'helper'));
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('doc text only');
    expect(system?.content).toContain('Args:');
    expect(user?.role).toBe('user');
    expect(user?.content).toContain('def helper(x)');
  });

  it('is at least five times shorter than the whole-file prompt', () => {
    expect(FILES['big.py']?.split('\n').length).toBeGreaterThanOrEqual(300);
    const input = inputFor('big.py', 'Service17.run_17');
    const size = (messages: { content: string }[]) =>
      messages.reduce((sum, message) => sum + message.content.length, 0);
    const focused = size(buildDocstringPrompt(input));
    const whole = size(buildWholeFilePrompt(input));
    expect(whole).toBeGreaterThanOrEqual(focused * 5);
    expect(buildWholeFilePrompt(input)[1]?.content).toContain('run_3(self');
    expect(buildDocstringPrompt(input)[1]?.content).not.toContain('run_3(self');
  });

  it('truncates long code', () => {
    const input = {
      ...inputFor('big.py', 'Service0'),
      symbol: findSymbol(analysed.get('big.py') ?? [], 'Service29.run_29'),
      maxCodeChars: 120,
    };
    const user = buildDocstringPrompt(input)[1]?.content ?? '';
    expect(user).toMatch(/\.\.\. \(\d+ more lines\)/);
  });
});

describe('truncateCode', () => {
  const cases: Array<[string, number, string]> = [
    ['short\ncode', 100, 'short\ncode'],
    ['aaaa\nbbbb\ncccc\ndddd', 10, 'aaaa\nbbbb\n... (2 more lines)'],
    ['x'.repeat(50), 10, `${'x'.repeat(10)}\n... (0 more lines)`],
  ];
  it.each(cases)('%j at %i', (code, max, expected) => {
    expect(truncateCode(code, max)).toBe(expected);
  });
});

describe('buildModuleHeader', () => {
  const symbolAt = (startLine: number): CodeSymbol => ({ startLine }) as CodeSymbol;
  const cases: Array<[string, string, number, string]> = [
    ['nothing before the first symbol', 'def f():\n    pass', 1, ''],
    ['imports', 'import os\nimport re\n\n\ndef f(): pass', 5, 'import os\nimport re'],
    [
      'a license block is dropped',
      '# Copyright 2020 Foo\n# Licensed under MIT\n\nimport os\n\ndef f(): pass',
      6,
      'import os',
    ],
    [
      'at most 10 lines',
      `${Array.from({ length: 40 }, (_, i) => `import m${i}`).join('\n')}\ndef f(): pass`,
      41,
      Array.from({ length: 10 }, (_, i) => `import m${i}`).join('\n'),
    ],
  ];
  it.each(cases)('%s', (_name, text, line, expected) => {
    expect(buildModuleHeader(text, [symbolAt(line)])).toBe(expected);
  });

  it('stays under 500 characters', () => {
    const text = `${Array.from({ length: 10 }, (_, i) => `import ${`m${i}`.padEnd(150, 'x')}`).join('\n')}\nx`;
    const header = buildModuleHeader(text, [symbolAt(11)]);
    expect(header.length).toBeLessThanOrEqual(500);
    expect(header.split('\n').length).toBe(3);
  });
});
