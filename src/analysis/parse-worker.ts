/**
 * The worker process's side of off-thread parsing (parse-off-thread.ts): runs each job it is
 * sent (a file's symbols, a text's code tokens) and sends the result back. Parsing a file of
 * thousands of functions takes seconds; here it never holds the daemon's event loop. It ends
 * with the daemon: a closed channel means the daemon is gone.
 */
import { type ExtractJob, runHere } from './parse-off-thread.js';

process.on('message', ({ id, ...job }: ExtractJob) => {
  void runHere(job).then((result) => process.send?.({ id, result }));
});
process.on('disconnect', () => process.exit(0));
