/**
 * Request pacing for a source's API. Government gateways (LGSP, vendor APIs) throttle or block
 * clients that burst, so requests are spaced to the configured rate instead of being sent as fast
 * as the server answers. Time comes from an injected clock so tests measure pacing without
 * waiting for it.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` (rejects with the signal's reason if it is aborted first). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A token bucket: `ratePerSecond` tokens a second, at most `capacity` saved up. With the default
 * capacity of 1 requests are evenly spaced, never bunched.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Callers queue here so concurrent takers cannot spend the same token. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly clock: Clock,
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new Error(`rate limit: requestsPerSecond must be a positive number, got ${ratePerSecond}`);
    }
    if (!(capacity >= 1)) throw new Error(`rate limit: burst must be at least 1, got ${capacity}`);
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Waits until a request may be sent, and spends the token for it. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeNow(signal));
    // A caller that gave up (aborted) must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      // A wall clock set back must not take tokens away (and stall every request after it).
      const elapsed = Math.max(0, now - this.last);
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSecond) / 1000);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond), signal);
    }
  }
}
