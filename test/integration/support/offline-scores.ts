/**
 * The scores `dunghan evaluate` computes for a bundle file, offline (no database): what the stored
 * scores must equal — with the same exemptions and adjustments, when given.
 */
import { loadDomainConfig } from '../../../src/config/domain-config.loader.js';
import { defaultConfigDir } from '../../../src/config/project-root.js';
import { buildCalendar } from '../../../src/domain/calendar/working-calendar.js';
import type { Evaluation } from '../../../src/domain/evaluate.js';
import { evaluate } from '../../../src/domain/evaluate.js';
import type { Exemption } from '../../../src/domain/rules/obligation.js';
import type { AdjustmentTotal, FinalScoreEntry } from '../../../src/domain/scoring/final-score.js';
import { finalizeScores } from '../../../src/domain/scoring/final-score.js';
import { computeScores } from '../../../src/domain/scoring/score.js';
import type { Instant } from '../../../src/domain/time.js';
import { loadBundles } from '../../../src/infra/bundle/load-bundles.js';
import type { StoredScore } from '../../../src/infra/store/score-store.js';

export async function offlineScores(
  file: string,
  asOf: Instant,
  decisions: { exemptions?: Exemption[]; adjustments?: AdjustmentTotal[] } = {},
): Promise<{ evaluation: Evaluation; computed: ReturnType<typeof computeScores>; final: FinalScoreEntry[] }> {
  const domain = loadDomainConfig(defaultConfigDir());
  const { dataset, fatal } = await loadBundles([file]);
  if (fatal !== null) throw new Error(`unreadable bundle ${file}`);
  const evaluation = evaluate({
    dataset,
    asOf,
    calendar: buildCalendar(domain.calendar),
    campaigns: domain.campaigns,
    officialDomain: domain.settings.officialDomain,
    trackingStart: domain.settings.trackingStart,
    exemptions: decisions.exemptions,
  });
  const computed = computeScores(evaluation.obligations, domain.campaigns, dataset.people.values());
  const final = finalizeScores(
    computed,
    decisions.adjustments ?? [],
    domain.campaigns,
    dataset.people.values(),
  );
  return { evaluation, computed, final };
}

/** The fields a stored score and an offline final entry share, sorted alike, for `toEqual`. */
export function comparable(rows: (FinalScoreEntry | StoredScore)[]): Record<string, unknown>[] {
  return rows
    .map((r) => ({
      phaseId: r.phaseId,
      level: r.level,
      subjectId: 'subjectId' in r ? r.subjectId : r.id,
      score: r.score,
      computedScore: r.computedScore,
      adjustment: r.adjustment,
      grade: r.grade,
      rank: r.rank,
      rules: r.rules,
      excellentShare: r.level === 'unit' ? r.excellentShare : null,
    }))
    .sort((a, b) => {
      const ka = `${a.phaseId} ${a.level} ${a.subjectId}`;
      const kb = `${b.phaseId} ${b.level} ${b.subjectId}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
}
