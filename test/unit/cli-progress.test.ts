import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

describe('createProgress', () => {
  it('draws a file name with escapes shown, never sent to the terminal', () => {
    let written = '';
    const stream = {
      isTTY: true,
      columns: 200,
      write: (chunk: string) => {
        written += chunk;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const progress = createProgress(2, { stream });
    progress.step('\u001b]0;owned\u0007a\tb.py');
    progress.done();
    const [drawn = '', cleared] = written.split('\r\u001b[K').slice(1);
    expect(drawn.replace(/ETA \S+/, 'ETA t')).toBe(
      '[############............] 1/2 ETA t \\x1b]0;owned\\x07a b.py',
    );
    expect(cleared).toBe('');
  });

  it('says how long the rest will take at the pace so far, and nothing once all is done', () => {
    let written = '';
    const stream = {
      isTTY: true,
      columns: 200,
      write: (chunk: string) => {
        written += chunk;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    let clock = 0;
    const progress = createProgress(4, { stream, now: () => clock });
    clock = 30_000;
    progress.step('a.py');
    expect(written).toContain('1/4 ETA 1m 30s a.py');
    clock = 40_000;
    progress.step('b.py');
    expect(written).toContain('2/4 ETA 40s b.py');
    progress.step('c.py');
    progress.step('d.py');
    expect(written).toContain('4/4 d.py');
  });
});
