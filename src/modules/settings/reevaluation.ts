/**
 * After an administrator changes the calendar or a campaign, everything is judged again: the
 * change marks a full evaluation as pending in its own transaction (so a crash loses nothing — the
 * next evaluation is full) and this starts it at once in the background, one after another.
 */
import { Logger } from '@nestjs/common';
import type { AppContext } from '../../app/app-context.js';

const logger = new Logger('Settings');
const running = new WeakMap<AppContext, Promise<unknown>>();

/** Inside the change's transaction: the next evaluation covers everything. */
export async function markEverything(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query(
    `INSERT INTO sync_pending_subjects (kind, subject_id, run_id) VALUES ('unit', '*', 0)
     ON CONFLICT (kind, subject_id) DO NOTHING`,
  );
}

export function startReevaluation(ctx: AppContext, cause: string): void {
  const at = ctx.now();
  const next = (running.get(ctx) ?? Promise.resolve())
    .then(() => ctx.evaluation.evaluate(at, cause, 'pending'))
    .then(
      (s) => logger.log(`Re-evaluated after ${cause}: ${s.obligations} obligations, ${s.changed} changed`),
      (error: unknown) =>
        logger.error(
          `Re-evaluation after ${cause} failed (${(error as Error).message}); the next one is full`,
        ),
    );
  running.set(ctx, next);
}

/** Resolves when the re-evaluations started so far are done (tests, shutdown). */
export function reevaluationsSettled(ctx: AppContext): Promise<unknown> {
  return running.get(ctx) ?? Promise.resolve();
}
