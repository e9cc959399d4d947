/**
 * The stored obligations, and what evaluating all stored data as of the latest evaluation's
 * instant gives (with the standing exemptions): the two must be equal after every evaluation,
 * whatever its scope.
 */
import type { TestServices } from './services.js';
import { buildCalendar } from '../../../src/domain/calendar/working-calendar.js';
import { evaluate } from '../../../src/domain/evaluate.js';
import { obligationView } from '../../../src/domain/report/evaluation-view.js';
import { query } from './test-database.js';

export async function storedAndRecomputed(ctx: TestServices) {
  const [latest] = await query<{ as_of: Date }>(
    ctx.app.databaseUrl!,
    'SELECT as_of FROM evaluations ORDER BY id DESC LIMIT 1',
  );
  const dataset = await ctx.obligationStore.loadDataset();
  const full = evaluate({
    dataset,
    asOf: latest.as_of.getTime(),
    calendar: buildCalendar(ctx.domain.calendar),
    campaigns: ctx.domain.campaigns,
    officialDomain: ctx.domain.settings.officialDomain,
    trackingStart: ctx.domain.settings.trackingStart,
    exemptions: await ctx.obligationStore.standingExemptions(),
  });
  const recomputed = full.obligations
    .map(obligationView)
    .map(({ doneAt: _d, ...rest }) => rest)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const stored = await query(
    ctx.app.databaseUrl!,
    `SELECT id, rule, subject_id AS "subjectId", unit_id AS "unitId", person_id AS "personId", due_date::text AS "dueDate", status,
            working_days_late AS "workingDaysLate", tight, phase_id AS "phaseId", details
     FROM obligations ORDER BY id COLLATE "C"`,
  );
  return { stored, recomputed, dataset, evaluation: full };
}
