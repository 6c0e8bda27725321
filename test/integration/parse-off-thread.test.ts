import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, waitFor } from '../helpers/hearth.js';

/**
 * The daemon's parsing in a worker process (built dist/, where the worker's module exists): the
 * symbols and code tokens of a file of 5,000 functions come back as on this thread, while this
 * thread's event loop keeps running.
 */

type Parser = typeof import('../../src/analysis/parse-off-thread.js');
const load = (): Promise<Parser> =>
  import(pathToFileURL(path.join(ROOT, 'dist', 'analysis', 'parse-off-thread.js')).href);

const text = Array.from({ length: 5000 }, (_, i) => `def f${i}(a, b): return a + b\n`).join('');

describe('OffThreadParser', () => {
  it('parses a large file without holding the event loop, with the same results', async () => {
    const { OffThreadParser, runHere } = await load();
    const fallbacks: string[] = [];
    const parser = new OffThreadParser({ onFallback: (reason) => fallbacks.push(reason) });
    try {
      const source = { text, contentHash: 'h' };
      // Warm up: the worker starts and loads the grammar.
      await parser.extract('/r/warm.py', 'python', { text: 'x = 1\n', contentHash: '' });
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const [symbols, tokens] = await Promise.all([
        parser.extract('/r/many.py', 'python', source),
        parser.listTokens('many.py', text),
      ]);
      delay.disable();
      expect(fallbacks).toEqual([]);
      expect(symbols.ok && symbols.symbols.length).toBe(5000);
      expect(symbols).toEqual(
        await runHere({ kind: 'symbols', file: '/r/many.py', language: 'python', source }),
      );
      expect(tokens).toEqual(await runHere({ kind: 'tokens', path: 'many.py', text }));
      // On this thread the two parses hold the loop for seconds.
      expect(delay.max / 1e6).toBeLessThan(250);
    } finally {
      await parser.close();
    }
  }, 60_000);

  it('parses on this thread after close (an answer settling while the daemon stops)', async () => {
    const { OffThreadParser } = await load();
    const parser = new OffThreadParser({ onFallback: () => {} });
    await parser.close();
    const result = await parser.extract('/r/a.py', 'python', {
      text: 'def a(): pass\n',
      contentHash: '',
    });
    expect(result.ok && result.symbols.map((s) => s.name)).toEqual(['a']);
  });
});

describe('the parser worker after a quiet period', () => {
  it('ends when idle, so its memory goes back, and the next job starts a new one', async () => {
    const { OffThreadParser } = await load();
    const fallbacks: string[] = [];
    const parser = new OffThreadParser({ onFallback: (r) => fallbacks.push(r), idleMs: 200 });
    try {
      const source = { text: 'def a(): pass\n', contentHash: '' };
      const first = await parser.extract('/r/a.py', 'python', source);
      expect(parser.running).toBe(true);
      await waitFor('the idle worker to end', () => !parser.running);
      const again = await parser.extract('/r/a.py', 'python', source);
      expect(again).toEqual(first);
      expect(again.ok && again.symbols.map((s) => s.name)).toEqual(['a']);
      // An ended worker is not a crash: nothing fell back to the daemon's thread.
      expect(fallbacks).toEqual([]);
    } finally {
      await parser.close();
    }
    expect(parser.running).toBe(false);
  }, 30_000);

  it('stays while jobs keep coming within the idle time', async () => {
    const { OffThreadParser } = await load();
    const parser = new OffThreadParser({ onFallback: () => {}, idleMs: 1000 });
    try {
      for (let i = 0; i < 5; i++) {
        await parser.extract(`/r/f${i}.py`, 'python', {
          text: `def f${i}(): pass\n`,
          contentHash: '',
        });
        expect(parser.running).toBe(true);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await parser.close();
    }
  }, 30_000);
});
