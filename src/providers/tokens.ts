/**
 * Token counting before sending. Without the model's tokenizer this is an estimate, tuned to err
 * high: ASCII text (code and English prose) averages about 4 characters per token in BPE
 * vocabularies, while other scripts (CJK, emoji, accented text) often take a token or more per
 * character, so each non-ASCII character counts as one token.
 */
import { ProviderError } from './errors.js';
import type { ChatMessage } from './types.js';

const ASCII_CHARS_PER_TOKEN = 4;
/** Role markers and separators a chat template adds around each message. */
const TOKENS_PER_MESSAGE = 4;

/** A heuristic token count: never 0 for non-empty text. */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.max(1, Math.ceil(ascii / ASCII_CHARS_PER_TOKEN) + other);
}

export function countMessageTokens(
  messages: readonly ChatMessage[],
  count: (text: string) => number = estimateTokens,
): number {
  let total = 0;
  for (const message of messages) total += TOKENS_PER_MESSAGE + count(message.content);
  return total;
}

export function fitsWindow(promptTokens: number, maxOutputTokens: number, window: number): boolean {
  return promptTokens + maxOutputTokens <= window;
}

/** Throws `context-overflow` when the prompt and the answer it asks for do not fit: never truncates. */
export function ensureFits(
  promptTokens: number,
  maxOutputTokens: number,
  window: number,
  where: { endpoint: string; model: string },
): void {
  if (fitsWindow(promptTokens, maxOutputTokens, window)) return;
  const over = promptTokens + maxOutputTokens - window;
  throw new ProviderError(
    'context-overflow',
    `the prompt (${promptTokens} tokens) plus room for ${maxOutputTokens} output tokens is ${over} tokens over the ${window}-token window of ${where.endpoint} (model ${where.model}); split the task or send it to a larger model`,
    { endpoint: where.endpoint, model: where.model },
  );
}
