import { describe, expect, it } from 'vitest';
import { buildReviewPrompt } from '../../../src/tasks/review/prompt.js';

describe('buildReviewPrompt', () => {
  const diff = 'diff --git a/a.py b/a.py\n@@ -1 +1 @@\n-x = 1\n+x = ```2```\n';
  const input = {
    label: 'abc1234',
    focus: 'security' as const,
    diff,
    outlines: [
      { path: 'a.py', signatures: ['def load(path)', 'class Store'] },
      { path: 'b.py', signatures: [] },
    ],
  };

  it('asks for JSON findings on the changed lines, with the focus, the diff and the outlines', () => {
    const [system, user] = buildReviewPrompt(input);
    expect(system?.content).toContain('security');
    expect(system?.content).toContain('"findings"');
    expect(user?.content).toContain('The change: abc1234');
    expect(user?.content).toContain('a.py:\n  def load(path)\n  class Store');
    expect(user?.content).not.toContain('b.py:');
    // The diff's own backticks cannot close the fence around it.
    expect(user?.content).toContain('````diff\n');
  });
});
