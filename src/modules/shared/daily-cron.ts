/**
 * The crons of the daily jobs, derived from the configured local times so that a scheduler never
 * fires before the slot it serves. Schedulers run in Asia/Ho_Chi_Minh (the queue port's `tz`).
 */

/** `30 7 * * *`: every day at that many minutes after local midnight. */
export function dailyCron(minuteOfDay: number): string {
  return `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} * * *`;
}
