/**
 * A drafter asks to be excused from one of her obligations, with a reason; her unit head forwards
 * the request (or refuses it); leadership or the council decides. An approval is an exemption made
 * through the review service — audited, re-evaluated and re-scored in its transaction — so the
 * drafter's page and the unit's score change at once. Each step checks the state it expects: a
 * refused step changes nothing.
 */
import type { Instant } from '../../domain/time.js';
import type {
  ExemptionRequestRecord,
  ExemptionRequestStore,
  RequestState,
} from '../../infra/store/exemption-request-store.js';
import type { ObligationQuery } from '../../infra/store/obligation-query.js';
import type { Principal } from '../access/roles.js';
import type { ReviewService } from '../review/review.service.js';
import { Refusal } from '../shared/refusal.js';

const MAX_REASON = 2000;
const MAX_ID = 300;

export interface ExemptionRequestDeps {
  store: ExemptionRequestStore;
  obligations: ObligationQuery;
  review: ReviewService;
  now: () => Instant;
}

/** Not hers, or not there: the same answer, so a drafter learns nothing of others' obligations. */
function unknownObligation(id: string): Refusal {
  return new Refusal(
    'not_found',
    'obligationId',
    `không có nghĩa vụ "${id.slice(0, 80)}"`,
    `no obligation "${id.slice(0, 80)}"`,
  );
}

function reasonOf(value: unknown, field = 'reason'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const length = [...text].length;
  if (length < 1 || length > MAX_REASON)
    throw new Refusal(
      'invalid',
      field,
      `cần lý do, từ 1 đến ${MAX_REASON} ký tự`,
      `a reason of 1 to ${MAX_REASON} characters is required`,
    );
  return text;
}

function optionalNote(value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return null;
  if ([...text].length > MAX_REASON)
    throw new Refusal(
      'invalid',
      'note',
      `ghi chú tối đa ${MAX_REASON} ký tự`,
      `a note of at most ${MAX_REASON} characters`,
    );
  return text;
}

const notFound = (id: string) =>
  new Refusal(
    'not_found',
    'id',
    `không có yêu cầu miễn trừ ${id.slice(0, 40)}`,
    `no exemption request ${id.slice(0, 40)}`,
  );

function stateConflict(r: ExemptionRequestRecord): Refusal {
  const vi: Record<RequestState, string> = {
    asked: 'đang chờ trưởng đơn vị',
    forwarded: 'đã được chuyển lên, đang chờ quyết định',
    approved: 'đã được chấp thuận',
    refused: 'đã bị từ chối',
  };
  const en: Record<RequestState, string> = {
    asked: 'is waiting for the unit head',
    forwarded: 'was forwarded and awaits a decision',
    approved: 'was approved',
    refused: 'was refused',
  };
  return new Refusal(
    'conflict',
    'id',
    `yêu cầu ${r.id} ${vi[r.state]}; không thay đổi gì`,
    `request ${r.id} ${en[r.state]}; nothing was changed`,
  );
}

export class ExemptionRequestService {
  constructor(private readonly deps: ExemptionRequestDeps) {}

  /** A drafter asks about one of her own obligations (anyone else's is unknown to her). */
  async ask(
    caller: Principal,
    input: { obligationId: unknown; reason: unknown },
  ): Promise<ExemptionRequestRecord> {
    const id = typeof input.obligationId === 'string' ? input.obligationId : '';
    if (id === '' || id.length > MAX_ID)
      throw new Refusal('invalid', 'obligationId', 'cần chọn một nghĩa vụ', 'an obligation must be chosen');
    const reason = reasonOf(input.reason);
    if (caller.role !== 'staff' || caller.personId === null) throw unknownObligation(id);
    const found = await this.deps.obligations.get(id, { kind: 'person', personId: caller.personId });
    if (found === null || found.obligation.unitId === null) throw unknownObligation(id);
    if (found.obligation.status === 'met')
      throw new Refusal(
        'conflict',
        'obligationId',
        'nghĩa vụ này đã đạt, không cần miễn trừ',
        'this obligation is met; it needs no exemption',
      );
    if (found.obligation.status === 'exempt')
      throw new Refusal(
        'conflict',
        'obligationId',
        'nghĩa vụ này đã được miễn',
        'this obligation is already exempt',
      );
    try {
      return await this.deps.store.insert({
        obligationId: id,
        personId: caller.personId,
        unitId: found.obligation.unitId,
        reason,
        by: caller.actor,
        at: this.deps.now(),
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new Refusal(
          'conflict',
          'obligationId',
          'nghĩa vụ này đã có một yêu cầu miễn trừ đang chờ xử lý',
          'this obligation already has an exemption request in progress',
        );
      throw e;
    }
  }

  /** What the caller may see of the requests: her own, her unit's, or all. */
  list(caller: Principal, states?: RequestState[]): Promise<ExemptionRequestRecord[]> {
    if (caller.role === 'staff') return this.deps.store.list({ personId: caller.personId ?? '', states });
    if (caller.role === 'unit_head') return this.deps.store.list({ unitId: caller.unitId ?? '', states });
    return this.deps.store.list({ states });
  }

  forObligation(obligationId: string): Promise<ExemptionRequestRecord[]> {
    return this.deps.store.list({ obligationId, limit: 20 });
  }

  /** The unit head of the request's unit passes it on to leadership and the council. */
  async forward(caller: Principal, id: string, note: unknown): Promise<ExemptionRequestRecord> {
    const request = await this.visibleToHead(caller, id);
    const text = optionalNote(note);
    const done = await this.deps.store.forward(request.id, caller.actor, this.deps.now(), text);
    if (done === null) throw stateConflict((await this.deps.store.get(request.id))!);
    return done;
  }

  /** Refused by the unit head (while asked) or by leadership or the council (asked or forwarded). */
  async refuse(caller: Principal, id: string, reason: unknown): Promise<ExemptionRequestRecord> {
    const request =
      caller.role === 'unit_head'
        ? await this.visibleToHead(caller, id)
        : await this.visibleToDecider(caller, id);
    const text = reasonOf(reason);
    const from: RequestState[] = caller.role === 'unit_head' ? ['asked'] : ['asked', 'forwarded'];
    const done = await this.deps.store.decide(request.id, from, 'refused', {
      by: caller.actor,
      at: this.deps.now(),
      reason: text,
    });
    if (done === null) throw stateConflict((await this.deps.store.get(request.id))!);
    return done;
  }

  /** Leadership or the council approves a forwarded request: the obligation is exempted. */
  async approve(caller: Principal, id: string, reason: unknown): Promise<ExemptionRequestRecord> {
    const request = await this.visibleToDecider(caller, id);
    const text = reasonOf(reason);
    const claimed = await this.deps.store.decide(request.id, ['forwarded'], 'approved', {
      by: caller.actor,
      at: this.deps.now(),
      reason: text,
    });
    if (claimed === null) throw stateConflict((await this.deps.store.get(request.id))!);
    try {
      const outcome = await this.deps.review.exempt({
        obligationId: claimed.obligationId,
        reason: `${text} (yêu cầu miễn trừ số ${claimed.id}: ${claimed.reason})`,
        actor: caller.actor,
      });
      await this.deps.store.linkExemption(claimed.id, outcome.exemption.id);
      return { ...claimed, exemptionId: outcome.exemption.id };
    } catch (e) {
      // The exemption could not be made (already exempt, obligation gone): the request is as before.
      await this.deps.store.undoApproval(claimed.id, 'forwarded');
      throw e;
    }
  }

  private async visibleToHead(caller: Principal, id: string): Promise<ExemptionRequestRecord> {
    const request = /^[1-9]\d{0,17}$/.test(id) ? await this.deps.store.get(id) : null;
    if (request === null || caller.role !== 'unit_head' || request.unitId !== caller.unitId)
      throw notFound(id);
    return request;
  }

  private async visibleToDecider(caller: Principal, id: string): Promise<ExemptionRequestRecord> {
    const request = /^[1-9]\d{0,17}$/.test(id) ? await this.deps.store.get(id) : null;
    if (request === null || (caller.role !== 'leader' && caller.role !== 'council')) throw notFound(id);
    return request;
  }
}
