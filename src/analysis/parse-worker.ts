/**
 * The worker thread's side of off-thread parsing (parse-off-thread.ts): runs each job it is
 * sent (a file's symbols, a text's code tokens) and posts the result back. Parsing a file of
 * thousands of functions takes seconds; here it never holds the daemon's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { type ExtractJob, runHere } from './parse-off-thread.js';

parentPort?.on('message', ({ id, ...job }: ExtractJob) => {
  void runHere(job).then((result) => parentPort?.postMessage({ id, result }));
});
