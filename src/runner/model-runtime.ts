import { isLocalOnly, whyLocalEndpointRefused } from '../config/privacy.js';
import type { HearthConfig } from '../config/schema.js';
import { HearthError } from '../errors.js';
import { detectLocalEndpoints, speaksOllamaApi } from '../providers/detect.js';
import { createEmbeddedProvider, type EmbeddedProvider } from '../providers/embedded.js';
import { ProviderError } from '../providers/errors.js';
import { createOllamaProvider } from '../providers/ollama.js';
import { createOpenAICompatibleProvider } from '../providers/openai-compatible.js';
import type { Provider } from '../providers/types.js';
import { probeHttp } from '../sources/connectivity.js';

/** What the monitor probes for the local tier when no local.url is set: detection itself. */
export const DETECT_LOCAL = 'detect:local';

/** How long a detected local endpoint is trusted before looking again. */
const DETECT_TTL_MS = 30_000;

/**
 * Builds the providers a task needs from the current config, on first use. The cloud provider
 * is never built while any local-only switch is on: there is then no object that could send.
 */
export class ModelRuntime {
  readonly #config: () => HearthConfig;
  #local: { key: string; provider: Provider; at: number } | undefined;
  /** The embedded engine's provider, kept while its model file and settings stay the same. */
  #embedded: { key: string; provider: EmbeddedProvider } | undefined;
  /** The local model's window as its server reported it, once a provider asked. */
  #localWindow: number | undefined;
  #cloud: { key: string; provider: Provider } | undefined;

  readonly #now: () => number;

  constructor(config: () => HearthConfig, options: { now?: () => number } = {}) {
    this.#config = config;
    this.#now = options.now ?? Date.now;
  }

  cloudConfigured(): boolean {
    const { cloud } = this.#config();
    return cloud.url !== '' && cloud.model !== '';
  }

  /** The cloud endpoint to watch for connectivity, or undefined when the cloud may not be used. */
  cloudUrl(): string | undefined {
    const config = this.#config();
    return isLocalOnly(config) || !this.cloudConfigured() ? undefined : config.cloud.url;
  }

  /** The local endpoint to watch, or undefined when there is none local-only may use. */
  localUrl(): string | undefined {
    const config = this.#config();
    if (config.local.url && whyLocalEndpointRefused(config.local.url, config)) return undefined;
    return config.local.url || this.#local?.provider.endpoint;
  }

  /**
   * The local endpoint to watch while tasks wait for a local model: the known one, else (no
   * local.url) detection itself, so that a server the user starts later is found.
   */
  localWatchUrl(waiting: boolean): string | undefined {
    const known = this.localUrl();
    if (known || !waiting || this.#config().local.url) return known;
    return DETECT_LOCAL;
  }

  /** The monitor's probe: detection for `DETECT_LOCAL`, any HTTP answer for a URL. */
  async answers(url: string, timeoutMs: number): Promise<boolean> {
    if (url !== DETECT_LOCAL) return probeHttp(url, timeoutMs);
    return (await detectLocalEndpoints({ timeoutMs })).length > 0;
  }

  /** The cloud provider, for a task whose config (its repo's, or the global one) allows it. */
  cloud(config: HearthConfig): Provider {
    if (isLocalOnly(config) || isLocalOnly(this.#config())) {
      throw new HearthError('local-only', 'local-only mode is on: no cloud request may be made');
    }
    if (!this.cloudConfigured()) {
      throw new HearthError(
        'cloud-not-configured',
        'no cloud endpoint is configured (set cloud.url and cloud.model)',
      );
    }
    const { url, model, apiKey } = config.cloud;
    const key = `${url}\0${model}\0${apiKey}`;
    if (this.#cloud?.key !== key) {
      this.#cloud = {
        key,
        provider: createOpenAICompatibleProvider({
          tier: 'cloud',
          url,
          model,
          apiKey,
          contextWindow: 128_000,
        }),
      };
    }
    return this.#cloud.provider;
  }

  /**
   * The configured local endpoint, else the first one found on 127.0.0.1 (looked for again every
   * 30 s). Under local-only (the runtime's config or `privacy`, a task's own) a configured
   * endpoint off this machine is refused unless the user allowed its host.
   */
  async local(privacy: HearthConfig = this.#config()): Promise<Provider> {
    const config = this.#config();
    const { local } = config;
    for (const which of [config, privacy]) {
      const refused = local.url && whyLocalEndpointRefused(local.url, which);
      if (refused) throw new HearthError('local-only', refused);
    }
    // Every setting that changes the provider: a change takes effect at once, not after the TTL.
    const key = `${local.url}\0${local.model}\0${local.contextTokens}\0${local.modelPath}\0${local.threads}`;
    const cached = this.#local;
    if (cached?.key === key && (local.url !== '' || this.#now() - cached.at < DETECT_TTL_MS)) {
      return cached.provider;
    }
    let url = local.url;
    let model = local.model;
    if (!url) {
      const [found] = await detectLocalEndpoints({});
      if (!found && local.modelPath) {
        // No server runs: the embedded engine serves the configured GGUF file, loaded once and
        // kept across lookups (a new provider would load the model again, beside the old one).
        const engineKey = `${local.modelPath}\0${local.contextTokens}\0${local.threads}`;
        if (this.#embedded?.key !== engineKey) {
          // Another model file or settings: the old one is freed, never kept beside the new.
          void this.#embedded?.provider.close();
          this.#embedded = {
            key: engineKey,
            provider: createEmbeddedProvider({
              modelPath: local.modelPath,
              contextSize: local.contextTokens || undefined,
              threads: local.threads,
            }),
          };
        }
        this.#local = { key, provider: this.#embedded.provider, at: this.#now() };
        return this.#embedded.provider;
      }
      if (!found) {
        throw new ProviderError(
          'not-found',
          'no local model server answers on 127.0.0.1 (Ollama 11434, LM Studio 1234, llama.cpp 8080, vLLM 8000); start one, or set local.url, or local.modelPath for the embedded engine',
          { retryable: true },
        );
      }
      url = found.url;
      model ||= found.models[0] ?? '';
    }
    if (!model)
      throw new HearthError(
        'no-local-model',
        `the local endpoint ${url} lists no model; set local.model`,
      );
    const contextWindow = local.contextTokens || undefined;
    // Ollama's native API can set the context window; its OpenAI endpoint cannot.
    const provider = (await speaksOllamaApi(url))
      ? createOllamaProvider({ url, model, numCtx: contextWindow })
      : createOpenAICompatibleProvider({ tier: 'local', url, model, contextWindow });
    this.#local = { key, provider, at: this.#now() };
    this.#learnWindow(provider);
    return provider;
  }

  /** The local window the server reported, for routing; undefined until a provider asked. */
  knownLocalWindow(): number | undefined {
    return this.#localWindow;
  }

  #learnWindow(provider: Provider): void {
    provider.contextWindow().then(
      (tokens) => {
        if (this.#local?.provider === provider) this.#localWindow = tokens;
      },
      () => undefined,
    );
  }
}
