/**
 * The three timeouts of one request, and the caller's cancellation, folded into one AbortSignal.
 * After an abort, `outcome()` says why, because a stream that is aborted may simply end (the
 * `openai` package stops its `for await` loop without throwing).
 */
import type { Failure } from './errors.js';
import type { Timeouts } from './types.js';

export interface RequestTimers {
  readonly signal: AbortSignal;
  /** Response headers arrived: the connect timeout no longer applies. */
  markConnected(): void;
  /** Generated text arrived: the first-token timeout no longer applies. */
  markFirstToken(): void;
  /** Why the request was aborted, or undefined when it was not. */
  outcome(): Extract<Failure, { kind: 'timeout' | 'cancelled' }> | undefined;
  dispose(): void;
}

export function startRequestTimers(timeouts: Timeouts, callerSignal?: AbortSignal): RequestTimers {
  const controller = new AbortController();
  let outcome: ReturnType<RequestTimers['outcome']>;
  const stop = (reason: NonNullable<typeof outcome>) => {
    if (controller.signal.aborted) return;
    outcome = reason;
    controller.abort(reason);
  };
  const onCallerAbort = () => stop({ kind: 'cancelled' });
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  const arm = (phase: 'connect' | 'first-token' | 'total', ms: number) =>
    setTimeout(() => stop({ kind: 'timeout', phase, ms }), ms);
  let connect: NodeJS.Timeout | undefined = arm('connect', timeouts.connectMs);
  let firstToken: NodeJS.Timeout | undefined = arm('first-token', timeouts.firstTokenMs);
  const total = arm('total', timeouts.totalMs);

  return {
    signal: controller.signal,
    markConnected() {
      clearTimeout(connect);
      connect = undefined;
    },
    markFirstToken() {
      clearTimeout(connect);
      clearTimeout(firstToken);
      firstToken = undefined;
    },
    outcome: () => outcome,
    dispose() {
      clearTimeout(connect);
      clearTimeout(firstToken);
      clearTimeout(total);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
