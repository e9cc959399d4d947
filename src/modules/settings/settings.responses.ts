/**
 * What `/api/calendar` and `/api/campaigns` answer, declared once: the OpenAPI description is
 * generated from these classes, and `implements` makes the compiler refuse a class that falls behind
 * the services' views.
 */
import { ApiProperty } from '@nestjs/swagger';
import { RULES } from '../../domain/rules/obligation.js';
import type { RuleId } from '../../domain/rules/obligation.js';
import { GRADES } from '../../domain/scoring/campaign.js';
import type { Grade, GradeThreshold } from '../../domain/scoring/campaign.js';
import type { CalendarDayView, CalendarService } from './calendar.service.js';
import type { CampaignService, CampaignView } from './campaign.service.js';

type PhaseView = CampaignView['phases'][number];
type CalendarYear = Awaited<ReturnType<CalendarService['year']>>;
type CalendarChange = Awaited<ReturnType<CalendarService['override']>>;
type CalendarLoad = Awaited<ReturnType<CalendarService['loadYear']>>;
type CampaignChange = Awaited<ReturnType<CampaignService['update']>>;
type FrozenView = NonNullable<PhaseView['frozen']>;

const WEIGHTS = {
  type: 'object',
  description: `Per rule (${RULES.join(', ')}), its weight in the score`,
  additionalProperties: { type: 'number' },
} as const;

export class CalendarDayDto implements CalendarDayView {
  @ApiProperty({ type: String, format: 'date', example: '2025-09-01' })
  date!: string;
  @ApiProperty({ type: Number, minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' })
  weekday!: number;
  @ApiProperty({ type: Boolean })
  working!: boolean;
  @ApiProperty({ type: String, enum: ['workday', 'weekend', 'off', 'makeup'] })
  kind!: CalendarDayView['kind'];
  @ApiProperty({ type: String, nullable: true, example: 'Nghỉ bù Quốc khánh' })
  reason!: string | null;
  @ApiProperty({ type: String, nullable: true })
  reasonEn!: string | null;
  @ApiProperty({ type: Boolean, description: 'Announced by the government, not only derived' })
  confirmed!: boolean;
  @ApiProperty({ type: String, enum: ['weekly', 'announced', 'derived', 'override', 'administrator'] })
  source!: CalendarDayView['source'];
  @ApiProperty({
    type: String,
    nullable: true,
    description: "For an announced day: the announcement it comes from (the year file's `source`)",
  })
  announcement!: string | null;
}

export class CalendarYearDto implements CalendarYear {
  @ApiProperty({ type: Number, example: 2025 })
  year!: number;
  @ApiProperty({
    type: Boolean,
    description: 'No announcement for the year: its days off are derived from the statutes',
  })
  derived!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The year's announcement (the file's `source`), when announced",
  })
  announcement!: string | null;
  @ApiProperty({ type: () => [CalendarDayDto], description: 'The days that are not ordinary' })
  days!: CalendarDayDto[];
}

/** What loading a year's announcement answers. */
export class CalendarLoadDto implements CalendarLoad {
  @ApiProperty({ type: () => CalendarYearDto, description: 'The year as it now is: announced' })
  calendar!: CalendarYearDto;
  @ApiProperty({
    type: String,
    enum: ['started'],
    description: 'Everything is re-evaluated in the background',
  })
  reevaluation!: 'started';
}

export class CalendarChangeDto implements CalendarChange {
  @ApiProperty({ type: () => CalendarDayDto, description: 'The day as it now is' })
  day!: CalendarDayDto;
  @ApiProperty({
    type: String,
    enum: ['started'],
    description: 'Everything is re-evaluated in the background',
  })
  reevaluation!: 'started';
}

export class GradeThresholdDto implements GradeThreshold {
  @ApiProperty({ type: String, enum: GRADES })
  grade!: Grade;
  @ApiProperty({ type: Number, description: 'The lowest score of the grade' })
  min!: number;
}

export class FrozenPhaseDto implements FrozenView {
  @ApiProperty(WEIGHTS)
  weights!: Partial<Record<RuleId, number>>;
  @ApiProperty({ type: () => [GradeThresholdDto], required: false })
  grades?: GradeThresholdDto[];
  @ApiProperty({ type: Number, required: false })
  excellentTarget?: number;
}

export class CampaignPhaseDto implements PhaseView {
  @ApiProperty({ type: String, example: '2025-1' })
  id!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String, format: 'date' })
  start!: string;
  @ApiProperty({ type: String, format: 'date' })
  end!: string;
  @ApiProperty({ type: String, enum: ['preliminary', 'final'] })
  review!: 'preliminary' | 'final';
  @ApiProperty({ type: String, enum: ['open', 'closed'], description: 'closed: frozen at its review' })
  state!: 'open' | 'closed';
  @ApiProperty({
    type: () => FrozenPhaseDto,
    required: false,
    description: 'Closed phases: what they are scored with, whatever the campaign now says',
  })
  frozen?: FrozenPhaseDto;
}

export class CampaignDto implements CampaignView {
  @ApiProperty({ type: String, example: 'thi-dua-2025' })
  id!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty(WEIGHTS)
  weights!: Record<RuleId, number>;
  @ApiProperty({ type: () => [GradeThresholdDto] })
  grades!: GradeThresholdDto[];
  @ApiProperty({ type: Number, description: 'The share of a unit’s people to be graded excellent' })
  excellentTarget!: number;
  @ApiProperty({ type: () => [CampaignPhaseDto] })
  phases!: CampaignPhaseDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: '`file` (config/campaigns.json) or who changed it through the API',
  })
  changedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  changedAt!: string | null;
}

export class CampaignChangeDto implements CampaignChange {
  @ApiProperty({ type: () => CampaignDto, description: 'The campaign as it now is' })
  campaign!: CampaignDto;
  @ApiProperty({
    type: String,
    enum: ['started'],
    description: 'Everything is re-evaluated in the background',
  })
  reevaluation!: 'started';
}
