/**
 * A Provider over any OpenAI-compatible endpoint (LM Studio, llama.cpp server, vLLM, Ollama's /v1,
 * a cloud API). It always streams, so the first-token timeout can be enforced, and it does its own
 * retries (the package's are off): see retry.ts.
 */
import type OpenAI from 'openai';
import { classifyError, ProviderError } from './errors.js';
import { readFailure } from './read-failure.js';
import { startRequestTimers } from './request-timers.js';
import { countMessageTokens, ensureFits, estimateTokens } from './tokens.js';
import {
  type ChatRequest,
  type ChatResult,
  type Provider,
  resolveTimeouts,
  type Tier,
  type Timeouts,
} from './types.js';

export const DEFAULT_CONTEXT_WINDOW = 8192;

export interface OpenAICompatibleOptions {
  tier: Tier;
  /** Base URL ending in /v1. */
  url: string;
  model: string;
  /** Never read from the environment here, so a cloud key cannot reach a local server. */
  apiKey?: string;
  contextWindow?: number;
  timeouts?: Partial<Timeouts>;
}

export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions): Provider {
  const timeouts = resolveTimeouts(options.timeouts);
  const where = { endpoint: options.url, model: options.model };
  const window = options.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  let client: Promise<OpenAI> | undefined;

  async function chat(request: ChatRequest): Promise<ChatResult> {
    const promptTokens = countMessageTokens(request.messages);
    ensureFits(promptTokens, request.maxTokens ?? 0, window, where);
    client ??= createClient(options, timeouts);
    const timers = startRequestTimers(timeouts, request.signal);
    try {
      const stream = await (await client).chat.completions.create(
        {
          model: options.model,
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        },
        { signal: timers.signal },
      );
      timers.markConnected();
      const answer = await readStream(stream, request, timers.markFirstToken);
      const aborted = timers.outcome();
      if (aborted) throw classifyError(aborted, where);
      if (!answer.sawChoice) {
        throw classifyError({ kind: 'bad-response', message: 'the stream had no answer' }, where);
      }
      return {
        text: answer.text,
        promptTokens: answer.usage?.prompt_tokens ?? promptTokens,
        completionTokens: answer.usage?.completion_tokens ?? estimateTokens(answer.text),
        model: answer.model ?? options.model,
        endpoint: options.url,
        finishReason: answer.finishReason,
        usageEstimated: answer.usage === undefined,
      };
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw classifyError(timers.outcome() ?? readFailure(error), where, error);
    } finally {
      timers.dispose();
    }
  }

  return {
    tier: options.tier,
    endpoint: options.url,
    model: options.model,
    contextWindow: async () => window,
    countTokens: estimateTokens,
    chat,
  };
}

interface StreamedAnswer {
  text: string;
  sawChoice: boolean;
  model?: string;
  finishReason?: string;
  usage?: OpenAI.CompletionUsage;
}

async function readStream(
  stream: AsyncIterable<OpenAI.ChatCompletionChunk>,
  request: ChatRequest,
  markFirstToken: () => void,
): Promise<StreamedAnswer> {
  const answer: StreamedAnswer = { text: '', sawChoice: false };
  // An abort ends this loop quietly (openai 6.x); the caller checks why afterwards.
  for await (const chunk of stream) {
    answer.model ??= chunk.model || undefined;
    if (chunk.usage) answer.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    answer.sawChoice = true;
    const piece = choice.delta?.content ?? '';
    // Reasoning models think before they answer; their thoughts count as progress too.
    const thinking = (choice.delta as { reasoning_content?: string } | undefined)
      ?.reasoning_content;
    if (piece || thinking || choice.finish_reason) markFirstToken();
    if (piece) {
      answer.text += piece;
      request.onToken?.(piece);
    }
    if (choice.finish_reason) answer.finishReason = choice.finish_reason;
  }
  return answer;
}

async function createClient(options: OpenAICompatibleOptions, timeouts: Timeouts): Promise<OpenAI> {
  // Imported here, not at the top, so the CLI's cold path does not pay for it.
  const { default: OpenAIClient } = await import('openai');
  return new OpenAIClient({
    baseURL: options.url,
    apiKey: options.apiKey ?? 'not-needed',
    maxRetries: 0,
    // Our own timers are tighter; this is only a backstop for the connection phase.
    timeout: timeouts.totalMs,
    logLevel: 'off',
  });
}
