/**
 * A bundled price table for the daily cloud budget, so nothing is fetched at start-up
 * (principle 6). USD per million tokens, standard (non-batch, uncached) rates, copied from the
 * providers' public pricing pages as of 2025-08-15. Prices change: update the table with a
 * release, and treat estimates as estimates.
 */

export interface ModelPrice {
  /** USD per million input (prompt) tokens. */
  input: number;
  /** USD per million output (completion) tokens. */
  output: number;
}

export const PRICES_AS_OF = '2025-08-15';

export const PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  // OpenAI
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
  // Anthropic
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4': { input: 15, output: 75 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-3-7-sonnet': { input: 3, output: 15 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  // Google (Gemini 2.5 Pro: the rate for prompts up to 200k tokens)
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
});

// Longest first, so `gpt-4o-mini-2024-07-18` finds `gpt-4o-mini` before `gpt-4o`.
const NAMES_LONGEST_FIRST = Object.keys(PRICES).sort((a, b) => b.length - a.length);

// Only a date, `latest`, a preview tag or an Ollama-style `:tag` may follow a known name: a
// different model (`o3-mini` after `o3`) is unknown rather than priced wrongly.
const VERSION_SUFFIX = /^(?:-\d{4}-?\d{2}-?\d{2}|-latest|-preview(?:-[\w-]+)?|[:@].*)$/;

/**
 * The price of a model as endpoints name it: exact, behind a provider prefix
 * (`openai/gpt-4o`), or with a dated or tagged suffix (`claude-sonnet-4-20250514`,
 * `gpt-4o-2024-08-06`, `gemini-2.5-pro:latest`). Undefined for models not in the table.
 */
export function findPrice(model: string): ModelPrice | undefined {
  const name = model.trim().toLowerCase().split('/').pop() ?? '';
  const exact = PRICES[name];
  if (exact !== undefined) return exact;
  const known = NAMES_LONGEST_FIRST.find(
    (known) => name.startsWith(known) && VERSION_SUFFIX.test(name.slice(known.length)),
  );
  return known === undefined ? undefined : PRICES[known];
}

/** Dollars for one request; undefined for an unknown model or a count that is not a count. */
export function estimateCostDollars(
  model: string,
  promptTokens: number,
  completionTokens: number,
): number | undefined {
  const price = findPrice(model);
  if (price === undefined || !isTokenCount(promptTokens) || !isTokenCount(completionTokens)) {
    return undefined;
  }
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

function isTokenCount(n: number): boolean {
  return Number.isFinite(n) && n >= 0;
}
