import { languageOf } from '../analysis/languages/index.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { listUncommittedFiles, pickBounded } from '../repos/uncommitted.js';

/** At most this many uncommitted files are looked at when watching starts; the rest on save. */
export const UNCOMMITTED_LOOK_LIMIT = 200;

/**
 * The files a monitor looks at once when it starts: those that differ from HEAD (staged or not,
 * and untracked ones), at most `limit` parsable ones, with one log line for any left out. A
 * listing that fails is logged and looks at nothing.
 */
export async function findFilesToLookAt(
  root: string,
  logger: Logger,
  limit = UNCOMMITTED_LOOK_LIMIT,
): Promise<string[]> {
  let listed: string[];
  try {
    listed = await listUncommittedFiles(root);
  } catch (error) {
    logger.warn('could not list the uncommitted files', { repo: root, error: errorMessage(error) });
    return [];
  }
  const picked = pickBounded(listed, (rel) => languageOf(rel) !== undefined, limit);
  if (picked.left > 0) {
    logger.info('uncommitted files left for later', {
      repo: root,
      queued: picked.paths.length,
      left: picked.left,
      reason: `at most ${limit} uncommitted files are looked at when watching starts; the rest are looked at when saved, or all at once with: hearth docstrings`,
    });
  }
  return picked.paths;
}
