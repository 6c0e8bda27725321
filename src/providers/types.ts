/** The shapes every model provider shares: local servers, cloud endpoints and the embedded engine. */

export type Tier = 'local' | 'cloud';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  /** Aborting it cancels the in-flight request (the server sees the socket close). */
  signal?: AbortSignal;
  /** Called with each piece of text as it streams in. */
  onToken?: (text: string) => void;
}

export interface ChatResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  model: string;
  endpoint: string;
  finishReason?: string;
  /** True when the token counts were estimated because the server sent no usage. */
  usageEstimated?: boolean;
}

export interface Provider {
  readonly tier: Tier;
  readonly endpoint: string;
  readonly model: string;
  contextWindow(): Promise<number>;
  countTokens(text: string): number;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Frees what it holds (the embedded engine's model); a later chat loads it again. */
  close?(): Promise<void>;
}

/** Connect: response headers; first token: first generated text; total: the whole answer. */
export interface Timeouts {
  connectMs: number;
  firstTokenMs: number;
  totalMs: number;
}

/** Generous defaults: a local server may load the model before its first token. */
export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = Object.freeze({
  connectMs: 10_000,
  firstTokenMs: 120_000,
  totalMs: 600_000,
});

export function resolveTimeouts(timeouts: Partial<Timeouts> | undefined): Timeouts {
  return { ...DEFAULT_TIMEOUTS, ...timeouts };
}
