/**
 * Ollama's native API, used where it adds something over its /v1 endpoint: the model's context
 * length from /api/show, and `num_ctx` and `keep_alive` on each chat (its OpenAI endpoint cannot
 * set `num_ctx`, so a long prompt there would be cut silently).
 */
import { classifyError, ProviderError } from './errors.js';
import { fetchJson, readStatusError, stripV1 } from './http-json.js';
import { readFailure } from './read-failure.js';
import { type RequestTimers, startRequestTimers } from './request-timers.js';
import { countMessageTokens, ensureFits, estimateTokens } from './tokens.js';
import {
  type ChatRequest,
  type ChatResult,
  type Provider,
  resolveTimeouts,
  type Timeouts,
} from './types.js';

/**
 * The window used when neither the config nor the Modelfile sets num_ctx: the model's trained
 * length, capped here because Ollama allocates the whole KV cache up front (a 128k window does not
 * fit beside the weights on an 8 GB GPU). Set `numCtx` to go higher.
 */
export const OLLAMA_DEFAULT_CONTEXT = 8192;

export interface OllamaOptions {
  /** `http://127.0.0.1:11434`, with or without a trailing /v1. */
  url: string;
  model: string;
  /** The window to ask for; capped at the model's trained length. */
  numCtx?: number;
  /** How long Ollama keeps the model loaded after a request, e.g. '10m'. */
  keepAlive?: string;
  timeouts?: Partial<Timeouts>;
}

interface ShowResponse {
  parameters?: string;
  model_info?: Record<string, unknown>;
}

interface ChatLine {
  model?: string;
  message?: { content?: string; thinking?: string };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}

export function createOllamaProvider(options: OllamaOptions): Provider {
  const root = stripV1(options.url);
  const timeouts = resolveTimeouts(options.timeouts);
  const where = { endpoint: root, model: options.model };
  let window: Promise<number> | undefined;

  function contextWindow(): Promise<number> {
    window ??= readContextWindow(root, options, timeouts.connectMs).catch((error: unknown) => {
      window = undefined;
      throw error;
    });
    return window;
  }

  async function chat(request: ChatRequest): Promise<ChatResult> {
    const numCtx = await contextWindow();
    const promptTokens = countMessageTokens(request.messages);
    ensureFits(promptTokens, request.maxTokens ?? 0, numCtx, where);
    const timers = startRequestTimers(timeouts, request.signal);
    try {
      const response = await fetch(`${root}/api/chat`, {
        method: 'POST',
        signal: timers.signal,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: options.model,
          messages: request.messages,
          stream: true,
          ...(options.keepAlive === undefined ? {} : { keep_alive: options.keepAlive }),
          options: {
            num_ctx: numCtx,
            ...(request.maxTokens === undefined ? {} : { num_predict: request.maxTokens }),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
        }),
      });
      timers.markConnected();
      if (!response.ok) throw await readStatusError(response, where);
      const answer = await readChatLines(response, request, timers);
      if (!answer.done) {
        throw classifyError({ kind: 'bad-response', message: 'the stream ended early' }, where);
      }
      return {
        text: answer.text,
        promptTokens: answer.promptTokens ?? promptTokens,
        completionTokens: answer.completionTokens ?? estimateTokens(answer.text),
        model: answer.model ?? options.model,
        endpoint: root,
        finishReason: answer.finishReason,
        usageEstimated: answer.promptTokens === undefined,
      };
    } catch (error) {
      const aborted = timers.outcome();
      if (aborted) throw classifyError(aborted, where, error);
      if (error instanceof ProviderError) throw error;
      throw classifyError(readFailure(error), where, error);
    } finally {
      timers.dispose();
    }
  }

  return {
    tier: 'local',
    endpoint: root,
    model: options.model,
    contextWindow,
    countTokens: estimateTokens,
    chat,
  };
}

/** The configured num_ctx, else the Modelfile's, else Ollama's default; never above the model's. */
async function readContextWindow(root: string, options: OllamaOptions, timeoutMs: number) {
  const show = await fetchJson<ShowResponse>(
    `${root}/api/show`,
    { method: 'POST', body: { model: options.model }, timeoutMs },
    { endpoint: root, model: options.model },
  );
  const trained = readTrainedLength(show.model_info);
  const modelfile = Number(/^num_ctx\s+(\d+)/m.exec(show.parameters ?? '')?.[1]) || undefined;
  const wanted = options.numCtx ?? modelfile ?? OLLAMA_DEFAULT_CONTEXT;
  return trained === undefined ? wanted : Math.min(wanted, trained);
}

function readTrainedLength(info: Record<string, unknown> | undefined): number | undefined {
  if (!info) return undefined;
  const arch = info['general.architecture'];
  const value =
    typeof arch === 'string'
      ? info[`${arch}.context_length`]
      : Object.entries(info).find(([key]) => key.endsWith('.context_length'))?.[1];
  return typeof value === 'number' && value > 0 ? value : undefined;
}

interface OllamaAnswer {
  text: string;
  done: boolean;
  model?: string;
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
}

async function readChatLines(
  response: Response,
  request: ChatRequest,
  timers: RequestTimers,
): Promise<OllamaAnswer> {
  const answer: OllamaAnswer = { text: '', done: false };
  if (!response.body) return answer;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of response.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      readChatLine(buffer.slice(0, newline), answer, request, timers);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  readChatLine(buffer + decoder.decode(), answer, request, timers);
  return answer;
}

function readChatLine(
  line: string,
  answer: OllamaAnswer,
  request: ChatRequest,
  timers: RequestTimers,
): void {
  if (line.trim() === '') return;
  const event = JSON.parse(line) as ChatLine;
  if (event.error) throw new Error(`Ollama stream error: ${event.error}`);
  answer.model ??= event.model;
  const piece = event.message?.content ?? '';
  if (piece || event.message?.thinking || event.done) timers.markFirstToken();
  if (piece) {
    answer.text += piece;
    request.onToken?.(piece);
  }
  if (event.done) {
    answer.done = true;
    answer.finishReason = event.done_reason;
    answer.promptTokens = event.prompt_eval_count;
    answer.completionTokens = event.eval_count;
  }
}
