/** What `/api/scores` accepts, declared once: each field's check and its OpenAPI description. */
import type { ScoreLevel } from '../../infra/store/score-store.js';
import { pageQuery } from '../shared/page.requests.js';
import { EnumQuery, IdQuery } from '../shared/request-dto.js';

export const LEVELS: readonly ScoreLevel[] = ['unit', 'person'];
const MAX_PAGE_SIZE = 1000;

export class ScoresQuery extends pageQuery(MAX_PAGE_SIZE) {
  @IdQuery({ example: '2025-1' })
  phase?: string;
  @EnumQuery(LEVELS)
  level?: ScoreLevel;
  @IdQuery()
  unit?: string;
  @IdQuery({ description: 'a unit or person id' })
  subject?: string;
}
