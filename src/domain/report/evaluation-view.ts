/**
 * The JSON shape of EVALUATE.md, shared by `dunghan evaluate`, `dunghan obligations` and the API,
 * so every surface prints the same numbers the same way. Key order is fixed: two runs on the same
 * input print byte-identical output.
 */
import type { Details, Obligation, RuleId, Status } from '../rules/obligation.js';
import type { Grade } from '../scoring/campaign.js';
import type { RuleTally, ScoreEntry } from '../scoring/score.js';
import { formatDay, formatInstant } from '../time.js';

export interface ObligationView {
  id: string;
  rule: RuleId;
  subjectId: string;
  unitId: string | null;
  personId: string | null;
  dueDate: string | null;
  status: Status;
  doneAt: string | null;
  workingDaysLate: number | null;
  tight: boolean;
  phaseId: string | null;
  details: Details;
}

export function obligationView(ob: Obligation): ObligationView {
  return {
    id: ob.id,
    rule: ob.rule,
    subjectId: ob.subjectId,
    unitId: ob.unitId,
    personId: ob.personId,
    dueDate: ob.dueDate === null ? null : formatDay(ob.dueDate),
    status: ob.status,
    doneAt: ob.doneAt === null ? null : formatInstant(ob.doneAt),
    workingDaysLate: ob.workingDaysLate,
    tight: ob.tight,
    phaseId: ob.phaseId,
    details: ob.details,
  };
}

export interface ScoreView {
  phaseId: string;
  level: 'unit' | 'person';
  id: string;
  rules: Partial<Record<RuleId, RuleTally>>;
  score: number;
  grade: Grade;
  excellentShare?: number | null;
  excellentTarget?: number;
  evidence?: Partial<Record<RuleId, string[]>>;
}

export function scoreView(entry: ScoreEntry, withEvidence = false): ScoreView {
  const view: ScoreView = {
    phaseId: entry.phaseId,
    level: entry.level,
    id: entry.id,
    rules: entry.rules,
    score: entry.score,
    grade: entry.grade,
  };
  if (entry.level === 'unit') {
    view.excellentShare = entry.excellentShare ?? null;
    view.excellentTarget = entry.excellentTarget;
  }
  if (withEvidence) view.evidence = entry.evidence;
  return view;
}

/** Sorted by id with a plain code-unit comparison, so the order never depends on a locale. */
export function sortObligations(obligations: Obligation[]): Obligation[] {
  return obligations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
