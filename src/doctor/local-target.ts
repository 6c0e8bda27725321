import { existsSync } from 'node:fs';
import { whyLocalEndpointRefused } from '../config/privacy.js';
import {
  type DetectedEndpoint,
  detectLocalEndpoints,
  speaksOllamaApi,
} from '../providers/detect.js';
import { createOllamaProvider } from '../providers/ollama.js';
import { createOpenAICompatibleProvider } from '../providers/openai-compatible.js';
import type { Provider, Timeouts } from '../providers/types.js';
import type { DoctorContext } from './types.js';

/** The local model hearth would use, as the doctor found it. */
export interface LocalTarget {
  /** The endpoints that answered (only the configured one when local.url is set). */
  endpoints: DetectedEndpoint[];
  /** The chosen endpoint and model, when one answers and lists the model. */
  provider?: Provider;
  ollama: boolean;
  /** The GGUF file the embedded engine would load, when no server answers. */
  embeddedPath?: string;
  /** Why local-only forbids local.url (it is then not contacted). */
  refused?: string;
}

// Generous: a local server loads the model before its first answer.
const DOCTOR_TIMEOUTS: Partial<Timeouts> = {
  connectMs: 60_000,
  firstTokenMs: 60_000,
  totalMs: 120_000,
};

/** Finds the local endpoint like the daemon does: local.url, else the first one on 127.0.0.1. */
export async function findLocalTarget(ctx: DoctorContext): Promise<LocalTarget> {
  const { local } = ctx.config;
  const refused = local.url ? whyLocalEndpointRefused(local.url, ctx.config) : undefined;
  if (refused) return { endpoints: [], ollama: false, refused };
  const endpoints = local.url
    ? await detectLocalEndpoints({ candidates: [], urls: [local.url], timeoutMs: 3_000 })
    : await detectLocalEndpoints({ timeoutMs: 1_000 });
  const found = endpoints[0];
  if (!found) {
    const embeddedPath = !local.url && local.modelPath ? local.modelPath : undefined;
    return { endpoints, ollama: false, embeddedPath };
  }
  const model = local.model || found.models[0];
  const ollama = found.kind === 'ollama' || (await speaksOllamaApi(found.url));
  if (!model || !found.models.includes(model)) return { endpoints, ollama };
  const contextTokens = local.contextTokens || undefined;
  const provider = ollama
    ? createOllamaProvider({
        url: found.url,
        model,
        numCtx: contextTokens,
        timeouts: DOCTOR_TIMEOUTS,
      })
    : createOpenAICompatibleProvider({
        tier: 'local',
        url: found.url,
        model,
        contextWindow: contextTokens,
        timeouts: DOCTOR_TIMEOUTS,
      });
  return { endpoints, provider, ollama };
}

/** True when the embedded engine's model file is there to load. */
export function hasEmbeddedModel(target: LocalTarget): boolean {
  return target.embeddedPath !== undefined && existsSync(target.embeddedPath);
}
