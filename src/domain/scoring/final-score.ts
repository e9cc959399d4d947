/**
 * The score a review reads: the computed score plus the emulation council's adjustments (điều
 * chỉnh điểm), clamped to 0…100, graded again with the campaign's thresholds, and the units of each
 * phase ranked by it. The stored scores and the frozen snapshots both come from here.
 */
import type { Campaign } from './campaign.js';
import { rank } from './rank.js';
import type { ScoreEntry, ScoredPerson } from './score.js';
import { campaignsByPhase, gradeOf, setExcellentShares } from './score.js';

/** The council's points for one subject in one phase (several adjustments may be summed). */
export interface AdjustmentTotal {
  phaseId: string;
  level: 'unit' | 'person';
  subjectId: string;
  /** Signed, at most 2 decimals. */
  points: number;
}

export interface FinalScoreEntry extends ScoreEntry {
  /** The score as computed from the obligations, before adjustments. */
  computedScore: number;
  /** The adjustments' points summed (the clamp may let less of it through). */
  adjustment: number;
  /** Units: 1 for the best final score of the phase, ties share a rank (1, 2, 2, 4). People: null. */
  rank: number | null;
}

const MAX_HUNDREDTHS = 10_000;

const hundredthsOf = (points: number) => Math.round(points * 100);

/**
 * `score` and `grade` become the final ones: computed + Σ adjustments, clamped to 0…100, graded
 * from the campaign's thresholds; each unit's excellent share is read again from its people's
 * final grades. The entries keep their order; the input is not changed.
 */
export function finalizeScores(
  entries: ScoreEntry[],
  adjustments: Iterable<AdjustmentTotal>,
  campaigns: Campaign[],
  people: Iterable<ScoredPerson>,
): FinalScoreEntry[] {
  const campaignOfPhase = campaignsByPhase(campaigns);
  const added = new Map<string, number>();
  for (const a of adjustments) {
    const key = `${a.phaseId}\u0000${a.level}\u0000${a.subjectId}`;
    added.set(key, (added.get(key) ?? 0) + hundredthsOf(a.points));
  }
  const final = entries.map((e): FinalScoreEntry => {
    const computed = hundredthsOf(e.score);
    const adjustment = added.get(`${e.phaseId}\u0000${e.level}\u0000${e.id}`) ?? 0;
    const score = Math.min(MAX_HUNDREDTHS, Math.max(0, computed + adjustment));
    const campaign = campaignOfPhase.get(e.phaseId);
    return {
      ...e,
      computedScore: computed / 100,
      adjustment: adjustment / 100,
      score: score / 100,
      grade: campaign === undefined ? e.grade : gradeOf(score, campaign.grades),
      rank: null,
    };
  });
  setExcellentShares(final, campaigns, people);

  const unitsByPhase = new Map<string, FinalScoreEntry[]>();
  for (const e of final) {
    if (e.level !== 'unit') continue;
    const list = unitsByPhase.get(e.phaseId);
    if (list === undefined) unitsByPhase.set(e.phaseId, [e]);
    else list.push(e);
  }
  for (const units of unitsByPhase.values()) {
    const ranks = new Map(rank(units).map((r) => [r.id, r.rank]));
    for (const u of units) u.rank = ranks.get(u.id)!;
  }
  return final;
}
