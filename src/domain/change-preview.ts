/**
 * What a change to the calendar, a campaign or an exemption would do, before it is made (issue
 * 13): the obligations whose due date or status would move, and each unit's and person's score,
 * grade and rank before and after. Both sides are evaluated by the same engine at the same as-of,
 * so the preview lists only what the change itself moves, not what time alone would.
 */
import type { Grade } from './scoring/campaign.js';

/** One obligation as a preview compares it. */
export interface ObligationState {
  id: string;
  rule: string;
  subjectId: string;
  unitId: string | null;
  personId: string | null;
  dueDate: string | null;
  status: string;
  workingDaysLate: number | null;
}

/** One stored score as a preview compares it. */
export interface ScoreState {
  phaseId: string;
  level: 'unit' | 'person';
  subjectId: string;
  unitId: string | null;
  score: number;
  grade: Grade;
  rank: number | null;
}

type Standing = Pick<ObligationState, 'dueDate' | 'status' | 'workingDaysLate'>;
type Mark = Pick<ScoreState, 'score' | 'grade' | 'rank'>;

export interface ObligationMove {
  id: string;
  rule: string;
  subjectId: string;
  unitId: string | null;
  personId: string | null;
  /** null: the obligation does not exist on that side (the change creates or removes it). */
  before: Standing | null;
  after: Standing | null;
}

export interface ScoreMove {
  phaseId: string;
  level: 'unit' | 'person';
  subjectId: string;
  unitId: string | null;
  before: Mark | null;
  after: Mark | null;
}

export interface ChangePreview {
  /** Obligations compared (after the change). */
  obligations: number;
  moved: ObligationMove[];
  scores: ScoreMove[];
}

const standing = (o: ObligationState): Standing => ({
  dueDate: o.dueDate,
  status: o.status,
  workingDaysLate: o.workingDaysLate,
});
const mark = (s: ScoreState): Mark => ({ score: s.score, grade: s.grade, rank: s.rank });
const sameStanding = (a: Standing, b: Standing) =>
  a.dueDate === b.dueDate && a.status === b.status && a.workingDaysLate === b.workingDaysLate;
const sameMark = (a: Mark, b: Mark) => a.score === b.score && a.grade === b.grade && a.rank === b.rank;
const scoreKey = (s: ScoreState) => `${s.phaseId}\u0000${s.level}\u0000${s.subjectId}`;

/** The differences between two evaluations of the same records, in id order (scores: phase, units first). */
export function comparePreview(
  before: { obligations: readonly ObligationState[]; scores: readonly ScoreState[] },
  after: { obligations: readonly ObligationState[]; scores: readonly ScoreState[] },
): ChangePreview {
  const was = new Map(before.obligations.map((o) => [o.id, o]));
  const moved: ObligationMove[] = [];
  for (const o of after.obligations) {
    const old = was.get(o.id);
    was.delete(o.id);
    if (old !== undefined && sameStanding(standing(old), standing(o))) continue;
    moved.push({
      id: o.id,
      rule: o.rule,
      subjectId: o.subjectId,
      unitId: o.unitId,
      personId: o.personId,
      before: old === undefined ? null : standing(old),
      after: standing(o),
    });
  }
  for (const old of was.values())
    moved.push({
      id: old.id,
      rule: old.rule,
      subjectId: old.subjectId,
      unitId: old.unitId,
      personId: old.personId,
      before: standing(old),
      after: null,
    });
  moved.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const marks = new Map(before.scores.map((s) => [scoreKey(s), s]));
  const scores: ScoreMove[] = [];
  for (const s of after.scores) {
    const old = marks.get(scoreKey(s));
    marks.delete(scoreKey(s));
    if (old !== undefined && sameMark(mark(old), mark(s))) continue;
    scores.push({ ...key(s), before: old === undefined ? null : mark(old), after: mark(s) });
  }
  for (const old of marks.values()) scores.push({ ...key(old), before: mark(old), after: null });
  scores.sort(
    (a, b) =>
      cmp(a.phaseId, b.phaseId) ||
      cmp(b.level, a.level) || // units before people
      cmp(a.subjectId, b.subjectId),
  );
  return { obligations: after.obligations.length, moved, scores };
}

function key(s: ScoreState) {
  return { phaseId: s.phaseId, level: s.level, subjectId: s.subjectId, unitId: s.unitId };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
