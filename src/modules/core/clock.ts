import type { Instant } from '../../domain/time.js';

/** The current instant: DUNGHAN_CLOCK when set (demos, tests, replays), else the real clock. */
export class Clock {
  constructor(private readonly fixed: Instant | null) {}

  now(): Instant {
    return this.fixed ?? Date.now();
  }
}
