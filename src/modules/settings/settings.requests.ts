/**
 * What the calendar and campaign routes accept, declared once: each field's check and its OpenAPI
 * description. A loaded year and a campaign are checked whole by the readers of
 * `config/calendars/<year>.json` and `config/campaigns.json` (which name the entry and the field
 * at fault, as for the shipped files): their classes document the shape and keep every field.
 */
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { RULES } from '../../domain/rules/obligation.js';
import { GRADES } from '../../domain/scoring/campaign.js';
import { CheckedElsewhere, EnumField, IntQuery, TextField, WholeBody } from '../shared/request-dto.js';

export class CalendarQuery {
  @IntQuery({ min: 1, max: 9999 }, { example: 2025, description: 'default: this year' })
  year?: number;
}

export class CalendarDayBody {
  @EnumField(['off', 'working'])
  kind!: 'off' | 'working';
  @TextField(200, { example: 'Nghỉ bù Quốc khánh', description: 'The day’s name (its reason)' })
  name!: string;
}

/** One day of a loaded year, as in `config/calendars/<year>.json`. */
export class CalendarYearDayEntry {
  @ApiProperty({ type: String, format: 'date', example: '2027-02-05' })
  date!: string;
  @ApiProperty({ type: String, enum: ['off', 'working'] })
  kind!: 'off' | 'working';
  @ApiProperty({ type: String, example: 'Tết Nguyên đán' })
  reason!: string;
  @ApiProperty({ type: String, required: false })
  reasonEn?: string;
  @ApiProperty({ type: Boolean, required: false, description: 'false: expected, not yet announced' })
  confirmed?: boolean;
}

@WholeBody()
export class CalendarYearBody {
  @CheckedElsewhere({ type: Number, required: true, example: 2027, description: 'The year of the path' })
  year!: number;
  @CheckedElsewhere({ type: String, required: false, description: 'The announcement it comes from' })
  source?: string;
  @CheckedElsewhere({ type: () => [CalendarYearDayEntry], required: true })
  days!: CalendarYearDayEntry[];
}

/** One phase of a campaign, as in `config/campaigns.json`. */
export class CampaignPhaseEntry {
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
}

/** A grade's lowest score, as in `config/campaigns.json`. */
export class GradeThresholdEntry {
  @ApiProperty({ type: String, enum: GRADES })
  grade!: string;
  @ApiProperty({ type: Number })
  min!: number;
}

@WholeBody()
export class CampaignBody {
  @CheckedElsewhere({ type: String, required: true })
  name!: string;
  @CheckedElsewhere({ type: () => [CampaignPhaseEntry], required: true })
  phases!: CampaignPhaseEntry[];
  @CheckedElsewhere({
    type: 'object',
    required: true,
    description: `Per rule (${RULES.join(', ')}), its weight in the score`,
    additionalProperties: { type: 'number' },
  } as unknown as ApiPropertyOptions)
  weights!: Record<string, number>;
  @CheckedElsewhere({ type: () => [GradeThresholdEntry], required: false })
  grades?: GradeThresholdEntry[];
  @CheckedElsewhere({
    type: Number,
    required: false,
    description: 'The share of a unit’s people graded excellent',
  })
  excellentTarget?: number;
}
