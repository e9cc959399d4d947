/** What `/api/runs` accepts, declared once: each field's check and its OpenAPI description. */
import { pageOrLimitQuery } from '../shared/page.requests.js';
import { IdQuery } from '../shared/request-dto.js';

const MAX_RUNS = 1000;

export class RunsQuery extends pageOrLimitQuery(MAX_RUNS, 20) {
  @IdQuery({ example: 'bundle-inbox' })
  source?: string;
}
