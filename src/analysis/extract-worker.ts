/**
 * The worker thread's side of off-thread extraction (extract-off-thread.ts): parses what it is
 * sent with the language's extractor and posts the symbols back. Parsing a file of thousands of
 * functions takes seconds; here it never holds the daemon's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { extractSymbols } from './analyze-file.js';
import type { ExtractJob } from './extract-off-thread.js';

parentPort?.on('message', (job: ExtractJob) => {
  void extractSymbols(job.file, job.language, job.source).then((result) =>
    parentPort?.postMessage({ id: job.id, result }),
  );
});
