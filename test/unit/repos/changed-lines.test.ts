import { describe, expect, it } from 'vitest';
import { parseChangedLines } from '../../../src/repos/changed-lines.js';

describe('parseChangedLines', () => {
  it('reads the new-side lines of each hunk of a -U0 diff', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3 +3 @@ export function f() {',
      '-  return 1;',
      '+  return 2;',
      '@@ -10,0 +11,2 @@',
      '+a',
      '+b',
      '@@ -20,2 +22,0 @@',
      '-gone',
      '-gone',
      'diff --git a/b c.py b/b c.py',
      '--- a/b c.py',
      '+++ b/b c.py',
      '@@ -1,2 +1,3 @@',
    ].join('\n');
    const changed = parseChangedLines(diff);
    expect([...(changed.get('src/a.ts') as Set<number>)]).toEqual([3, 11, 12]);
    expect([...(changed.get('b c.py') as Set<number>)]).toEqual([1, 2, 3]);
  });
});
