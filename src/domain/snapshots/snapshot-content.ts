/**
 * What a review snapshot (kết quả chốt tại kỳ sơ kết / tổng kết) holds: a phase's scores per unit
 * and per person, ranked, with the obligation ids behind every tally (DOMAIN.md §5), and the
 * council's exemptions and score adjustments that stand behind the final numbers. Pure data: the
 * same entries always give the same content, so its canonical JSON and checksum only change when a
 * number, its evidence or a decision does.
 */
import type { Person, Unit } from '../model.js';
import type { Obligation, RuleId, Status } from '../rules/obligation.js';
import { RULES } from '../rules/obligation.js';
import type { Campaign, Grade, GradeThreshold, Phase } from '../scoring/campaign.js';
import type { FinalScoreEntry } from '../scoring/final-score.js';
import { rank } from '../scoring/rank.js';
import type { RuleTally, ScoreEntry } from '../scoring/score.js';
import type { Instant } from '../time.js';
import { formatDay, formatInstant } from '../time.js';

export { rank } from '../scoring/rank.js';

export interface SnapshotRow {
  /** 1 for the best score; equal scores share a rank (1, 1, 3). */
  rank: number;
  id: string;
  name: string | null;
  /** The final score: computed + adjustment, clamped to 0…100. */
  score: number;
  /** Read from the final score. */
  grade: Grade;
  /**
   * The score computed from the obligations, before adjustments. Absent (read: equal to `score`)
   * in versions frozen before adjustments existed.
   */
  computedScore?: number;
  /** The council's points for this row, summed; 0 without any. Absent (read: 0) in older versions. */
  adjustment?: number;
  rules: Partial<Record<RuleId, RuleTally>>;
  /** The obligation ids counted in each rule's tally. */
  evidence: Partial<Record<RuleId, string[]>>;
}

export interface SnapshotUnitRow extends SnapshotRow {
  excellentShare: number | null;
  excellentTarget: number;
}

export interface SnapshotPersonRow extends SnapshotRow {
  unitId: string | null;
}

/** An obligation of the phase excused by an authorised person (DOMAIN.md §3.10). */
export interface SnapshotExemption {
  /** The exemption's id (the record the audit log names). */
  id: string;
  obligationId: string;
  rule: RuleId;
  unitId: string | null;
  personId: string | null;
  /** The status the obligation would have had: the evidence an exemption never deletes. */
  exemptedStatus: Status | null;
  by: string;
  /** Local time with its offset. */
  at: string;
  reason: string;
}

/** Points the council added to (or took from) one row's computed score. */
export interface SnapshotAdjustment {
  id: string;
  level: 'unit' | 'person';
  subjectId: string;
  name: string | null;
  points: number;
  by: string;
  /** Local time with its offset. */
  at: string;
  reason: string;
}

export interface SnapshotContent {
  phase: {
    id: string;
    name: string;
    campaignId: string;
    campaignName: string;
    start: string;
    end: string;
    review: Phase['review'];
  };
  weights: Partial<Record<RuleId, number>>;
  /**
   * The grade thresholds and excellent target the phase was scored with: with `weights` and the
   * phase's dates, what a later campaign change may not alter for this phase. Absent in versions
   * frozen before they were kept.
   */
  grades?: GradeThreshold[];
  excellentTarget?: number;
  units: SnapshotUnitRow[];
  people: SnapshotPersonRow[];
  /** By obligation id. Absent (read: none) in versions frozen before exemptions existed. */
  exemptions?: SnapshotExemption[];
  /** By time, then id. Absent (read: none) in versions frozen before adjustments existed. */
  adjustments?: SnapshotAdjustment[];
}

export interface SnapshotEvidenceRow {
  phaseId: string;
  level: 'unit' | 'person';
  id: string;
  rule: RuleId;
  obligationId: string;
}

/** A standing exemption with the obligation it excuses, as evaluated. */
export interface PhaseExemption {
  id: string;
  obligation: Obligation;
  by: string;
  at: Instant;
  reason: string;
}

export interface PhaseAdjustment {
  id: string;
  phaseId: string;
  level: 'unit' | 'person';
  subjectId: string;
  points: number;
  by: string;
  at: Instant;
  reason: string;
}

export interface SnapshotSource {
  phase: Phase;
  campaign: Campaign;
  /**
   * Score entries computed with `withEvidence: true`, final (`finalizeScores`) when adjustments
   * apply; entries of other phases are ignored.
   */
  entries: (ScoreEntry | FinalScoreEntry)[];
  units: ReadonlyMap<string, Unit>;
  people: ReadonlyMap<string, Person>;
  /** Exemptions of obligations of other phases are ignored. */
  exemptions?: PhaseExemption[];
  /** Adjustments of other phases are ignored. */
  adjustments?: PhaseAdjustment[];
}

export function buildSnapshotContent(source: SnapshotSource): SnapshotContent {
  const { phase, campaign } = source;
  const ofPhase = source.entries.filter((e) => e.phaseId === phase.id);
  const row = (e: ScoreEntry | FinalScoreEntry): Omit<SnapshotRow, 'rank' | 'name'> => ({
    id: e.id,
    score: e.score,
    grade: e.grade,
    computedScore: 'computedScore' in e ? e.computedScore : e.score,
    adjustment: 'adjustment' in e ? e.adjustment : 0,
    rules: e.rules,
    evidence: e.evidence,
  });
  const units = rank(
    ofPhase
      .filter((e) => e.level === 'unit')
      .map((e): Omit<SnapshotUnitRow, 'rank'> => ({
        ...row(e),
        name: source.units.get(e.id)?.name ?? null,
        excellentShare: e.excellentShare ?? null,
        excellentTarget: e.excellentTarget ?? campaign.excellentTarget,
      })),
  );
  const people = rank(
    ofPhase
      .filter((e) => e.level === 'person')
      .map((e): Omit<SnapshotPersonRow, 'rank'> => ({
        ...row(e),
        name: source.people.get(e.id)?.name ?? null,
        unitId: source.people.get(e.id)?.unitId ?? null,
      })),
  );
  const weights: Partial<Record<RuleId, number>> = {};
  for (const rule of RULES) weights[rule] = campaign.weights[rule];
  const byId = (a: { id: string }, b: { id: string }) => compareIds(a.id, b.id);
  const exemptions = (source.exemptions ?? [])
    .filter((e) => e.obligation.phaseId === phase.id)
    .map((e): SnapshotExemption => ({
      id: e.id,
      obligationId: e.obligation.id,
      rule: e.obligation.rule,
      unitId: e.obligation.unitId,
      personId: e.obligation.personId,
      exemptedStatus:
        typeof e.obligation.details.exemptedStatus === 'string'
          ? (e.obligation.details.exemptedStatus as Status)
          : null,
      by: e.by,
      at: formatInstant(e.at),
      reason: e.reason,
    }))
    .sort((a, b) => compareIds(a.obligationId, b.obligationId) || byId(a, b));
  const adjustments = (source.adjustments ?? [])
    .filter((a) => a.phaseId === phase.id)
    .sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id) || byId(a, b))
    .map((a): SnapshotAdjustment => ({
      id: a.id,
      level: a.level,
      subjectId: a.subjectId,
      name:
        (a.level === 'unit' ? source.units.get(a.subjectId) : source.people.get(a.subjectId))?.name ?? null,
      points: a.points,
      by: a.by,
      at: formatInstant(a.at),
      reason: a.reason,
    }));
  return {
    phase: {
      id: phase.id,
      name: phase.name,
      campaignId: campaign.id,
      campaignName: campaign.name,
      start: formatDay(phase.start),
      end: formatDay(phase.end),
      review: phase.review,
    },
    weights,
    grades: campaign.grades.map((g) => ({ grade: g.grade, min: g.min })),
    excellentTarget: campaign.excellentTarget,
    units,
    people,
    exemptions,
    adjustments,
  };
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every (row, rule, obligation) behind the snapshot's numbers: units first, then people. */
export function evidenceRows(content: SnapshotContent): SnapshotEvidenceRow[] {
  const rows: SnapshotEvidenceRow[] = [];
  const add = (level: 'unit' | 'person', list: SnapshotRow[]) => {
    for (const r of list) {
      for (const rule of RULES) {
        for (const obligationId of r.evidence[rule] ?? []) {
          rows.push({ phaseId: content.phase.id, level, id: r.id, rule, obligationId });
        }
      }
    }
  };
  add('unit', content.units);
  add('person', content.people);
  return rows;
}

/**
 * JSON with every object's keys sorted (code-point order) and no whitespace: the same content
 * always serializes to the same bytes, whatever order its keys were built or stored in (jsonb
 * reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`not a JSON number: ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
}
