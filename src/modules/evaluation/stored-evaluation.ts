/**
 * The stored records evaluated as of an instant by the same engine as `dunghan evaluate`, with
 * the standing exemptions made by then and the scores (computed: without the council's
 * adjustments): what `dunghan obligations` prints and `GET /api/obligations` answers.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import { buildCalendar } from '../../domain/calendar/working-calendar.js';
import type { Evaluation } from '../../domain/evaluate.js';
import { evaluate } from '../../domain/evaluate.js';
import type { Dataset } from '../../domain/model.js';
import type { ScoreEntry } from '../../domain/scoring/score.js';
import { computeScores } from '../../domain/scoring/score.js';
import type { Instant } from '../../domain/time.js';
import type { ObligationStore, StandingExemption } from '../../infra/store/obligation-store.js';

export interface StoredEvaluation {
  dataset: Dataset;
  evaluation: Evaluation;
  scores: ScoreEntry[];
  /** The standing exemptions, whether or not made by as-of (`exemptionsUntil` decides which apply). */
  exemptions: StandingExemption[];
}

/** What a stored evaluation reads: the stored records and exemptions, and the configuration in force. */
export interface StoredEvaluationSources {
  obligationStore: Pick<ObligationStore, 'loadDataset' | 'standingExemptions'>;
  domain: DomainConfig;
}

/**
 * `options.exemptionsUntil`: apply the exemptions made up to this instant rather than up to as-of
 * (a review snapshot judges a phase as of its end with the decisions made since).
 */
export async function evaluateStored(
  ctx: StoredEvaluationSources,
  asOf: Instant,
  unitId?: string,
  options: { exemptionsUntil?: Instant } = {},
): Promise<StoredEvaluation> {
  const dataset = await ctx.obligationStore.loadDataset();
  const exemptions = await ctx.obligationStore.standingExemptions();
  const evaluation = evaluate({
    dataset,
    asOf,
    calendar: buildCalendar(ctx.domain.calendar),
    campaigns: ctx.domain.campaigns,
    officialDomain: ctx.domain.settings.officialDomain,
    trackingStart: ctx.domain.settings.trackingStart,
    exemptions,
    exemptionsUntil: options.exemptionsUntil,
  });
  if (unitId !== undefined)
    evaluation.obligations = evaluation.obligations.filter((o) => o.unitId === unitId);
  const scores = computeScores(evaluation.obligations, ctx.domain.campaigns, dataset.people.values());
  return { dataset, evaluation, scores, exemptions };
}
