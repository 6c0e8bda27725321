/** Milliseconds from `now` until the next `hour:minute` local time (tomorrow's when it has passed). */
export function msUntilNext(now: Date, hour: number, minute: number): number {
  const next = new Date(now);
  next.setHours(hour, minute, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

/**
 * Runs `job` every day at `hour:minute` local time, on unref'd timers (a daylight-saving change
 * moves it by the hour, as cron does). Returns a stop function.
 */
export function runDaily(hour: number, minute: number, job: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(
      () => {
        job();
        arm();
      },
      msUntilNext(new Date(), hour, minute),
    );
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
