/** What `/api/digests` accepts, declared once: each field's check and its OpenAPI description. */
import { parseIsoWeek } from '../../domain/time.js';
import { IdQuery, RequestField } from '../shared/request-dto.js';
import { badParameter, single } from '../shared/request-errors.js';

export class DigestsQuery {
  @RequestField(
    (value, field) => {
      const week = single(field, value);
      if (week === undefined || parseIsoWeek(week) === null)
        throw badParameter(field, 'cần tuần ISO, ví dụ 2025-W11', 'an ISO week is required, e.g. 2025-W11');
      return week;
    },
    { type: String, required: true, example: '2025-W11', description: 'The ISO week the digests report' },
  )
  week!: string;
  @IdQuery({ description: 'a unit id, or leadership (the digest of all units)' })
  unit?: string;
}
