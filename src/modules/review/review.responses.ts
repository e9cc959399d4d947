/**
 * What `/api/exemptions`, `/api/adjustments` and `/api/audit` answer, declared once: the OpenAPI
 * description is generated from these classes, and `implements` makes the compiler refuse a class
 * that falls behind the controller's views.
 */
import { ApiProperty } from '@nestjs/swagger';
import { pageDto } from '../shared/page.responses.js';
import { RULES, STATUSES } from '../../domain/rules/obligation.js';
import type { Details, RuleId, Status } from '../../domain/rules/obligation.js';
import type { ScoreLevel } from '../../infra/store/score-store.js';
import { ScoreDto } from '../scores/scores.responses.js';
import type { AdjustmentView, AuditView, ExemptionView, ObligationView } from './review.controller.js';

export class ExemptionDto implements ExemptionView {
  @ApiProperty({ type: String, description: 'A Postgres bigint, sent as a string', example: '3' })
  id!: string;
  @ApiProperty({ type: String })
  obligationId!: string;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String, description: 'Who exempted it', example: 'token:7 (council)' })
  by!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while it stands' })
  revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  revokedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  revokeReason!: string | null;
  @ApiProperty({
    type: String,
    enum: RULES,
    nullable: true,
    description: 'Of the obligation as stored now; null when it is no longer stored',
  })
  rule!: RuleId | null;
  @ApiProperty({ type: String, nullable: true })
  unitId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  personId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  phaseId!: string | null;
}

export const ExemptionPageDto = pageDto(ExemptionDto, {
  name: 'ExemptionPageDto',
  counted: 'Exemptions',
  pageSize: 50,
});

export class AdjustmentDto implements AdjustmentView {
  @ApiProperty({ type: String, description: 'A Postgres bigint, sent as a string', example: '5' })
  id!: string;
  @ApiProperty({ type: String, example: '2025-1' })
  phaseId!: string;
  @ApiProperty({ type: String, enum: ['unit', 'person'] })
  level!: ScoreLevel;
  @ApiProperty({ type: String, description: 'The unit or person whose score it moves' })
  subjectId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The unit itself, or the person’s unit' })
  unitId!: string | null;
  @ApiProperty({ type: Number, example: 2.5, description: '−100…100, at most 2 decimals' })
  points!: number;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String })
  by!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
}

export const AdjustmentPageDto = pageDto(AdjustmentDto, {
  name: 'AdjustmentPageDto',
  counted: 'Adjustments',
  pageSize: 50,
});

export class AuditEntryDto implements AuditView {
  @ApiProperty({ type: String, description: 'A Postgres bigint, sent as a string' })
  id!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
  @ApiProperty({ type: String, example: 'token:7 (council)' })
  actor!: string;
  @ApiProperty({ type: String, example: 'exemption.create' })
  action!: string;
  @ApiProperty({ type: String, example: 'obligation:unit_submission:D-2025-001' })
  target!: string;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ nullable: true, description: 'What it was before (any JSON value), null for none' })
  before!: unknown;
  @ApiProperty({ nullable: true, description: 'What it is after (any JSON value), null for none' })
  after!: unknown;
}

export const AuditPageDto = pageDto(AuditEntryDto, {
  name: 'AuditPageDto',
  counted: 'Entries',
  pageSize: 50,
});

/** The obligation an exemption touches, as stored after the decision. */
export class ReviewedObligationDto implements NonNullable<ObligationView> {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String, enum: RULES })
  rule!: RuleId;
  @ApiProperty({ type: String })
  subjectId!: string;
  @ApiProperty({ type: String, nullable: true })
  taskId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  unitId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  personId!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate!: string | null;
  @ApiProperty({ type: String, enum: STATUSES })
  status!: Status;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  doneAt!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  workingDaysLate!: number | null;
  @ApiProperty({ type: Boolean })
  tight!: boolean;
  @ApiProperty({ type: String, nullable: true })
  phaseId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Details;
}

export class ExemptionDecisionDto {
  @ApiProperty({ type: () => ExemptionDto })
  exemption!: ExemptionDto;
  @ApiProperty({
    type: () => ReviewedObligationDto,
    nullable: true,
    description: 'null when no longer stored',
  })
  obligation!: ReviewedObligationDto | null;
  @ApiProperty({ type: () => AuditEntryDto })
  audit!: AuditEntryDto;
}

export class AdjustmentDecisionDto {
  @ApiProperty({ type: () => AdjustmentDto })
  adjustment!: AdjustmentDto;
  @ApiProperty({ type: () => ScoreDto, description: 'The score it moved, re-scored' })
  score!: ScoreDto;
  @ApiProperty({ type: () => AuditEntryDto })
  audit!: AuditEntryDto;
}
