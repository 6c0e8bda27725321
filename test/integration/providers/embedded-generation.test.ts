import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import { chooseThreads, createEmbeddedProvider } from '../../../src/providers/embedded.js';
import { ModelRuntime } from '../../../src/runner/model-runtime.js';
import { ROOT } from '../../helpers/hearth.js';

// A 1.75 MB LLaMA-architecture model with random weights from ../shared: it exercises the real
// engine (load, tokenize, generate, cancel); its text is gibberish by design.
const MODEL = path.resolve(ROOT, '..', 'shared', 'fixtures', 'models', 'llama-2-tiny-random.gguf');
const present = existsSync(MODEL);
if (!present)
  console.warn(
    `skipping the embedded engine tests: ${MODEL} is absent (../shared is not beside this clone)`,
  );

describe.skipIf(!present)('the embedded engine (node-llama-cpp, CPU)', () => {
  it('generates from the tiny model and counts tokens with its tokenizer', async () => {
    const provider = createEmbeddedProvider({ modelPath: MODEL, contextSize: 256, gpu: false });
    expect(await provider.contextWindow()).toBe(256);
    const streamed: string[] = [];
    const result = await provider.chat({
      messages: [{ role: 'user', content: 'Write one word.' }],
      maxTokens: 8,
      onToken: (text) => streamed.push(text),
    });
    expect(result.endpoint).toBe('embedded');
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(result.completionTokens).toBeGreaterThan(0);
    // Counted by tokenizing the text again, which may split it a little differently.
    expect(result.completionTokens).toBeLessThanOrEqual(16);
    expect(streamed.join('')).toBe(result.text);
  });

  it('stops a generation when its signal aborts', async () => {
    const provider = createEmbeddedProvider({ modelPath: MODEL, contextSize: 256, gpu: false });
    const controller = new AbortController();
    let chunks = 0;
    const pending = provider.chat({
      messages: [{ role: 'user', content: 'Go on.' }],
      maxTokens: 200,
      signal: controller.signal,
      onToken: () => {
        chunks++;
        if (chunks === 2) controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(chunks).toBeLessThan(200);
  });

  it('refuses a prompt that does not fit the context instead of truncating it', async () => {
    const provider = createEmbeddedProvider({ modelPath: MODEL, contextSize: 64, gpu: false });
    await expect(
      provider.chat({ messages: [{ role: 'user', content: 'word '.repeat(500) }], maxTokens: 8 }),
    ).rejects.toMatchObject({ code: 'context-overflow' });
  });

  it('is loaded once by the daemon runtime, and kept when the server lookup is done again', async () => {
    let now = 0;
    const config = {
      ...resolveConfig({ env: {} }).values,
      local: { url: '', model: '', modelPath: MODEL, contextTokens: 256, threads: 0 },
    };
    const runtime = new ModelRuntime(() => config, { now: () => now });
    const first = await runtime.local();
    expect(first.endpoint).toBe('embedded');
    now += 31_000; // past the 30 s after which the lookup for a local server runs again
    expect(await runtime.local()).toBe(first);
  });
});

describe('chooseThreads', () => {
  it.each([
    [2, undefined, 1],
    [2, 0, 1],
    [1, 0, 1],
    [8, 0, 7],
    [16, undefined, 15],
    [2, 4, 4],
    [8, 2, 2],
  ])('%i cores useful for math, configured %s: %i threads', (cores, configured, threads) => {
    expect(chooseThreads(cores, configured)).toBe(threads);
  });
});
