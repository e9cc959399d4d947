/**
 * The obligations behind one number of a unit's page: the same selection the digest's counter
 * makes (digest-content.ts `figuresOf`), so a number and its evidence list always agree.
 */
import type { DigestBasis } from '../../domain/digests/digest-content.js';
import type { Obligation, RuleId } from '../../domain/rules/obligation.js';
import { RULES, isJudged } from '../../domain/rules/obligation.js';

/** week: judged with an anchor in the current week; phase: judged in the week's phase. */
export const EVIDENCE_SCOPES = ['week', 'phase', 'overdue', 'soon'] as const;
export type EvidenceScope = (typeof EVIDENCE_SCOPES)[number];

export interface EvidenceQuery {
  unitId: string;
  scope: EvidenceScope;
  rule?: RuleId;
  personId?: string;
  /** true: only met; false: only judged and not met; undefined: all counted. */
  met?: boolean;
}

export function isRule(value: string): value is RuleId {
  return (RULES as readonly string[]).includes(value);
}

export function evidenceOf(basis: DigestBasis, q: EvidenceQuery): Obligation[] {
  const { period } = basis;
  const list = basis.byUnit.get(q.unitId) ?? [];
  const counted = (ob: Obligation): boolean => {
    switch (q.scope) {
      case 'overdue':
        return ob.status === 'overdue';
      case 'soon':
        return (
          ob.status === 'pending' &&
          ob.dueDate !== null &&
          ob.dueDate >= period.horizon.from &&
          ob.dueDate <= period.horizon.to
        );
      case 'week':
        return (
          isJudged(ob.status) &&
          ob.anchor !== null &&
          ob.anchor >= period.monday &&
          ob.anchor <= period.sunday
        );
      case 'phase':
        return isJudged(ob.status) && period.phase !== null && ob.phaseId === period.phase.id;
    }
  };
  return list
    .filter(
      (ob) =>
        counted(ob) &&
        (q.rule === undefined || ob.rule === q.rule) &&
        (q.personId === undefined || ob.personId === q.personId) &&
        (q.met === undefined || (ob.status === 'met') === q.met),
    )
    .sort((a, b) => (a.dueDate ?? Infinity) - (b.dueDate ?? Infinity) || (a.id < b.id ? -1 : 1));
}
