/**
 * An obligation: what one rule expects of one subject, and how it stands as of an instant
 * (DOMAIN.md §3).
 */
import type { Day, Instant } from '../time.js';

/** In the order DOMAIN.md lists them; scores list rules in this order too. */
export const RULES = [
  'plan',
  'staff_submission',
  'unit_submission',
  'review_rounds',
  'document_channel',
  'digital_signature',
  'official_mailbox',
  'weekly_schedule',
] as const;
export type RuleId = (typeof RULES)[number];

/**
 * `unknown` (chưa đủ dữ liệu) is not in DOMAIN.md §3: it is what a late or overdue verdict becomes
 * while the source holding its facts is stale (domain/freshness.ts, docs/freshness.md). It appears
 * only when the evaluation is given staleness input.
 */
export const STATUSES = ['pending', 'met', 'late', 'overdue', 'violated', 'exempt', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * `met`, `late`, `overdue` and `violated` count in a score; `pending`, `exempt` and `unknown` do not
 * (an unknown verdict is not yet judged: neither met nor missed).
 */
export function isJudged(status: Status): boolean {
  return status === 'met' || status === 'late' || status === 'overdue' || status === 'violated';
}

/** Why a due date or a status is what it is; shown to people, so every value is printable. */
export type Details = Record<string, string | number | boolean | null | string[] | number[]>;

export interface Obligation {
  id: string;
  rule: RuleId;
  /** The id after `<rule>:`. */
  subjectId: string;
  unitId: string | null;
  personId: string | null;
  dueDate: Day | null;
  status: Status;
  doneAt: Instant | null;
  workingDaysLate: number | null;
  tight: boolean;
  /** The date that decides the campaign phase (DOMAIN.md §5); null while it has none. */
  anchor: Day | null;
  phaseId: string | null;
  details: Details;
}

/** An authorised person's excuse for one obligation (DOMAIN.md §3.10). */
export interface Exemption {
  obligationId: string;
  by: string;
  reason: string;
  at: Instant;
}
