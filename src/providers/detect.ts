/**
 * Finds local model servers on 127.0.0.1 (not `localhost`, which may resolve to ::1 while the
 * server listens on IPv4 only). Every candidate is probed in parallel with a short timeout.
 */
import { fetchJson, stripV1 } from './http-json.js';

export type LocalKind = 'ollama' | 'lm-studio' | 'llama.cpp' | 'vllm' | 'configured';

export interface LocalCandidate {
  kind: LocalKind;
  /** A port on `host`, or a full URL (configured endpoints). */
  port?: number;
  url?: string;
}

export interface DetectedEndpoint {
  kind: LocalKind;
  /** OpenAI-compatible base URL, ending in /v1. */
  url: string;
  models: string[];
}

export const DEFAULT_CANDIDATES: readonly LocalCandidate[] = Object.freeze([
  { kind: 'ollama', port: 11434 },
  { kind: 'lm-studio', port: 1234 },
  { kind: 'llama.cpp', port: 8080 },
  { kind: 'vllm', port: 8000 },
]);

export interface DetectOptions {
  host?: string;
  candidates?: readonly LocalCandidate[];
  /** Configured base URLs, probed as well. */
  urls?: readonly string[];
  timeoutMs?: number;
}

/** The endpoints that answered, in candidate order. */
export async function detectLocalEndpoints(
  options: DetectOptions = {},
): Promise<DetectedEndpoint[]> {
  const {
    host = '127.0.0.1',
    candidates = DEFAULT_CANDIDATES,
    urls = [],
    timeoutMs = 800,
  } = options;
  const all: LocalCandidate[] = [
    ...candidates,
    ...urls.map((url): LocalCandidate => ({ kind: 'configured', url })),
  ];
  const found = await Promise.all(all.map((c) => probeCandidate(c, host, timeoutMs)));
  return found.filter((endpoint): endpoint is DetectedEndpoint => endpoint !== undefined);
}

async function probeCandidate(
  candidate: LocalCandidate,
  host: string,
  timeoutMs: number,
): Promise<DetectedEndpoint | undefined> {
  const root = stripV1(candidate.url ?? `http://${host}:${candidate.port}`);
  const probes = [listOpenAiModels(root, timeoutMs)];
  // Ollama lists every pulled model under /api/tags, also on versions without /v1/models.
  if (candidate.kind === 'ollama') probes.push(listOllamaModels(root, timeoutMs));
  const lists = await Promise.all(probes);
  if (lists.every((list) => list === undefined)) return undefined;
  const models = [...new Set(lists.flatMap((list) => list ?? []))];
  return { kind: candidate.kind, url: `${root}/v1`, models };
}

async function listOpenAiModels(root: string, timeoutMs: number): Promise<string[] | undefined> {
  try {
    const body = await fetchJson<{ data?: { id?: unknown }[] }>(
      `${root}/v1/models`,
      { timeoutMs },
      { endpoint: root, model: '(any)' },
    );
    return (body.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : []));
  } catch {
    return undefined;
  }
}

async function listOllamaModels(root: string, timeoutMs: number): Promise<string[] | undefined> {
  try {
    const body = await fetchJson<{ models?: { name?: unknown }[] }>(
      `${root}/api/tags`,
      { timeoutMs },
      { endpoint: root, model: '(any)' },
    );
    return (body.models ?? []).flatMap((m) => (typeof m.name === 'string' ? [m.name] : []));
  } catch {
    return undefined;
  }
}

/**
 * Whether the server at `url` is Ollama, on any port: its native API can set the context window
 * (num_ctx) and tells the real one, where its OpenAI-compatible endpoint can do neither.
 */
export async function speaksOllamaApi(url: string): Promise<boolean> {
  const root = stripV1(url);
  if (/:11434$/.test(root)) return true;
  try {
    const body = await fetchJson<{ models?: unknown }>(
      `${root}/api/tags`,
      { timeoutMs: 1_000 },
      { endpoint: root, model: '(any)' },
    );
    return Array.isArray(body.models);
  } catch {
    return false;
  }
}
