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
    expect(written).toBe(
      '\r\u001b[K[############............] 1/2 \\x1b]0;owned\\x07a b.py\r\u001b[K',
    );
  });
});
