#!/usr/bin/env node
// The embedded engine through hearth against node-llama-cpp called directly, in one run with the
// cases interleaved: time to first token and tokens per second for requests that share a long
// system prompt (as docstring prompts do) and differ in a short user message. Three cases:
//   hearth        createEmbeddedProvider (one sequence kept between requests)
//   direct, kept  node-llama-cpp: one LlamaChatSession per request on one kept sequence
//   direct, new   node-llama-cpp: a new sequence per request (what hearth did before)
// Uses the tiny random model of ../shared/fixtures/models (CPU, 1 thread, context 1024).
//
//   npm run build && node bench/embedded.mjs [--rounds 5] [--max-tokens 32] [--json]

import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelPath = path.resolve(
  root,
  '..',
  'shared',
  'fixtures',
  'models',
  'llama-2-tiny-random.gguf',
);
if (!existsSync(modelPath))
  throw new Error(`${modelPath} is absent: ../shared must be beside this clone`);
const { createEmbeddedProvider } = await import(
  pathToFileURL(path.join(root, 'dist', 'providers', 'embedded.js')).href
);
const llamaCpp = await import('node-llama-cpp');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const rounds = option('--rounds', 5);
const maxTokens = option('--max-tokens', 32);
const asJson = args.includes('--json');
const contextSize = 1024;
const threads = 1;

const system = `You write docstrings for functions. ${'Keep the house style: one summary line, then the parameters, then what it returns. '.repeat(12)}`;
const users = Array.from({ length: rounds + 1 }, (_, i) => `Document function f${i}(a, b).`);

/** One request's figures: ms to the first text, and tokens per second after it. */
async function timed(run) {
  const start = performance.now();
  let first;
  let chunks = 0;
  const text = await run(() => {
    first ??= performance.now();
    chunks++;
  });
  const end = performance.now();
  return { firstMs: (first ?? end) - start, totalMs: end - start, chunks, text };
}

const hearth = createEmbeddedProvider({ modelPath, contextSize, threads, gpu: false });
const llama = await llamaCpp.getLlama({ gpu: false });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({ contextSize, threads, sequences: 2 });
const kept = context.getSequence();

const cases = {
  hearth: (user, onToken) =>
    hearth
      .chat({
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
        maxTokens,
        temperature: 0,
        onToken,
      })
      .then((r) => r.text),
  'direct, kept': async (user, onToken) => {
    const session = new llamaCpp.LlamaChatSession({ contextSequence: kept, systemPrompt: system });
    try {
      return await session.prompt(user, { maxTokens, temperature: 0, onTextChunk: onToken });
    } finally {
      session.dispose({ disposeSequence: false });
    }
  },
  'direct, new': async (user, onToken) => {
    const sequence = context.getSequence();
    const session = new llamaCpp.LlamaChatSession({
      contextSequence: sequence,
      systemPrompt: system,
    });
    try {
      return await session.prompt(user, { maxTokens, temperature: 0, onTextChunk: onToken });
    } finally {
      session.dispose();
      sequence.dispose();
    }
  },
};

// Warm-up: each case once (loads, first evaluation of the system prompt where it is kept).
for (const run of Object.values(cases)) await timed((onToken) => run(users[0], onToken));

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 1; round <= rounds; round++) {
  for (const [name, run] of Object.entries(cases)) {
    samples[name].push(await timed((onToken) => run(users[round], onToken)));
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const summary = Object.fromEntries(
  Object.entries(samples).map(([name, list]) => {
    const firstMs = median(list.map((s) => s.firstMs));
    const tokensPerSecond = median(
      list.map((s) => (s.chunks > 1 ? (s.chunks - 1) / ((s.totalMs - s.firstMs) / 1000) : 0)),
    );
    return [
      name,
      { firstMs: Number(firstMs.toFixed(1)), tokensPerSecond: Number(tokensPerSecond.toFixed(0)) },
    ];
  }),
);
const systemPromptTokens = model.tokenize(system).length;
await hearth.close();
await context.dispose();
await model.dispose();

const result = {
  rounds,
  maxTokens,
  systemPromptTokens,
  summary,
  ratios: {
    firstTokenHearthOverDirectNew: Number(
      (summary.hearth.firstMs / summary['direct, new'].firstMs).toFixed(2),
    ),
    firstTokenHearthOverDirectKept: Number(
      (summary.hearth.firstMs / summary['direct, kept'].firstMs).toFixed(2),
    ),
  },
};
if (asJson) console.log(JSON.stringify(result, null, 2));
else {
  console.log(
    `embedded engine, tiny model, system prompt ${result.systemPromptTokens} tokens, ${rounds} rounds, medians`,
  );
  console.log('case           first token ms   tokens/s');
  for (const [name, s] of Object.entries(summary))
    console.log(
      `${name.padEnd(14)} ${String(s.firstMs).padStart(14)} ${String(s.tokensPerSecond).padStart(10)}`,
    );
  console.log(
    `first token, hearth / direct with a new sequence: ${result.ratios.firstTokenHearthOverDirectNew}`,
  );
  console.log(
    `first token, hearth / direct with a kept sequence: ${result.ratios.firstTokenHearthOverDirectKept}`,
  );
}
