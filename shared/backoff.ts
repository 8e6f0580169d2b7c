// One retry schedule for the whole code base (issue 11): the sync round, the sync outbox's retry_later, the
// intake autosave and the harness bridge's reconnect each used to double their own delay. Pure: the caller keeps
// the attempt count and the timer.

export interface Backoff {
  /** Delay before the first retry. */
  firstMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /**
   * A source of random numbers in [0, 1): when given, each delay is scaled by a factor in [0.5, 1), so that many
   * clients that failed together (a county server restarting) do not all come back in the same second.
   */
  jitter?: () => number;
}

/** Attempts past this one all wait `maxMs` (and 2^n stays a finite number). */
const MAX_DOUBLINGS = 30;

/**
 * The delay before retry number `attempt` (1 = the first retry; 0 or less counts as 1): `firstMs · 2^(attempt-1)`,
 * capped at `maxMs`, then jittered when the schedule asks for it. Whole milliseconds.
 */
export function backoffDelay(schedule: Backoff, attempt: number): number {
  const doublings = Math.min(MAX_DOUBLINGS, Math.max(0, Math.floor(attempt) - 1));
  const raw = Math.min(schedule.maxMs, schedule.firstMs * 2 ** doublings);
  return Math.round(schedule.jitter ? raw * (0.5 + schedule.jitter() / 2) : raw);
}
