/**
 * Why the council's request was refused, typed so the API maps it to a status without parsing
 * text: `kind` says which (invalid → 400, not_found → 404, conflict → 409), `field` names what was
 * wrong, and the message says it in Vietnamese and English.
 */

import { Refusal } from '../shared/refusal.js';

export type ReviewProblem =
  /** The actor, reason, points, level or an id is not acceptable as given. */
  | 'actor_invalid'
  | 'reason_invalid'
  | 'points_invalid'
  | 'level_invalid'
  | 'id_invalid'
  /** Nothing of that id (or no score for that phase, level and subject). */
  | 'obligation_unknown'
  | 'exemption_unknown'
  | 'phase_unknown'
  | 'score_subject_unknown'
  /** The state forbids it. */
  | 'already_exempt'
  | 'exemption_revoked';

export type ReviewErrorKind = 'invalid' | 'not_found' | 'conflict';

const KIND: Record<ReviewProblem, ReviewErrorKind> = {
  actor_invalid: 'invalid',
  reason_invalid: 'invalid',
  points_invalid: 'invalid',
  level_invalid: 'invalid',
  id_invalid: 'invalid',
  obligation_unknown: 'not_found',
  exemption_unknown: 'not_found',
  phase_unknown: 'not_found',
  score_subject_unknown: 'not_found',
  already_exempt: 'conflict',
  exemption_revoked: 'conflict',
};

export class ReviewError extends Refusal {
  constructor(
    readonly problem: ReviewProblem,
    /** The input field at fault: `obligationId`, `exemptionId`, `reason`, `points`, … */
    field: string,
    vi: string,
    en: string,
  ) {
    super(KIND[problem], field, vi, en, problem);
    this.name = 'ReviewError';
  }
}
