import { errorMessage } from '../errors.js';
import type { Check } from './types.js';

/** Runs a check so that it never throws: an exception becomes a `fail` carrying its message. */
export async function guardCheck(id: string, run: () => Promise<Check>): Promise<Check> {
  try {
    return await run();
  } catch (error) {
    return { id, status: 'fail', message: `the check itself failed: ${errorMessage(error)}` };
  }
}

/** "2.39.5" out of "git version 2.39.5", as [2, 39, 5]; undefined when there is no version. */
export function parseVersion(text: string): number[] | undefined {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function isAtLeast(version: readonly number[], minimum: readonly number[]): boolean {
  for (let i = 0; i < minimum.length; i++) {
    const have = version[i] ?? 0;
    const want = minimum[i] ?? 0;
    if (have !== want) return have > want;
  }
  return true;
}
