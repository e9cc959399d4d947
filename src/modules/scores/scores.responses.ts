/**
 * What `/api/scores` answers, declared once: the OpenAPI description is generated from these
 * classes, and `implements` makes the compiler refuse a class that falls behind the stored score.
 */
import { ApiProperty } from '@nestjs/swagger';
import { pageDto } from '../shared/page.responses.js';
import { GRADES } from '../../domain/scoring/campaign.js';
import type { StoredScore } from '../../infra/store/score-store.js';

/** A stored score as the API writes it: the instant as ISO 8601 text. */
type ScoreView = Omit<StoredScore, 'asOf'> & { asOf: string };

export class ScoreDto implements ScoreView {
  @ApiProperty({ type: String, example: '2025-1' })
  phaseId!: string;
  @ApiProperty({ type: String, enum: ['unit', 'person'] })
  level!: 'unit' | 'person';
  @ApiProperty({ type: String, description: 'The unit or person scored' })
  subjectId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The unit itself, or the person’s unit' })
  unitId!: string | null;
  @ApiProperty({ type: Number, description: 'Final: computed + adjustment, 0…100' })
  score!: number;
  @ApiProperty({ type: Number, description: 'As computed from the obligations' })
  computedScore!: number;
  @ApiProperty({ type: Number, description: 'The council’s points, summed' })
  adjustment!: number;
  @ApiProperty({ type: String, enum: GRADES })
  grade!: StoredScore['grade'];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Units: 1 for the best of the phase; people: null',
  })
  rank!: number | null;
  @ApiProperty({
    type: 'object',
    description: 'Per rule judged: how many obligations were judged and met, and the share met',
    additionalProperties: {
      type: 'object',
      properties: { judged: { type: 'number' }, met: { type: 'number' }, rate: { type: 'number' } },
      required: ['judged', 'met', 'rate'],
    },
  })
  rules!: StoredScore['rules'];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Units: the share of their people graded excellent',
  })
  excellentShare!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  excellentTarget!: number | null;
  @ApiProperty({ type: String })
  evaluationId!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'The instant the score was computed as of' })
  asOf!: string;
}

export const ScorePageDto = pageDto(ScoreDto, { name: 'ScorePageDto', counted: 'Scores', pageSize: 50 });
