import os from 'node:os';
import { withTimeout } from '../util/timeout.js';
import type { Check, DoctorContext } from './types.js';

export interface GpuInfo {
  vendor: string;
  model: string;
  /** Dedicated memory in MB; 0 when unknown or shared. */
  vramMb: number;
}

export interface GpuFacts {
  gpus: GpuInfo[];
  platform: NodeJS.Platform;
  arch: string;
  totalMemBytes: number;
}

const GB = 1024;

/** The model that fits the biggest GPU: the table from PRODUCT.md. Pure. */
export function recommendModel(facts: GpuFacts): {
  status: 'pass' | 'warn';
  message: string;
  fix?: string;
} {
  const apple =
    (facts.platform === 'darwin' && facts.arch === 'arm64') ||
    facts.gpus.some((gpu) => /apple/i.test(gpu.vendor));
  if (apple) {
    const gb = Math.round(facts.totalMemBytes / 1024 ** 3);
    // About half of unified memory is free for a model beside the system and the editor.
    return {
      status: 'pass',
      message: `Apple Silicon, unified memory: ${gb} GB shared with the system; ${pickBySize(gb / 2)}`,
    };
  }
  const best = [...facts.gpus].sort((a, b) => b.vramMb - a.vramMb)[0];
  if (!best || best.vramMb <= 0) {
    return {
      status: 'warn',
      message:
        'no GPU with its own memory found: models run on the CPU only (slow); Gemma 4 E2B is the one to try',
      fix: 'with an NVIDIA or AMD GPU, install its driver (`nvidia-smi` or `rocm-smi` should list it)',
    };
  }
  const gb = Math.round((best.vramMb / GB) * 10) / 10;
  const name = `${best.vendor} ${best.model}`.trim();
  if (gb < 8) {
    return {
      status: 'warn',
      message: `${name} with ${gb} GB VRAM: under 8 GB, models run partly on the CPU; Gemma 4 E2B is the one to try`,
    };
  }
  return { status: 'pass', message: `${name} with ${gb} GB VRAM; ${pickBySize(gb)}` };
}

function pickBySize(gb: number): string {
  if (gb >= 24) return 'room for a larger variant (e.g. a 12B-27B model)';
  if (gb >= 16) return 'recommended: Gemma 4 E4B';
  if (gb >= 8) return 'recommended: Gemma 4 E2B';
  return 'recommended: Gemma 4 E2B (a small quantisation)';
}

/** Reads the graphics controllers once; systeminformation is heavy, so it loads only here. */
export async function readGpus(): Promise<GpuInfo[]> {
  const si = await import('systeminformation');
  const { controllers } = await si.graphics();
  return controllers.map((c) => ({
    vendor: c.vendor ?? '',
    model: c.model ?? '',
    vramMb: c.vramDynamic ? 0 : Math.max(c.vram ?? 0, c.memoryTotal ?? 0),
  }));
}

export async function checkGpu(
  ctx: DoctorContext,
  read: () => Promise<GpuInfo[]> = readGpus,
): Promise<Check> {
  let gpus: GpuInfo[] = [];
  let problem = '';
  try {
    gpus = await withTimeout(read(), 15_000);
  } catch (error) {
    problem = ` (could not read the GPUs: ${error instanceof Error ? error.message : String(error)})`;
  }
  const verdict = recommendModel({
    gpus,
    platform: ctx.platform,
    arch: ctx.arch,
    totalMemBytes: os.totalmem(),
  });
  return { id: 'gpu', ...verdict, message: verdict.message + problem };
}
