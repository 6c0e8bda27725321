/**
 * A scripted OpenAI-compatible (and Ollama-native) HTTP server for tests, on 127.0.0.1 with a
 * random port. Each test scripts the answers (a queue of replies, a handler, or both), and the
 * server records every request and every connection a client closed before the reply finished.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProviderError } from '../../src/providers/errors.js';

export interface Reply {
  /** HTTP status; 400 and up send an error body (OpenAI-style on /v1, Ollama-style on /api). */
  status?: number;
  /** Wait this long before sending headers. */
  delayMs?: number;
  text?: string;
  /** Streamed pieces; default: `text` split after each space. */
  chunks?: string[];
  chunkDelayMs?: number;
  /** Send headers and this many chunks, then never finish. */
  stallAfterChunks?: number;
  /** Send headers and this many chunks, then destroy the socket. */
  dropAfterChunks?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  retryAfter?: string | number;
  error?: string | { message: string; type?: string; code?: string };
  /** Answer with JSON that does not parse (in a stream: one bad event). */
  malformed?: boolean;
  /** `false`: send no usage at all. */
  usage?: { promptTokens: number; completionTokens: number } | false;
  finishReason?: string;
  headers?: Record<string, string>;
  /** A raw JSON body, sent as is (for non-chat routes). */
  body?: unknown;
  model?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  time: number;
}

export type Handler = (request: RecordedRequest) => Reply | undefined | Promise<Reply | undefined>;

export interface ModelServerOptions {
  models?: string[];
  /** Ollama `/api/show`: `model_info["<arch>.context_length"]`. */
  contextLength?: number;
  /** Ollama `/api/show`: `num_ctx` in `parameters`, when set. */
  numCtx?: number;
  architecture?: string;
  handler?: Handler;
  port?: number;
}

/** Shorthands for common replies. */
export const reply = {
  text: (text: string, extra: Reply = {}): Reply => ({ text, ...extra }),
  error: (status: number, message = `status ${status}`, extra: Reply = {}): Reply => ({
    status,
    error: message,
    ...extra,
  }),
  stall: (afterChunks = 0, extra: Reply = {}): Reply => ({
    stallAfterChunks: afterChunks,
    ...extra,
  }),
  drop: (): Reply => ({ drop: true }),
  dropAfter: (chunks: number, extra: Reply = {}): Reply => ({ dropAfterChunks: chunks, ...extra }),
  malformed: (): Reply => ({ malformed: true }),
};

export class ModelServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests whose client closed the connection before the reply finished. */
  readonly clientClosed: RecordedRequest[] = [];
  port = 0;
  private readonly queue: Reply[] = [];
  private handler: Handler | undefined;
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private stopping = false;

  constructor(private readonly options: ModelServerOptions = {}) {
    this.handler = options.handler;
    this.port = options.port ?? 0;
  }

  /** `http://127.0.0.1:PORT`, the root Ollama's native API lives under. */
  get root(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The OpenAI-compatible base URL, ending in /v1. */
  get url(): string {
    return `${this.root}/v1`;
  }

  get models(): string[] {
    return this.options.models ?? ['test-model'];
  }

  enqueue(...replies: Reply[]): this {
    this.queue.push(...replies);
    return this;
  }

  handle(handler: Handler | undefined): this {
    this.handler = handler;
    return this;
  }

  count(path?: string): number {
    return path === undefined
      ? this.requests.length
      : this.requests.filter((r) => r.path === path).length;
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => CHAT_PATHS.has(r.path));
  }

  /** Resolves when `n` requests in all have arrived. */
  async waitForRequests(n: number, timeoutMs = 10_000): Promise<void> {
    await this.waitUntil('request', () => this.requests.length >= n, timeoutMs);
  }

  /** Resolves when a client has closed `n` connections before their replies finished. */
  async waitForClientClose(n = 1, timeoutMs = 10_000): Promise<void> {
    await this.waitUntil('client-close', () => this.clientClosed.length >= n, timeoutMs);
  }

  async start(): Promise<this> {
    this.stopping = false;
    const server = http.createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(599).end(String(error));
        else res.destroy();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the server and every open socket; `start()` again reuses the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.stopping = true;
    this.server = undefined;
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`model server: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 20)));
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record = await readRequest(req);
    this.requests.push(record);
    let dropped = false;
    res.on('close', () => {
      if (!res.writableFinished && !dropped && !this.stopping) {
        this.clientClosed.push(record);
      }
    });
    const scripted = CHAT_PATHS.has(record.path) ? this.queue.shift() : undefined;
    const answer = scripted ?? (await this.handler?.(record)) ?? {};
    if (answer.delayMs) await this.wait(answer.delayMs);
    if (res.destroyed) return;
    if (answer.drop) {
      dropped = true;
      req.socket.destroy();
      return;
    }
    const status = answer.status ?? 200;
    if (status >= 400) return sendError(res, record.path, status, answer);
    if (answer.body !== undefined) return sendJson(res, status, answer.body, answer.headers);
    if (record.path === '/v1/chat/completions' || record.path === '/api/chat') {
      return this.sendChat(req, res, record, answer, () => {
        dropped = true;
      });
    }
    return sendJson(res, 200, this.describeRoute(record));
  }

  private describeRoute(record: RecordedRequest): unknown {
    const arch = this.options.architecture ?? 'llama';
    switch (record.path) {
      case '/v1/models':
        return {
          object: 'list',
          data: this.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' })),
        };
      case '/api/tags':
        return { models: this.models.map((name) => ({ name, model: name, size: 1, details: {} })) };
      case '/api/show': {
        const parameters = [
          ...(this.options.numCtx ? [`num_ctx                        ${this.options.numCtx}`] : []),
          'stop                           "<|eot_id|>"',
        ].join('\n');
        return {
          parameters,
          template: '{{ .Prompt }}',
          details: { family: arch, format: 'gguf' },
          model_info: {
            'general.architecture': arch,
            [`${arch}.context_length`]: this.options.contextLength ?? 8192,
          },
        };
      }
      default:
        return { error: `no route ${record.method} ${record.path}` };
    }
  }

  private async sendChat(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RecordedRequest,
    answer: Reply,
    markDropped: () => void,
  ): Promise<void> {
    const body = (record.body ?? {}) as { stream?: boolean; model?: string; messages?: unknown[] };
    const ollama = record.path === '/api/chat';
    const streaming = ollama ? body.stream !== false : body.stream === true;
    const format = ollama ? ollamaFormat : openAiFormat;
    const model = answer.model ?? body.model ?? this.models[0] ?? 'test-model';
    const chunks = answer.chunks ?? splitText(answer.text ?? 'ok');
    const usage = answer.usage ?? {
      promptTokens: Math.ceil(JSON.stringify(body.messages ?? []).length / 4),
      completionTokens: chunks.length,
    };
    const finish = { model, reason: answer.finishReason ?? 'stop', usage };
    const type = streaming ? format.streamType : 'application/json';
    res.writeHead(200, { 'content-type': type, ...answer.headers });
    if (answer.malformed) {
      res.end(streaming ? format.malformedEvent : '{"choices": [{"message": ');
      return;
    }
    if (
      !streaming &&
      answer.stallAfterChunks === undefined &&
      answer.dropAfterChunks === undefined
    ) {
      res.end(JSON.stringify(format.whole(chunks.join(''), finish)));
      return;
    }
    res.flushHeaders();
    for (let i = 0; ; i++) {
      if (answer.stallAfterChunks === i) return;
      if (answer.dropAfterChunks === i) {
        markDropped();
        req.socket.destroy();
        return;
      }
      const chunk = chunks[i];
      if (chunk === undefined) break;
      if (streaming) res.write(format.chunk(chunk, model));
      if (answer.chunkDelayMs) await this.wait(answer.chunkDelayMs);
      if (res.destroyed) return;
    }
    if (!streaming) res.end(JSON.stringify(format.whole(chunks.join(''), finish)));
    else res.end(format.end(finish));
  }
}

interface Finish {
  model: string;
  reason: string;
  usage: { promptTokens: number; completionTokens: number } | false;
}

const CHAT_PATHS = new Set(['/v1/chat/completions', '/api/chat']);

const openAiFormat = {
  streamType: 'text/event-stream',
  malformedEvent: 'data: {"choices": [{"delta": \n\n',
  chunk: (content: string, model: string) =>
    sse({ ...completionBase(model, 'chat.completion.chunk'), choices: [choice({ content })] }),
  end: (finish: Finish) =>
    sse({
      ...completionBase(finish.model, 'chat.completion.chunk'),
      choices: [choice({}, finish.reason)],
    }) +
    (finish.usage
      ? sse({
          ...completionBase(finish.model, 'chat.completion.chunk'),
          choices: [],
          usage: openAiUsage(finish.usage),
        })
      : '') +
    'data: [DONE]\n\n',
  whole: (text: string, finish: Finish) => ({
    ...completionBase(finish.model, 'chat.completion'),
    choices: [
      { index: 0, message: { role: 'assistant', content: text }, finish_reason: finish.reason },
    ],
    ...(finish.usage ? { usage: openAiUsage(finish.usage) } : {}),
  }),
};

const ollamaFormat = {
  streamType: 'application/x-ndjson',
  malformedEvent: '{"message": {"content": \n',
  chunk: (content: string, model: string) =>
    `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content }, done: false })}\n`,
  end: (finish: Finish) => `${JSON.stringify(ollamaDone('', finish))}\n`,
  whole: (text: string, finish: Finish) => ollamaDone(text, finish),
};

function ollamaDone(content: string, finish: Finish) {
  return {
    model: finish.model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content },
    done: true,
    done_reason: finish.reason,
    ...(finish.usage
      ? { prompt_eval_count: finish.usage.promptTokens, eval_count: finish.usage.completionTokens }
      : {}),
  };
}

function completionBase(model: string, object: string) {
  return { id: 'chatcmpl-test', object, created: 0, model };
}

function choice(delta: { content?: string }, finishReason: string | null = null) {
  return { index: 0, delta, finish_reason: finishReason };
}

function openAiUsage(usage: { promptTokens: number; completionTokens: number }) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function splitText(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, path: string, status: number, answer: Reply): void {
  const error =
    typeof answer.error === 'object'
      ? answer.error
      : { message: answer.error ?? `status ${status}`, type: 'test_error' };
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.retryAfter !== undefined) headers['retry-after'] = String(answer.retryAfter);
  if (answer.malformed) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end('{"error": ');
    return;
  }
  const body = path.startsWith('/api/') ? { error: error.message } : { error };
  sendJson(res, status, body, headers);
}

async function readRequest(req: http.IncomingMessage): Promise<RecordedRequest> {
  const time = Date.now();
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  let body: unknown = raw === '' ? undefined : raw;
  try {
    if (raw !== '') body = JSON.parse(raw);
  } catch {
    // A body that is not JSON is recorded as its text.
  }
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  return { method: req.method ?? 'GET', path, headers: req.headers, body, time };
}

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  return new ModelServer(options).start();
}

/** The ProviderError a request failed with; fails the test if it succeeded. */
export async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a failure');
  return error as ProviderError;
}
