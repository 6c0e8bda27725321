import { describe, expect, it } from 'vitest';
import { countMessageTokens } from '../../../src/providers/tokens.js';
import { splitReviewByFile } from '../../../src/tasks/review/split.js';

const file = (name: string, lines: number) => ({
  path: name,
  diff: `diff --git a/${name} b/${name}\n${Array.from({ length: lines }, (_, i) => `+line ${i} of ${name}`).join('\n')}\n`,
});

describe('splitReviewByFile', () => {
  const input = {
    label: 'abc1234',
    focus: 'general' as const,
    files: [file('a.py', 40), file('b.py', 40), file('c.py', 40), file('d.py', 5)],
  };

  it('groups whole files in order so that each prompt fits the budget', () => {
    const whole = countMessageTokens(
      splitReviewByFile(input, [], 1_000_000, countMessageTokens)[0]?.messages ?? [],
    );
    const budget = Math.ceil(whole / 2);
    const parts = splitReviewByFile(
      input,
      [{ path: 'a.py', signatures: ['def a()'] }],
      budget,
      countMessageTokens,
    );
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.files)).toEqual(['a.py', 'b.py', 'c.py', 'd.py']);
    for (const part of parts) expect(countMessageTokens(part.messages)).toBeLessThanOrEqual(budget);
    expect(parts[0]?.messages[1]?.content).toContain('def a()');
    expect(parts[1]?.messages[1]?.content).not.toContain('def a()');
  });

  it('keeps a file larger than the budget whole, in a part of its own', () => {
    const parts = splitReviewByFile(input, [], 50, countMessageTokens);
    expect(parts.map((p) => p.files)).toEqual([['a.py'], ['b.py'], ['c.py'], ['d.py']]);
  });
});
