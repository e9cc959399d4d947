/**
 * What `/api/obligations` and `/api/evaluation` accept, declared once: each field's decorator is
 * its check (400 naming it, Vietnamese first) and its OpenAPI description.
 */
import type { Instant } from '../../domain/time.js';
import { RULES, STATUSES } from '../../domain/rules/obligation.js';
import type { RuleId, Status } from '../../domain/rules/obligation.js';
import { parseAsOf } from '../../presentation/as-of.js';
import { pageQuery } from '../shared/page.requests.js';
import { DateQuery, EnumQuery, IdQuery, RequestField } from '../shared/request-dto.js';
import { badParameter, single } from '../shared/request-errors.js';

/** Pages are bounded: a client cannot ask the server to serialise an agency-year in one answer. */
export const MAX_PAGE_SIZE = 500;

export class ObligationsQuery extends pageQuery(MAX_PAGE_SIZE) {
  @IdQuery()
  unit?: string;
  @IdQuery()
  person?: string;
  @EnumQuery(RULES)
  rule?: RuleId;
  @EnumQuery(STATUSES)
  status?: Status;
  @IdQuery({ example: '2025-1' })
  phase?: string;
  @DateQuery({ example: '2025-01-01' })
  dueFrom?: string;
  @DateQuery({ example: '2025-05-31' })
  dueTo?: string;
}

/** An instant with its offset, or a date alone (the end of that local day), as `?asOf=`. */
export const AsOfQuery = () =>
  RequestField(
    (value, field): Instant | undefined => {
      const text = single(field, value);
      if (text === undefined || text === '') return undefined;
      const asOf = parseAsOf(text);
      if (typeof asOf === 'number') return asOf;
      const shown = text.slice(0, 60);
      throw asOf.error === 'no_offset'
        ? badParameter(
            field,
            `"${shown}" thiếu múi giờ, ví dụ 2025-03-20T17:00:00+07:00`,
            `"${shown}" lacks its offset, e.g. 2025-03-20T17:00:00+07:00`,
          )
        : badParameter(
            field,
            `"${shown}" không phải thời điểm hợp lệ, ví dụ 2025-03-20T17:00:00+07:00 hoặc 2025-03-20`,
            `"${shown}" is not a valid instant, e.g. 2025-03-20T17:00:00+07:00 or 2025-03-20`,
          );
    },
    {
      type: String,
      example: '2025-03-20T17:00:00+07:00',
      description: 'An instant with its offset, or a date (the end of that day); default now',
    },
  );

export class EvaluationQuery {
  /** Epoch milliseconds, once parsed. */
  @AsOfQuery()
  asOf?: Instant;
  @IdQuery()
  unit?: string;
}
