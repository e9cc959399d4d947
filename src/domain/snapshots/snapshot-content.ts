/**
 * What a review snapshot (kết quả chốt tại kỳ sơ kết / tổng kết) holds: a phase's scores per unit
 * and per person, ranked, with the obligation ids behind every tally (DOMAIN.md §5). Pure data:
 * the same entries always give the same content, so its canonical JSON and checksum only change
 * when a number or its evidence does.
 */
import type { Person, Unit } from '../model.js';
import type { RuleId } from '../rules/obligation.js';
import { RULES } from '../rules/obligation.js';
import type { Campaign, Grade, Phase } from '../scoring/campaign.js';
import type { RuleTally, ScoreEntry } from '../scoring/score.js';
import { formatDay } from '../time.js';

export interface SnapshotRow {
  /** 1 for the best score; equal scores share a rank (1, 1, 3). */
  rank: number;
  id: string;
  name: string | null;
  score: number;
  grade: Grade;
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
  units: SnapshotUnitRow[];
  people: SnapshotPersonRow[];
}

export interface SnapshotEvidenceRow {
  phaseId: string;
  level: 'unit' | 'person';
  id: string;
  rule: RuleId;
  obligationId: string;
}

export interface SnapshotSource {
  phase: Phase;
  campaign: Campaign;
  /** Score entries computed with `withEvidence: true`; entries of other phases are ignored. */
  entries: ScoreEntry[];
  units: ReadonlyMap<string, Unit>;
  people: ReadonlyMap<string, Person>;
}

export function buildSnapshotContent(source: SnapshotSource): SnapshotContent {
  const { phase, campaign } = source;
  const ofPhase = source.entries.filter((e) => e.phaseId === phase.id);
  const row = (e: ScoreEntry): Omit<SnapshotRow, 'rank' | 'name'> => ({
    id: e.id,
    score: e.score,
    grade: e.grade,
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
    units,
    people,
  };
}

/**
 * Orders by score, best first, ties by id (code-point order, so it never depends on a locale), and
 * gives equal scores the same rank — the next score's rank skips the places they share.
 */
export function rank<T extends { id: string; score: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((r, i) => {
    const previous = ranked[i - 1];
    ranked.push({ ...r, rank: previous !== undefined && previous.score === r.score ? previous.rank : i + 1 });
  });
  return ranked;
}

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
