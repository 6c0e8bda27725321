import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDocAgainstCode } from '../../../src/tasks/docstring/check-doc-size.js';
import {
  makeDocstringSuggestion,
  readCurrentFile,
} from '../../../src/tasks/docstring/make-suggestion.js';
import { findNotProse } from '../../../src/tasks/docstring/prose.js';

// Answers of the tiny random model (real node-llama-cpp output, recorded by
// test/fixtures/random-model/record.mjs) to real docstring prompts: every one is garbage.
const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
interface Recorded {
  fixture: string;
  path: string;
  symbol: string;
  style: string;
  temperature: number;
  maxTokens: number;
  answer: string;
}
const { answers } = JSON.parse(
  readFileSync(path.join(FIXTURES, 'random-model', 'answers.json'), 'utf8'),
) as { answers: Recorded[] };

const repo = mkdtempSync(path.join(os.tmpdir(), 'hearth-random-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** The recorded answer's symbol, in a fresh copy of its fixture file. */
async function findSymbol(recorded: Recorded) {
  copyFileSync(path.join(FIXTURES, 'docstrings', recorded.fixture), path.join(repo, recorded.path));
  const current = await readCurrentFile(repo, recorded.path, 1 << 20);
  if (!current.ok) throw new Error(current.reason);
  const symbol = current.file.symbols.find((s) => s.qualifiedName === recorded.symbol);
  if (!symbol) throw new Error(`no ${recorded.symbol} in ${recorded.fixture}`);
  return symbol;
}

/** The reason with its figures and examples taken out, so that reasons can be counted. */
const kindOf = (reason: string) =>
  reason
    .replace(/^the model's answer was refused: /, '')
    .replace(/\s*\(.*$/, '')
    .replace(/\d+/g, 'N')
    .replace(/^(?!not prose)([^:]*): .*$/, '$1');

describe("the tiny random model's recorded answers", () => {
  it('holds 20 to 40 answers for Python, TypeScript and Go symbols', () => {
    expect(answers.length).toBeGreaterThanOrEqual(20);
    expect(answers.length).toBeLessThanOrEqual(40);
    expect(new Set(answers.map((a) => path.extname(a.path)))).toEqual(
      new Set(['.py', '.ts', '.go']),
    );
  });

  it('are all refused by the whole pipeline on a real file, each with a reason', async () => {
    const reasons = new Map<string, number>();
    for (const recorded of answers) {
      const symbol = await findSymbol(recorded);
      const made = await makeDocstringSuggestion({
        repo,
        target: {
          path: recorded.path,
          symbol: recorded.symbol,
          bodyHash: symbol.bodyHash,
          style: recorded.style,
        },
        answer: recorded.answer,
        taskId: null,
        options: { width: 88, maxLines: 40, maxFileBytes: 1 << 20 },
      });
      const where = `${recorded.symbol} at temperature ${recorded.temperature}, ${recorded.maxTokens} tokens`;
      expect(made.ok, where).toBe(false);
      if (made.ok) continue;
      // Refused as the model's answer, not for a setup mistake (a vanished symbol, a bad patch).
      expect(made.reason, where).toMatch(/^the model's answer was refused: /);
      const kind = kindOf(made.reason);
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(reasons)).toEqual({
      'answer holds U+FFFD': 7,
      'not prose: few recognisable words': 1,
      'not prose: it repeats itself': 2,
      'not prose: words mix alphabets': 17,
    });
  });

  it('of 300 tokens or more are refused for their size alone, against the code they document', async () => {
    const long = answers.filter((recorded) => recorded.maxTokens >= 300);
    expect(long.length).toBeGreaterThanOrEqual(10);
    for (const recorded of long) {
      const symbol = await findSymbol(recorded);
      const checked = checkDocAgainstCode(recorded.answer, symbol);
      expect(checked.ok, recorded.symbol).toBe(false);
    }
  });

  it('are each refused by the prose check alone, whatever their length', () => {
    const passed = answers.filter((recorded) => findNotProse(recorded.answer) === undefined);
    expect(passed.map((recorded) => recorded.answer.slice(0, 60))).toEqual([]);
  });
});
