import { errorMessage } from '../errors.js';
import type { LocalTarget } from './local-target.js';
import { hasEmbeddedModel } from './local-target.js';
import type { Check, DoctorContext } from './types.js';

/** Reviews need this much context; docstrings need about 2k. */
export const NEEDED_CONTEXT_TOKENS = 8192;

const START_SERVER_FIX =
  'start a local server (e.g. `ollama serve` and `ollama pull gemma3:4b`), or set local.url ' +
  '(`hearth config set local.url http://127.0.0.1:PORT/v1`), or local.modelPath to a .gguf file';

const SEE_ENDPOINT = 'fix the local-endpoint check first';

export function checkLocalEndpoint(ctx: DoctorContext, target: LocalTarget): Check {
  const id = 'local-endpoint';
  const { local } = ctx.config;
  const found = target.endpoints[0];
  if (target.refused) {
    return {
      id,
      status: 'fail',
      message: `not contacted: ${target.refused}`,
      fix: '`hearth config set local.url http://127.0.0.1:PORT/v1` for a server on this machine',
    };
  }
  if (!found) {
    if (target.embeddedPath && hasEmbeddedModel(target)) {
      return {
        id,
        status: 'pass',
        message: `no local server answers; the embedded engine will load ${target.embeddedPath}`,
      };
    }
    const where = local.url ? `nothing answers at ${local.url}` : 'no local model server answers';
    const extra = target.embeddedPath ? ` and ${target.embeddedPath} does not exist` : '';
    return { id, status: 'fail', message: `${where}${extra}`, fix: START_SERVER_FIX };
  }
  const listed = found.models.length ? found.models.join(', ') : 'no models';
  if (!target.provider) {
    const message = local.model
      ? `${found.url} does not serve local.model ${local.model}; it has: ${listed}`
      : `${found.url} lists no model`;
    const fix = local.model
      ? `pull it (e.g. \`ollama pull ${local.model}\`) or set local.model to one of: ${listed}`
      : 'load or pull a model on that server, or set local.model';
    return { id, status: 'fail', message, fix };
  }
  const others = target.endpoints.slice(1).map((e) => e.url);
  const also = others.length ? ` (also answering: ${others.join(', ')})` : '';
  return {
    id,
    status: 'pass',
    message: `${found.url} (${found.kind}) serves ${listed}; using ${target.provider.model}${also}`,
  };
}

export async function checkLocalGeneration(
  ctx: DoctorContext,
  target: LocalTarget,
): Promise<Check> {
  const id = 'local-generation';
  const provider = target.provider;
  if (!provider) {
    return { id, status: 'warn', message: 'skipped: no local model to ask', fix: SEE_ENDPOINT };
  }
  const started = performance.now();
  try {
    await provider.chat({
      messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
      maxTokens: 8,
      temperature: 0,
    });
  } catch (error) {
    return {
      id,
      status: 'fail',
      message: `a test chat with ${provider.model} failed: ${errorMessage(error)}`,
      fix: 'check the server log; try the model by hand (e.g. `ollama run MODEL`)',
    };
  }
  const ms = Math.round(performance.now() - started);
  if (ms <= ctx.slowGenerationMs) {
    return { id, status: 'pass', message: `${provider.model} answered a test chat in ${ms} ms` };
  }
  return {
    id,
    status: 'warn',
    message: `${provider.model} took ${ms} ms for an 8-token answer (over ${ctx.slowGenerationMs} ms)`,
    fix:
      'check the model runs on the GPU (`ollama ps` should say 100% GPU; `nvidia-smi` shows it): ' +
      'install the CUDA driver (NVIDIA) or use a Metal build (Apple Silicon), or pick a smaller model',
  };
}

export async function checkContextWindow(target: LocalTarget): Promise<Check> {
  const id = 'context-window';
  const provider = target.provider;
  if (!provider) {
    return { id, status: 'warn', message: 'skipped: no local model to ask', fix: SEE_ENDPOINT };
  }
  const window = await provider.contextWindow();
  const need = NEEDED_CONTEXT_TOKENS;
  if (window >= need) {
    return { id, status: 'pass', message: `${provider.model}: ${window}-token context window` };
  }
  const message = `${provider.model}: ${window}-token context window, below the ${need} reviews need (docstrings need about 2k)`;
  const fix = target.ollama
    ? `raise Ollama's num_ctx: a Modelfile with \`FROM ${provider.model}\` and \`PARAMETER num_ctx ${need}\` ` +
      `(then \`ollama create\`), or \`hearth config set local.contextTokens ${need}\` so hearth passes num_ctx ` +
      '(a model trained on fewer tokens cannot go past that: pick one with a longer context)'
    : `start the server with a larger context (llama.cpp \`-c ${need}\`, vLLM \`--max-model-len ${need}\`, ` +
      `LM Studio's context length) and set local.contextTokens to it`;
  return { id, status: 'warn', message, fix };
}
