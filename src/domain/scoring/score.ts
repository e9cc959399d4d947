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

interface Tally {
  judged: number[];
  met: number[];
  evidence: string[][];
}

const RULE_INDEX = new Map<RuleId, number>(RULES.map((r, i) => [r, i]));

/**
 * Tallies the judged obligations of each phase per unit and per person and scores them:
 * `score = Σ weight·rate / Σ weight × 100` over the rules with a judged obligation, computed exactly
 * and rounded half-up to 2 decimals; the grade is read from the rounded score.
 */
export function computeScores(
  obligations: Iterable<Obligation>,
  campaigns: Campaign[],
  people: Iterable<Person>,
  options: { withEvidence?: boolean } = {},
): ScoreEntry[] {
  const campaignOfPhase = new Map<string, Campaign>();
  for (const c of campaigns) for (const p of c.phases) campaignOfPhase.set(p.id, c);

  const tallies = new Map<string, Tally>();
  const tally = (key: string): Tally => {
    let t = tallies.get(key);
    if (t === undefined) {
      t = { judged: new Array(RULES.length).fill(0), met: new Array(RULES.length).fill(0), evidence: [] };
      if (options.withEvidence) t.evidence = RULES.map(() => []);
      tallies.set(key, t);
    }
    return t;
  };
  for (const ob of obligations) {
    if (ob.phaseId === null || !isJudged(ob.status)) continue;
    const i = RULE_INDEX.get(ob.rule)!;
    const met = ob.status === 'met' ? 1 : 0;
    for (const key of [
      ob.unitId === null ? null : `${ob.phaseId}\u0000unit\u0000${ob.unitId}`,
      ob.personId === null ? null : `${ob.phaseId}\u0000person\u0000${ob.personId}`,
    ]) {
      if (key === null) continue;
      const t = tally(key);
      t.judged[i]++;
      t.met[i] += met;
      if (options.withEvidence) t.evidence[i].push(ob.id);
    }
  }

  const entries: ScoreEntry[] = [];
  for (const [key, t] of tallies) {
    const [phaseId, level, id] = key.split('\u0000') as [string, 'unit' | 'person', string];
    const campaign = campaignOfPhase.get(phaseId);
    if (campaign === undefined) continue;
    const rules: Partial<Record<RuleId, RuleTally>> = {};
    const evidence: Partial<Record<RuleId, string[]>> = {};
    const parts: { weight: number; met: number; judged: number }[] = [];
    RULES.forEach((rule, i) => {
      if (t.judged[i] === 0) return;
      rules[rule] = { judged: t.judged[i], met: t.met[i], rate: t.met[i] / t.judged[i] };
      if (options.withEvidence) evidence[rule] = t.evidence[i].sort();
      parts.push({ weight: campaign.weights[rule], met: t.met[i], judged: t.judged[i] });
    });
    const hundredths = exactScoreHundredths(parts);
    entries.push({
      phaseId,
      level,
      id,
      rules,
      score: hundredths / 100,
      grade: gradeOf(hundredths, campaign.grades),
      evidence,
    });
  }

  addExcellentShares(entries, campaigns, people, campaignOfPhase);
  return entries.sort(compareScores);
}

function compareScores(a: ScoreEntry, b: ScoreEntry): number {
  if (a.phaseId !== b.phaseId) return a.phaseId < b.phaseId ? -1 : 1;
  if (a.level !== b.level) return a.level < b.level ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Weights are decimals with at most this many places; scaled to integers so the sum is exact. */
const WEIGHT_SCALE = 1_000_000n;

/**
 * 100 × Σ wᵢ·metᵢ/judgedᵢ / Σ wᵢ, in hundredths of a point, rounded half up, in exact integer
 * arithmetic (a float sum of thirds can land a hair below a .xx5 boundary and round the wrong way).
 */
export function exactScoreHundredths(parts: { weight: number; met: number; judged: number }[]): number {
  let num = 0n;
  let den = 1n;
  let weightSum = 0n;
  for (const p of parts) {
    const w = BigInt(Math.round(p.weight * Number(WEIGHT_SCALE)));
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
 * `excellent` — set against the campaign's target (seed: 90 % of members).
 */
function addExcellentShares(
  entries: ScoreEntry[],
  campaigns: Campaign[],
  people: Iterable<Person>,
  campaignOfPhase: Map<string, Campaign>,
): void {
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
