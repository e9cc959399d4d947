/**
 * The emulation council's decisions (hội đồng thi đua khen thưởng): excusing an obligation
 * (miễn trừ, DOMAIN.md §3.10), revoking that, and adding or taking points from a computed score
 * (điều chỉnh điểm). Each decision, its audit row (who, when, what, why, before and after) and its
 * effect — the obligation re-evaluated and the stored scores refreshed — commit in one transaction.
 * An exemption never deletes evidence: the obligation keeps the status it would have had.
 */
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { Instant } from '../../domain/time.js';
import type {
  ObligationStore,
  ObligationTransaction,
  PendingSubject,
} from '../../infra/store/obligation-store.js';
import type { AuditStore } from '../../infra/store/audit-store.js';
import type { Page } from '../../infra/store/page.js';
import type {
  AdjustmentFilter,
  AdjustmentRecord,
  AuditEntry,
  AuditFilter,
  ExemptionFilter,
  ExemptionRecord,
  ReviewStore,
  StoredObligation,
} from '../../infra/store/review-store.js';
import type { ScoreFilter, ScoreLevel, ScoreStore, StoredScore } from '../../infra/store/score-store.js';
import type { EvaluationService } from '../evaluation/evaluation.service.js';
import { ReviewError } from './review.errors.js';

export interface ExemptInput {
  obligationId: string;
  /** 1–2000 characters (trimmed). */
  reason: string;
  /** Who asks, as the caller names them: `token:12 (council)`, `cli:hoa`. */
  actor: string;
}

export interface RevokeExemptionInput {
  exemptionId: string;
  reason: string;
  actor: string;
}

export interface AdjustInput {
  phaseId: string;
  level: ScoreLevel;
  subjectId: string;
  /** −100…100, not 0, at most 2 decimals; the subject's total stays within −100…100 too. */
  points: number;
  reason: string;
  actor: string;
}

export interface ExemptionOutcome {
  exemption: ExemptionRecord;
  /** The obligation after its re-evaluation; null when it is no longer stored. */
  obligation: StoredObligation | null;
  audit: AuditEntry;
}

export interface AdjustmentOutcome {
  adjustment: AdjustmentRecord;
  /** The stored score after the adjustment. */
  score: StoredScore;
  audit: AuditEntry;
}

/** What an audit row keeps of an obligation: its status, the status an exemption hides, its scores. */
interface ObligationState {
  status: string;
  exemptedStatus: string | null;
  scores: ScoreState[];
}

interface ScoreState {
  phaseId: string;
  level: ScoreLevel;
  subjectId: string;
  score: number;
  computedScore: number;
  adjustment: number;
  grade: string;
  rank: number | null;
}

export interface ReviewDeps {
  obligations: ObligationStore;
  store: ReviewStore;
  audit: AuditStore;
  scores: ScoreStore;
  evaluation: EvaluationService;
  domain: DomainConfig;
  now: () => Instant;
}

const MAX_REASON = 2000;
const MAX_ACTOR = 200;
const MAX_ID = 300;
const MAX_POINTS = 100;
const DOCUMENT_RULES: readonly string[] = ['document_channel', 'digital_signature'];
const PERIODIC_RULES: readonly string[] = ['weekly_schedule', 'official_mailbox'];

const shown = (value: unknown) => String(value).slice(0, 80);

function reasonOf(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const length = [...text].length;
  if (length < 1 || length > MAX_REASON)
    throw new ReviewError(
      'reason_invalid',
      'reason',
      `cần lý do, từ 1 đến ${MAX_REASON} ký tự`,
      `a reason of 1 to ${MAX_REASON} characters is required`,
    );
  return text;
}

function actorOf(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || text.length > MAX_ACTOR || /[\u0000-\u001f\u007f]/.test(text))
    throw new ReviewError(
      'actor_invalid',
      'actor',
      `cần người thực hiện, từ 1 đến ${MAX_ACTOR} ký tự in được`,
      `the actor is required, 1 to ${MAX_ACTOR} printable characters`,
    );
  return text;
}

function idOf(field: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value === '' ||
    value.length > MAX_ID ||
    /[\u0000-\u001f\u007f]/.test(value)
  )
    throw new ReviewError(
      'id_invalid',
      field,
      `phải là mã in được, từ 1 đến ${MAX_ID} ký tự`,
      `must be a printable id of 1 to ${MAX_ID} characters`,
    );
  return value;
}

function serialOf(field: string, value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,17}$/.test(text))
    throw new ReviewError('id_invalid', field, 'phải là số nguyên dương', 'must be a positive whole number');
  return text;
}

function pointsOf(value: unknown): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value !== 0 &&
    Math.abs(value) <= MAX_POINTS &&
    Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
  if (!ok)
    throw new ReviewError(
      'points_invalid',
      'points',
      `điểm điều chỉnh phải là số từ −${MAX_POINTS} đến ${MAX_POINTS}, khác 0, tối đa 2 chữ số thập phân, nhận được ${shown(value)}`,
      `points must be a number from −${MAX_POINTS} to ${MAX_POINTS}, not 0, with at most 2 decimals; got ${shown(value)}`,
    );
  return Math.round((value as number) * 100) / 100;
}

function levelOf(value: unknown): ScoreLevel {
  if (value !== 'unit' && value !== 'person')
    throw new ReviewError('level_invalid', 'level', 'chỉ nhận unit hoặc person', 'must be unit or person');
  return value;
}

function scoreState(s: StoredScore): ScoreState {
  return {
    phaseId: s.phaseId,
    level: s.level,
    subjectId: s.subjectId,
    score: s.score,
    computedScore: s.computedScore,
    adjustment: s.adjustment,
    grade: s.grade,
    rank: s.rank,
  };
}

/** An exemption's input, checked before any transaction opens. */
export interface CheckedExemption {
  obligationId: string;
  reason: string;
  actor: string;
}

/** Checks an exemption's fields (the message names the field). */
export function checkExempt(input: ExemptInput): CheckedExemption {
  return {
    obligationId: idOf('obligationId', input.obligationId),
    reason: reasonOf(input.reason),
    actor: actorOf(input.actor),
  };
}

export class ReviewService {
  constructor(private readonly deps: ReviewDeps) {}

  /**
   * Excuses one obligation: stored as exempt (with the status it would have had in its details),
   * out of every score, from now on. Refused for an unknown obligation or one already exempt.
   */
  async exempt(input: ExemptInput): Promise<ExemptionOutcome> {
    const checked = checkExempt(input);
    return this.deps.obligations.transaction((tx) => this.exemptIn(tx, checked));
  }

  /** The same, in the caller's transaction: a preview runs it in one it rolls back. */
  async exemptIn(
    tx: ObligationTransaction,
    { obligationId, reason, actor }: CheckedExemption,
  ): Promise<ExemptionOutcome> {
    await tx.serialize();
    const at = this.deps.now();
    const ob = await this.deps.store.obligation(tx.manager, obligationId, true);
    if (ob === null)
      throw new ReviewError(
        'obligation_unknown',
        'obligationId',
        `không có nghĩa vụ "${shown(obligationId)}"`,
        `no obligation "${shown(obligationId)}"`,
      );
    const standing = await this.deps.store.standingExemption(tx.manager, obligationId);
    if (standing !== null) throw alreadyExempt(obligationId, standing.id);
    const before = await this.state(tx, ob);
    let id: string;
    try {
      id = await this.deps.store.insertExemption(tx.manager, { obligationId, reason, by: actor, at });
    } catch (e) {
      // The unique index on standing exemptions, should another process have won the race.
      if ((e as { code?: string }).code === '23505') throw alreadyExempt(obligationId, null);
      throw e;
    }
    const after = await this.reevaluate(tx, ob, at, `exemption:${id}`);
    const audit = await this.deps.audit.append(
      {
        at,
        actor,
        action: 'exemption.create',
        target: `obligation:${obligationId}`,
        reason,
        before,
        after: after === null ? null : await this.state(tx, after),
      },
      tx.manager,
    );
    return { exemption: (await this.deps.store.exemption(tx.manager, id))!, obligation: after, audit };
  }

  /**
   * Revokes a standing exemption: the obligation is judged again as if never excused; the
   * exemption stays on record with who revoked it, when and why.
   */
  async revokeExemption(input: RevokeExemptionInput): Promise<ExemptionOutcome> {
    const exemptionId = serialOf('exemptionId', input.exemptionId);
    const reason = reasonOf(input.reason);
    const actor = actorOf(input.actor);
    return this.deps.obligations.transaction(async (tx) => {
      await tx.serialize();
      const at = this.deps.now();
      const exemption = await this.deps.store.exemption(tx.manager, exemptionId, true);
      if (exemption === null)
        throw new ReviewError(
          'exemption_unknown',
          'exemptionId',
          `không có miễn trừ số ${exemptionId}`,
          `no exemption ${exemptionId}`,
        );
      if (exemption.revokedAt !== null)
        throw new ReviewError(
          'exemption_revoked',
          'exemptionId',
          `miễn trừ số ${exemptionId} đã bị thu hồi`,
          `exemption ${exemptionId} was already revoked`,
        );
      const ob = await this.deps.store.obligation(tx.manager, exemption.obligationId, true);
      const before = ob === null ? null : await this.state(tx, ob);
      await this.deps.store.revokeExemption(tx.manager, exemptionId, { reason, by: actor, at });
      const after = ob === null ? null : await this.reevaluate(tx, ob, at, `exemption_revoke:${exemptionId}`);
      const audit = await this.deps.audit.append(
        {
          at,
          actor,
          action: 'exemption.revoke',
          target: `obligation:${exemption.obligationId}`,
          reason,
          before,
          after: after === null ? null : await this.state(tx, after),
        },
        tx.manager,
      );
      return {
        exemption: (await this.deps.store.exemption(tx.manager, exemptionId))!,
        obligation: after,
        audit,
      };
    });
  }

  /**
   * Adds signed points to one stored score of a phase: the final score is computed + the sum of
   * the subject's adjustments, clamped to 0…100, graded again; the phase's units are ranked again.
   */
  async adjust(input: AdjustInput): Promise<AdjustmentOutcome> {
    const phaseId = idOf('phaseId', input.phaseId);
    const level = levelOf(input.level);
    const subjectId = idOf('subjectId', input.subjectId);
    const points = pointsOf(input.points);
    const reason = reasonOf(input.reason);
    const actor = actorOf(input.actor);
    const campaigns = this.deps.domain.campaigns;
    if (!campaigns.some((c) => c.phases.some((p) => p.id === phaseId)))
      throw new ReviewError(
        'phase_unknown',
        'phaseId',
        `không có đợt thi đua "${shown(phaseId)}"`,
        `no campaign phase "${shown(phaseId)}"`,
      );
    return this.deps.obligations.transaction(async (tx) => {
      await tx.serialize();
      const at = this.deps.now();
      const key = { phaseId, level, subjectId };
      const before = await this.deps.scores.get(key, tx.manager);
      if (before === null)
        throw new ReviewError(
          'score_subject_unknown',
          'subjectId',
          `${level === 'unit' ? 'đơn vị' : 'cá nhân'} "${shown(subjectId)}" không có điểm trong đợt ${phaseId}`,
          `${level} "${shown(subjectId)}" has no score in phase ${phaseId}`,
        );
      const total = (await this.deps.store.adjustmentTotal(tx.manager, key)) + points;
      if (Math.abs(total) > MAX_POINTS + 1e-9)
        throw new ReviewError(
          'points_invalid',
          'points',
          `tổng điểm điều chỉnh của ${subjectId} trong đợt ${phaseId} sẽ là ${total.toFixed(2)}, vượt quá ±${MAX_POINTS}`,
          `the adjustments of ${subjectId} in phase ${phaseId} would total ${total.toFixed(2)}, beyond ±${MAX_POINTS}`,
        );
      const adjustment = await this.deps.store.insertAdjustment(tx.manager, {
        ...key,
        points,
        reason,
        by: actor,
        at,
      });
      await this.deps.scores.refinalizePhase(tx.manager, phaseId, campaigns);
      const after = (await this.deps.scores.get(key, tx.manager))!;
      const audit = await this.deps.audit.append(
        {
          at,
          actor,
          action: 'adjustment.create',
          target: `score:${phaseId}/${level}/${subjectId}`,
          reason,
          before: scoreState(before),
          after: { ...scoreState(after), points },
        },
        tx.manager,
      );
      return { adjustment, score: after, audit };
    });
  }

  /** Exemptions, newest first. */
  exemptions(filter: ExemptionFilter = {}): Promise<Page<ExemptionRecord>> {
    return this.deps.store.listExemptions(filter);
  }

  /** Adjustments, newest first. */
  adjustments(filter: AdjustmentFilter = {}): Promise<Page<AdjustmentRecord>> {
    return this.deps.store.listAdjustments(filter);
  }

  /** The audit log, newest first. */
  audit(filter: AuditFilter = {}): Promise<Page<AuditEntry>> {
    return this.deps.store.listAudit(filter);
  }

  /** The stored scores (as of the latest evaluation, adjustments applied). */
  scores(filter: ScoreFilter = {}): Promise<Page<StoredScore>> {
    return this.deps.scores.list(filter);
  }

  /**
   * Has the obligation's subject judged again by a pending evaluation in this transaction (as of
   * now, or of the latest evaluation if that is later), and answers the obligation after it.
   */
  private async reevaluate(
    tx: ObligationTransaction,
    ob: StoredObligation,
    at: Instant,
    cause: string,
  ): Promise<StoredObligation | null> {
    const subject: PendingSubject | null =
      ob.taskId !== null
        ? { kind: 'task', id: ob.taskId }
        : DOCUMENT_RULES.includes(ob.rule)
          ? { kind: 'document', id: ob.subjectId }
          : null;
    if (subject !== null) await tx.markPending(subject);
    // Weekly schedules and mailboxes are judged again by every pending evaluation; anything else
    // without a task or document to mark is found only by a full one.
    const mode = subject !== null || PERIODIC_RULES.includes(ob.rule) ? 'pending' : 'full';
    const asOf = Math.max(at, (await tx.latestAsOf()) ?? at);
    await this.deps.evaluation.evaluateIn(tx, asOf, cause, mode);
    return this.deps.store.obligation(tx.manager, ob.id);
  }

  private async state(tx: ObligationTransaction, ob: StoredObligation): Promise<ObligationState> {
    const scores: ScoreState[] = [];
    if (ob.phaseId !== null) {
      for (const [level, subjectId] of [
        ['unit', ob.unitId],
        ['person', ob.personId],
      ] as const) {
        if (subjectId === null) continue;
        const s = await this.deps.scores.get({ phaseId: ob.phaseId, level, subjectId }, tx.manager);
        if (s !== null) scores.push(scoreState(s));
      }
    }
    const exempted = ob.details.exemptedStatus;
    return { status: ob.status, exemptedStatus: typeof exempted === 'string' ? exempted : null, scores };
  }
}

function alreadyExempt(obligationId: string, exemptionId: string | null): ReviewError {
  const which = exemptionId === null ? '' : ` (miễn trừ số ${exemptionId})`;
  const whichEn = exemptionId === null ? '' : ` (exemption ${exemptionId})`;
  return new ReviewError(
    'already_exempt',
    'obligationId',
    `nghĩa vụ "${shown(obligationId)}" đang được miễn${which}`,
    `obligation "${shown(obligationId)}" is already exempt${whichEn}`,
  );
}
