import type { Logger } from '../log/logger.js';

/**
 * Keeps one failing handler (a timer, an event listener, a promise nobody awaited) from taking
 * the daemon down: the error is logged with its stack and the daemon carries on. Returns the
 * function that removes the guards again.
 */
export function installCrashGuards(logger: Logger): () => void {
  const onException = (error: Error) => logger.error(`uncaught error: ${error.message}`, { error });
  const onRejection = (reason: unknown) =>
    logger.error(
      `unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
      {
        error: reason,
      },
    );
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
