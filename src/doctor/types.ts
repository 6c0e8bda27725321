import type { HearthConfig } from '../config/schema.js';
import type { HearthPaths } from '../paths.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One line of `hearth doctor`: what was found and, when it is not a pass, how to fix it. */
export interface Check {
  id: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

/** Everything the checks read from outside; tests swap the parts that differ per machine. */
export interface DoctorContext {
  config: HearthConfig;
  paths: HearthPaths;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  arch: string;
  /** The user's home, where the service files live. */
  homedir: string;
  nodeVersion: string;
  /** Why the user's config was refused, when it was (the checks then use the defaults). */
  configError?: string;
  /** A test chat slower than this warns (GPU not used). */
  slowGenerationMs: number;
}

export const DEFAULT_SLOW_GENERATION_MS = 10_000;
