import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeDocstringSuggestion,
  readCurrentFile,
} from '../../src/tasks/docstring/make-suggestion.js';
import { buildDocstringPrompt } from '../../src/tasks/docstring/prompt.js';
import type { DocStyle } from '../../src/tasks/docstring/types.js';
import { ROOT } from '../helpers/hearth.js';

// The tiny random model from ../shared, live in node-llama-cpp on the CPU: real prompts, a real
// engine, answers that are garbage by construction. None may become a suggestion. (The recorded
// answers in test/fixtures/random-model/ cover the same ground where ../shared is absent.)
const MODEL = path.resolve(ROOT, '..', 'shared', 'fixtures', 'models', 'llama-2-tiny-random.gguf');
const present = existsSync(MODEL);
if (!present)
  console.warn(
    `skipping the live random-model docstring test: ${MODEL} is absent (../shared is not beside this clone)`,
  );

const SOURCES: Array<[string, string, DocStyle]> = [
  [
    'calc.py',
    'def add(a, b):\n    return a + b\n\n\ndef last(values):\n    return values[-1]\n',
    'google',
  ],
  [
    'shapes.ts',
    'export function area(w: number, h: number): number {\n  return w * h;\n}\n',
    'tsdoc',
  ],
  ['server.go', 'package server\n\nfunc Twice(n int) int {\n\treturn 2 * n\n}\n', 'godoc'],
];

interface Session {
  prompt(
    text: string,
    options: { maxTokens: number; temperature: number; seed: number },
  ): Promise<string>;
  dispose(): void;
}
let engine: { dispose(): Promise<void> } | undefined;
let ask: (system: string, user: string, seed: number) => Promise<string>;
const repo = mkdtempSync(path.join(os.tmpdir(), 'hearth-live-random-'));

beforeAll(async () => {
  if (!present) return;
  const { getLlama, LlamaChatSession } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: MODEL });
  // One thread: on a shared CPU more threads than cores make generation hundreds of times slower.
  const context = await model.createContext({ contextSize: 2048, threads: 1 });
  engine = llama;
  ask = async (systemPrompt, user, seed) => {
    const sequence = context.getSequence();
    const session: Session = new LlamaChatSession({ contextSequence: sequence, systemPrompt });
    try {
      // The docstring task's cap (600 tokens), sampled: new answers, not the recorded ones.
      return await session.prompt(user, { maxTokens: 600, temperature: 0.9, seed });
    } finally {
      session.dispose();
      sequence.dispose();
    }
  };
}, 60_000);

afterAll(async () => {
  await engine?.dispose();
  rmSync(repo, { recursive: true, force: true });
});

describe.skipIf(!present)('docstrings from the tiny random model, live', () => {
  it('every answer to a real prompt is refused with a reason; the files stay as they were', async () => {
    const refused: string[] = [];
    for (const [name, text, style] of SOURCES) {
      writeFileSync(path.join(repo, name), text);
      const current = await readCurrentFile(repo, name, 1 << 20);
      if (!current.ok) throw new Error(current.reason);
      for (const symbol of current.file.symbols) {
        const [system, user] = buildDocstringPrompt({ ...current.file, path: name, style, symbol });
        const answer = await ask(system?.content ?? '', user?.content ?? '', refused.length + 11);
        const made = await makeDocstringSuggestion({
          repo,
          target: { path: name, symbol: symbol.qualifiedName, bodyHash: symbol.bodyHash, style },
          answer,
          taskId: null,
          options: { width: 88, maxLines: 40, maxFileBytes: 1 << 20 },
        });
        expect(made.ok, `${name} ${symbol.qualifiedName}: ${answer.slice(0, 80)}`).toBe(false);
        if (!made.ok) refused.push(made.reason);
      }
      expect(readFileSync(path.join(repo, name), 'utf8')).toBe(text);
    }
    expect(refused).toHaveLength(4);
    for (const reason of refused) expect(reason).toMatch(/^the model's answer was refused: /);
  }, 120_000);
});
