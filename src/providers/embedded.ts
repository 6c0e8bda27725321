/**
 * The embedded engine: node-llama-cpp running a GGUF file in this process, for when no local
 * server runs. The package is optional (730 MB of binaries), so it is imported lazily through a
 * computed specifier: TypeScript needs neither it nor its types, and a missing package becomes a
 * message saying what to install.
 */
import { existsSync } from 'node:fs';
import { ProviderError } from './errors.js';
import { countMessageTokens, ensureFits, estimateTokens } from './tokens.js';
import type { ChatMessage, ChatRequest, ChatResult, Provider } from './types.js';

export const EMBEDDED_PACKAGE = 'node-llama-cpp';
export const EMBEDDED_VERSION = '3.21.1';
export const EMBEDDED_ENDPOINT = 'embedded';

export interface EmbeddedOptions {
  /** A GGUF file (`local.modelPath`, HEARTH_LOCAL_MODEL_PATH). */
  modelPath?: string;
  contextSize?: number;
  /** CPU threads for evaluation; 0 or unset: see chooseThreads. */
  threads?: number;
  gpu?: false | 'auto';
  /** How long the model stays loaded after the last request; then its memory goes back. */
  keepAliveMs?: number;
  /** Tests replace the import; by default the real package. */
  importEngine?: () => Promise<unknown>;
}

/** Ollama's default keep-alive: a model used in bursts is loaded once per burst, not per request. */
export const EMBEDDED_KEEP_ALIVE_MS = 5 * 60_000;

/** The embedded provider: a `Provider` whose model is loaded on first use and freed when idle. */
export interface EmbeddedProvider extends Provider {
  /** Whether the model is in memory now. */
  readonly loaded: boolean;
  close(): Promise<void>;
}

/** The part of node-llama-cpp's API used here. */
interface Engine {
  getLlama(options: { gpu?: false | 'auto' }): Promise<{
    cpuMathCores: number;
    loadModel(options: { modelPath: string }): Promise<EngineModel>;
  }>;
  LlamaChatSession: new (options: {
    contextSequence: unknown;
    systemPrompt?: string;
    autoDisposeSequence?: boolean;
  }) => Session;
}
interface EngineModel {
  tokenize(text: string): unknown[];
  createContext(options: { contextSize?: number; threads?: number }): Promise<{
    contextSize: number;
    getSequence(): EngineSequence;
    dispose(): Promise<void>;
  }>;
  dispose(): Promise<void>;
}
interface EngineSequence {
  dispose(): void;
}
interface Session {
  setChatHistory(history: unknown[]): void;
  prompt(
    text: string,
    options: {
      maxTokens?: number;
      temperature?: number;
      signal?: AbortSignal;
      stopOnAbortSignal?: boolean;
      onTextChunk?: (text: string) => void;
    },
  ): Promise<string>;
  dispose(): void;
}

type Loaded = {
  engine: Engine;
  model: EngineModel;
  context: Awaited<ReturnType<EngineModel['createContext']>>;
  /** Kept between requests: its evaluated tokens are reused where the next prompt starts alike. */
  sequence: EngineSequence;
  /** Requests using it now; it is freed only when none is. */
  users: number;
  /** Being freed: a request that finds it so loads the model again instead. */
  released: boolean;
  whenUnused?: () => void;
};

export function createEmbeddedProvider(options: EmbeddedOptions): EmbeddedProvider {
  const model = options.modelPath ?? '(no model file)';
  const keepAliveMs = options.keepAliveMs ?? EMBEDDED_KEEP_ALIVE_MS;
  let loaded: Promise<Loaded> | undefined;
  let isLoaded = false;
  let releasing: Promise<void> = Promise.resolve();
  let queue: Promise<unknown> = Promise.resolve();
  let inUse = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const load = () => {
    // A model being freed is freed first: never two copies in memory.
    loaded ??= releasing
      .then(() => loadEngine(options))
      .then((engine) => {
        isLoaded = true;
        return engine;
      })
      .catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
    return loaded;
  };

  const release = (): Promise<void> => {
    clearTimeout(idleTimer);
    const current = loaded;
    loaded = undefined;
    if (!current) return releasing;
    // Requests using it finish first; a failure to free is not a failure of the next load.
    releasing = current
      .then(async (engine) => {
        engine.released = true;
        if (engine.users > 0)
          await new Promise<void>((resolve) => {
            engine.whenUnused = resolve;
          });
        await freeEngine(engine);
      })
      .catch(() => undefined)
      .finally(() => {
        isLoaded = false;
      });
    return releasing;
  };

  /** The loaded model for one request (loaded now if need be), held until `done`. */
  const acquire = async (): Promise<Loaded> => {
    for (;;) {
      const current = await load();
      if (!current.released) {
        current.users++;
        return current;
      }
    }
  };
  const done = (current: Loaded) => {
    current.users--;
    if (current.users === 0) current.whenUnused?.();
  };

  /** While requests come, the model stays; `keepAliveMs` after the last one, it goes. */
  const armIdleRelease = () => {
    clearTimeout(idleTimer);
    if (inUse > 0 || !loaded) return;
    idleTimer = setTimeout(() => {
      if (inUse === 0) void release();
    }, keepAliveMs);
    idleTimer.unref();
  };

  const using = async <T>(work: () => Promise<T>): Promise<T> => {
    inUse++;
    clearTimeout(idleTimer);
    try {
      return await work();
    } finally {
      inUse--;
      armIdleRelease();
    }
  };

  const chat = (request: ChatRequest): Promise<ChatResult> =>
    using(async () => {
      const current = await acquire();
      try {
        const count = (text: string) => current.model.tokenize(text).length;
        const promptTokens = countMessageTokens(request.messages, count);
        ensureFits(promptTokens, request.maxTokens ?? 0, current.context.contextSize, {
          endpoint: EMBEDDED_ENDPOINT,
          model,
        });
        // One context, one sequence: generations take turns.
        const run = queue.then(() => generate(current, request));
        queue = run.catch(() => undefined);
        const text = await run;
        if (request.signal?.aborted) {
          throw new ProviderError('cancelled', 'the embedded generation was cancelled', {
            endpoint: EMBEDDED_ENDPOINT,
            model,
          });
        }
        return {
          text,
          promptTokens,
          completionTokens: count(text),
          model,
          endpoint: EMBEDDED_ENDPOINT,
        };
      } finally {
        done(current);
      }
    });

  return {
    tier: 'local',
    endpoint: EMBEDDED_ENDPOINT,
    model,
    get loaded() {
      return isLoaded;
    },
    contextWindow: () =>
      using(async () => {
        const current = await acquire();
        done(current);
        return current.context.contextSize;
      }),
    countTokens: estimateTokens,
    chat,
    close: release,
  };
}

async function freeEngine({ sequence, context, model }: Loaded): Promise<void> {
  sequence.dispose();
  await context.dispose();
  await model.dispose();
}

async function generate(loaded: Loaded, request: ChatRequest): Promise<string> {
  const { engine, sequence } = loaded;
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const turns = request.messages.filter((m) => m.role !== 'system');
  const last = turns.at(-1);
  // The session is per request; the sequence stays, so the next prompt's shared start (the
  // system text, the style) is not evaluated again.
  const session = new engine.LlamaChatSession({
    contextSequence: sequence,
    autoDisposeSequence: false,
    ...(system.length > 0 ? { systemPrompt: system.join('\n\n') } : {}),
  });
  try {
    const history = buildHistory(system, turns.slice(0, -1));
    if (history.length > 0) session.setChatHistory(history);
    return await session.prompt(last?.content ?? '', {
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      signal: request.signal,
      stopOnAbortSignal: true,
      onTextChunk: request.onToken,
    });
  } finally {
    session.dispose();
  }
}

function buildHistory(system: string[], earlier: ChatMessage[]): unknown[] {
  if (earlier.length === 0) return [];
  return [
    ...(system.length > 0 ? [{ type: 'system', text: system.join('\n\n') }] : []),
    ...earlier.map((m) =>
      m.role === 'user'
        ? { type: 'user', text: m.content }
        : { type: 'model', response: [m.content] },
    ),
  ];
}

async function loadEngine(options: EmbeddedOptions): Promise<Loaded> {
  const { modelPath } = options;
  if (!modelPath) {
    throw new ProviderError(
      'not-found',
      'the embedded engine has no model file: set local.modelPath (HEARTH_LOCAL_MODEL_PATH) to a GGUF file',
      { endpoint: EMBEDDED_ENDPOINT },
    );
  }
  const engine = (await importEngine(options)) as Engine;
  if (!existsSync(modelPath)) {
    throw new ProviderError(
      'not-found',
      `the embedded engine's model file ${modelPath} does not exist: check local.modelPath (HEARTH_LOCAL_MODEL_PATH)`,
      { endpoint: EMBEDDED_ENDPOINT, model: modelPath },
    );
  }
  const llama = await engine.getLlama({ gpu: options.gpu ?? 'auto' });
  // The context's ideal thread count; the instance's maxThreads (at least 4) only caps it.
  const threads = chooseThreads(llama.cpuMathCores, options.threads);
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({
    threads,
    ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
  });
  return { engine, model, context, sequence: context.getSequence(), users: 0, released: false };
}

/**
 * Threads for the embedded engine: what the user configured, else one fewer than the cores
 * useful for math (leaving one for the person at the machine), at least 1. node-llama-cpp's own
 * default is at least 4, which on 2 cores runs ~80 times slower than 1 thread (issue 17). Pure.
 */
export function chooseThreads(cpuMathCores: number, configured?: number): number {
  if (configured && configured > 0) return Math.floor(configured);
  return Math.max(1, Math.floor(cpuMathCores) - 1);
}

async function importEngine(options: EmbeddedOptions): Promise<unknown> {
  const specifier: string = EMBEDDED_PACKAGE;
  try {
    return await (options.importEngine?.() ?? import(specifier));
  } catch (error) {
    if (!isModuleMissing(error)) throw error;
    throw new ProviderError(
      'not-found',
      `the embedded engine needs the optional package ${EMBEDDED_PACKAGE}: install it with \`npm install -E ${EMBEDDED_PACKAGE}@${EMBEDDED_VERSION}\` and set local.modelPath (HEARTH_LOCAL_MODEL_PATH) to a GGUF file`,
      { endpoint: EMBEDDED_ENDPOINT, model: options.modelPath, cause: error },
    );
  }
}

function isModuleMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
