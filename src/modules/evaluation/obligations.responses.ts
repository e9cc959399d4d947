/**
 * What `/api/obligations` answers, declared once: the OpenAPI description is generated from these
 * classes, and `implements` makes the compiler refuse a class that falls behind the query's view.
 */
import { ApiProperty } from '@nestjs/swagger';
import { pageDto } from '../shared/page.responses.js';
import { RULES, STATUSES } from '../../domain/rules/obligation.js';
import type { Details, RuleId, Status } from '../../domain/rules/obligation.js';
import type { HistoryView, StoredObligationView } from '../../infra/store/obligation-query.js';

export class ObligationDto implements StoredObligationView {
  @ApiProperty({ type: String, example: 'unit_submission:D-2025-001' })
  id!: string;
  @ApiProperty({ type: String, enum: RULES })
  rule!: RuleId;
  @ApiProperty({ type: String, description: 'The document, task or person the rule judges' })
  subjectId!: string;
  @ApiProperty({ type: String, nullable: true })
  unitId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  personId!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2025-03-20' })
  dueDate!: string | null;
  @ApiProperty({ type: String, enum: STATUSES })
  status!: Status;
  @ApiProperty({
    type: String,
    example: 'Chưa đủ dữ liệu',
    description:
      'The status as people read it, in Vietnamese (unknown: "Chưa đủ dữ liệu", its source is stale)',
  })
  statusLabel!: string;
  @ApiProperty({ type: String, example: 'Not enough data', description: 'The same in English' })
  statusLabelEn!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2025-03-19T16:30:00+07:00' })
  doneAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working days past the due date' })
  workingDaysLate!: number | null;
  @ApiProperty({ type: Boolean, description: 'The due date left less time than the rule asks (urgent)' })
  tight!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2025-1' })
  phaseId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The evidence behind the status, per rule (DOMAIN.md)',
  })
  details!: Details;
  @ApiProperty({ type: String, format: 'date-time', description: 'The instant it was last judged as of' })
  evaluatedAsOf!: string;
}

export const ObligationPageDto = pageDto(ObligationDto, {
  name: 'ObligationPageDto',
  counted: 'Obligations',
  pageSize: 50,
});

export class ObligationChangeDto implements HistoryView {
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;
  @ApiProperty({ type: String, description: 'What moved it: a sync, the clock, an exemption…' })
  cause!: string;
  @ApiProperty({ type: String, enum: STATUSES, nullable: true })
  previousStatus!: string | null;
  @ApiProperty({ type: String, enum: STATUSES, nullable: true })
  status!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  previousDueDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate!: string | null;
}

export class ObligationDetailDto {
  @ApiProperty({ type: () => ObligationDto })
  obligation!: ObligationDto;
  @ApiProperty({
    type: () => [ObligationChangeDto],
    description: 'Every change of its status or due date, oldest first',
  })
  history!: ObligationChangeDto[];
}

export class EvaluationCalendarDto {
  @ApiProperty({ type: [Number], description: 'Years whose days off were derived, not announced' })
  derivedYears!: number[];
}

/**
 * EVALUATE.md's JSON, streamed: one JSON object whose obligations and scores come one per line, so a
 * client may parse it whole or read it line by line.
 */
export class EvaluationDto {
  @ApiProperty({ type: String, format: 'date-time' })
  asOf!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  trackingStart!: string | null;
  @ApiProperty({ type: () => EvaluationCalendarDto })
  calendar!: EvaluationCalendarDto;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'One per line, as EVALUATE.md describes them',
  })
  obligations!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'One per line, as EVALUATE.md describes them',
  })
  scores!: object[];
}
