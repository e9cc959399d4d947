/**
 * After an administrator changes the calendar or a campaign, everything is judged again: the
 * change marks a full evaluation as pending in its own transaction (SettingsStore; so a crash
 * loses nothing — the next evaluation is full) and this starts it at once in the background, one
 * after another.
 */
import { Logger } from '@nestjs/common';
import type { EvaluationService } from '../evaluation/evaluation.service.js';
import type { Clock } from '../core/clock.js';

const logger = new Logger('Settings');

export class Reevaluation {
  private running: Promise<unknown> = Promise.resolve();
  /** Why the last re-evaluation failed; null once one succeeds. */
  private failure: Error | null = null;

  constructor(
    private readonly evaluation: EvaluationService,
    private readonly clock: Clock,
  ) {}

  start(cause: string): void {
    const at = this.clock.now();
    this.running = this.running
      .then(() => this.evaluation.evaluate(at, cause, 'pending'))
      .then(
        (s) => {
          this.failure = null;
          logger.log(`Re-evaluated after ${cause}: ${s.obligations} obligations, ${s.changed} changed`);
        },
        (error: unknown) => {
          this.failure = error as Error;
          logger.error(
            `Re-evaluation after ${cause} failed (${(error as Error).message}); the next one is full`,
          );
        },
      );
  }

  /** Resolves when the re-evaluations started so far are done (tests, shutdown). */
  settled(): Promise<unknown> {
    return this.running;
  }

  /** When the re-evaluations started so far are done: why the last one failed, else null (the CLI). */
  async outcome(): Promise<Error | null> {
    await this.running;
    return this.failure;
  }
}
