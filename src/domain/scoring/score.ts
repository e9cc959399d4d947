/**
 * Scores per unit and per person per campaign phase (DOMAIN.md §5).
 */
import type { Person } from '../model.js';
import type { Obligation, RuleId } from '../rules/obligation.js';
import { RULES, isJudged } from '../rules/obligation.js';
import type { Campaign, Grade, GradeThreshold } from './campaign.js';

export interface RuleTally {
  judged: number;
  met: number;
  rate: number;
}

export interface ScoreEntry {
  phaseId: string;
  level: 'unit' | 'person';
  id: string;
  rules: Partial<Record<RuleId, RuleTally>>;
  score: number;
  grade: Grade;
  /** Units only: the obligation ids behind each rule's tally, for evidence. */
  evidence: Partial<Record<RuleId, string[]>>;
  excellentShare?: number | null;
  excellentTarget?: number;
}

/**
 * One unit's or person's judged and met obligations per rule in one phase: all a score is made
 * from. Built from obligations in memory (`computeScores`) or counted by the database (the stored
 * scores), then scored by the same `scoreTallies`.
 */
export interface SubjectTally {
  phaseId: string;
  level: 'unit' | 'person';
  id: string;
  /** Indexed like RULES. */
  judged: number[];
  /** Indexed like RULES. */
  met: number[];
  /** Indexed like RULES, when evidence is wanted: the ids of the obligations counted. */
  evidence?: string[][];
}

/** What the excellent share needs of a person. */
export type ScoredPerson = Pick<Person, 'id' | 'unitId' | 'active'>;

const RULE_INDEX = new Map<RuleId, number>(RULES.map((r, i) => [r, i]));

/** The tally of one unit or person in one phase, in `tallies`, made on first use. */
export function tallyOf(
  tallies: Map<string, SubjectTally>,
  phaseId: string,
  level: 'unit' | 'person',
  id: string,
  withEvidence = false,
): SubjectTally {
  const key = `${phaseId}\u0000${level}\u0000${id}`;
  let t = tallies.get(key);
  if (t === undefined) {
    t = {
      phaseId,
      level,
      id,
      judged: new Array<number>(RULES.length).fill(0),
      met: new Array<number>(RULES.length).fill(0),
    };
    if (withEvidence) t.evidence = RULES.map(() => []);
    tallies.set(key, t);
  }
  return t;
}

/**
 * Tallies the judged obligations of each phase per unit and per person and scores them:
 * `score = Σ weight·rate / Σ weight × 100` over the rules with a judged obligation, computed exactly
 * and rounded half-up to 2 decimals; the grade is read from the rounded score.
 */
export function computeScores(
  obligations: Iterable<Obligation>,
  campaigns: Campaign[],
  people: Iterable<ScoredPerson>,
  options: { withEvidence?: boolean } = {},
): ScoreEntry[] {
  const tallies = new Map<string, SubjectTally>();
  const tally = (phaseId: string, level: 'unit' | 'person', id: string): SubjectTally =>
    tallyOf(tallies, phaseId, level, id, options.withEvidence);
  for (const ob of obligations) {
    if (ob.phaseId === null || !isJudged(ob.status)) continue;
    const i = RULE_INDEX.get(ob.rule)!;
    const met = ob.status === 'met' ? 1 : 0;
    for (const t of [
      ob.unitId === null ? null : tally(ob.phaseId, 'unit', ob.unitId),
      ob.personId === null ? null : tally(ob.phaseId, 'person', ob.personId),
    ]) {
      if (t === null) continue;
      t.judged[i]++;
      t.met[i] += met;
      t.evidence?.[i].push(ob.id);
    }
  }
  return scoreTallies(tallies.values(), campaigns, people);
}

/**
 * Scores tallies (one per phase, level and subject) with their phase's campaign: a tally of a
 * phase no campaign has gives no entry, nor does one without a judged obligation. Sorted by phase,
 * level, id; units carry their share of excellent people.
 */
export function scoreTallies(
  tallies: Iterable<SubjectTally>,
  campaigns: Campaign[],
  people: Iterable<ScoredPerson>,
): ScoreEntry[] {
  const campaignOfPhase = campaignsByPhase(campaigns);
  const entries: ScoreEntry[] = [];
  for (const t of tallies) {
    const campaign = campaignOfPhase.get(t.phaseId);
    if (campaign === undefined) continue;
    const rules: Partial<Record<RuleId, RuleTally>> = {};
    const evidence: Partial<Record<RuleId, string[]>> = {};
    const parts: { weight: number; met: number; judged: number }[] = [];
    RULES.forEach((rule, i) => {
      if (t.judged[i] === 0) return;
      rules[rule] = { judged: t.judged[i], met: t.met[i], rate: t.met[i] / t.judged[i] };
      if (t.evidence !== undefined) evidence[rule] = t.evidence[i].sort();
      parts.push({ weight: campaign.weights[rule], met: t.met[i], judged: t.judged[i] });
    });
    if (parts.length === 0) continue;
    const hundredths = exactScoreHundredths(parts);
    entries.push({
      phaseId: t.phaseId,
      level: t.level,
      id: t.id,
      rules,
      score: hundredths / 100,
      grade: gradeOf(hundredths, campaign.grades),
      evidence,
    });
  }

  setExcellentShares(entries, campaigns, people);
  return entries.sort(compareScores);
}

export function campaignsByPhase(campaigns: Campaign[]): Map<string, Campaign> {
  const campaignOfPhase = new Map<string, Campaign>();
  for (const c of campaigns) for (const p of c.phases) campaignOfPhase.set(p.id, c);
  return campaignOfPhase;
}

function compareScores(a: ScoreEntry, b: ScoreEntry): number {
  if (a.phaseId !== b.phaseId) return a.phaseId < b.phaseId ? -1 : 1;
  if (a.level !== b.level) return a.level < b.level ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Weights are decimals with at most this many places; scaled to integers so the sum is exact. */
const WEIGHT_SCALE = 1_000_000n;

/**
 * 100 × Σ wᵢ·metᵢ/judgedᵢ / Σ wᵢ, in hundredths of a point, rounded half up, exactly (a float sum
 * of thirds can land a hair below a .xx5 boundary and round the wrong way). Floating point with the
 * same integer weights is within 1e-10 of the exact value, so its rounding is taken unless it lands
 * within 1e-6 of a half-hundredth; those are decided in integers. Same answers as the integer
 * arithmetic alone, without its allocations (a third of a province's scoring time was the
 * collector reclaiming BigInts).
 */
export function exactScoreHundredths(parts: { weight: number; met: number; judged: number }[]): number {
  let sum = 0;
  let weightSum = 0;
  for (const p of parts) {
    const w = Math.round(p.weight * WEIGHT_SCALE_NUMBER);
    sum += (w * p.met) / p.judged;
    weightSum += w;
  }
  if (weightSum === 0) return 0;
  const hundredths = (10000 * sum) / weightSum;
  const fraction = hundredths - Math.floor(hundredths);
  if (Number.isFinite(hundredths) && weightSum <= Number.MAX_SAFE_INTEGER && Math.abs(fraction - 0.5) > 1e-6)
    return Math.round(hundredths);
  return scoreHundredthsInIntegers(parts);
}

const WEIGHT_SCALE_NUMBER = Number(WEIGHT_SCALE);

/** The same in integer arithmetic throughout: the reference, and the answer near a boundary. */
export function scoreHundredthsInIntegers(parts: { weight: number; met: number; judged: number }[]): number {
  let num = 0n;
  let den = 1n;
  let weightSum = 0n;
  for (const p of parts) {
    const w = BigInt(Math.round(p.weight * WEIGHT_SCALE_NUMBER));
    // num/den += w·met/judged
    num = num * BigInt(p.judged) + w * BigInt(p.met) * den;
    den = den * BigInt(p.judged);
    weightSum += w;
  }
  if (weightSum === 0n) return 0;
  // hundredths = 10000 · num / (den · weightSum), rounded half up.
  const n = 10000n * num;
  const d = den * weightSum;
  return Number((2n * n + d) / (2n * d));
}

export function gradeOf(hundredths: number, grades: GradeThreshold[]): Grade {
  const sorted = [...grades].sort((a, b) => b.min - a.min);
  for (const g of sorted) if (hundredths >= Math.round(g.min * 100)) return g.grade;
  return sorted[sorted.length - 1]?.grade ?? 'fail';
}

/**
 * Per unit: the share of its active people who have a person score in the phase and are graded
 * `excellent` — set against the campaign's target (seed: 90 % of members). Read from the person
 * entries' grades as they stand, so after adjustments it follows the adjusted grades.
 */
export function setExcellentShares(
  entries: ScoreEntry[],
  campaigns: Campaign[],
  people: Iterable<ScoredPerson>,
): void {
  const campaignOfPhase = campaignsByPhase(campaigns);
  const gradeOfPerson = new Map<string, Grade>();
  for (const e of entries) if (e.level === 'person') gradeOfPerson.set(`${e.phaseId}\u0000${e.id}`, e.grade);
  const activeByUnit = new Map<string, string[]>();
  for (const p of people) {
    if (!p.active) continue;
    const list = activeByUnit.get(p.unitId);
    if (list === undefined) activeByUnit.set(p.unitId, [p.id]);
    else list.push(p.id);
  }
  for (const e of entries) {
    if (e.level !== 'unit') continue;
    let scored = 0;
    let excellent = 0;
    for (const personId of activeByUnit.get(e.id) ?? []) {
      const grade = gradeOfPerson.get(`${e.phaseId}\u0000${personId}`);
      if (grade === undefined) continue;
      scored++;
      if (grade === 'excellent') excellent++;
    }
    e.excellentShare = scored === 0 ? null : excellent / scored;
    e.excellentTarget =
      campaignOfPhase.get(e.phaseId)?.excellentTarget ?? campaigns[0]?.excellentTarget ?? 0.9;
  }
}
