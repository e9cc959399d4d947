/**
 * What the council's review routes accept, declared once: each field's decorator is its check
 * (400 naming it, Vietnamese first) and its OpenAPI description. The service checks the content
 * (lengths, ranges, that the obligation exists); these check the shape.
 */
import type { ScoreLevel } from '../../infra/store/score-store.js';
import { pageQuery } from '../shared/page.requests.js';
import { EnumField, EnumQuery, IdQuery, NumberField, StringField } from '../shared/request-dto.js';

const LEVELS: readonly ScoreLevel[] = ['unit', 'person'];
const MAX_PAGE_SIZE = 1000;

export class ExemptionsQuery extends pageQuery(MAX_PAGE_SIZE) {
  @IdQuery()
  obligation?: string;
  @IdQuery()
  unit?: string;
  @IdQuery()
  phase?: string;
  @EnumQuery(['true', 'false'], { description: 'true: standing only; false: revoked only' })
  standing?: 'true' | 'false';
}

export class ExemptBody {
  @StringField({ example: 'unit_submission:D-2025-001' })
  obligationId!: string;
  @StringField({ maxLength: 2000, description: 'Why it is exempted (lý do miễn trừ)' })
  reason!: string;
}

export class RevokeBody {
  @StringField({ maxLength: 2000 })
  reason!: string;
}

export class AdjustmentsQuery extends pageQuery(MAX_PAGE_SIZE) {
  @IdQuery()
  phase?: string;
  @EnumQuery(LEVELS)
  level?: ScoreLevel;
  @IdQuery()
  subject?: string;
  @IdQuery()
  unit?: string;
}

export class AdjustBody {
  @StringField({ example: '2025-1' })
  phaseId!: string;
  @EnumField(LEVELS)
  level!: ScoreLevel;
  @StringField()
  subjectId!: string;
  @NumberField({
    example: 2.5,
    description: '−100…100, at most 2 decimals',
    vi: 'cần một số, ví dụ 2.5 hoặc -5',
    en: 'must be a number, e.g. 2.5 or -5',
  })
  points!: number;
  @StringField({ maxLength: 2000 })
  reason!: string;
}

export class AuditQuery extends pageQuery(MAX_PAGE_SIZE) {
  @IdQuery({ example: 'exemption.create' })
  action?: string;
  @IdQuery({ example: 'score:2025-1/*' })
  target?: string;
  @IdQuery()
  actor?: string;
}
