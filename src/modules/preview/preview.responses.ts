/**
 * What the preview routes answer, declared once: the OpenAPI description is generated from these
 * classes, and `implements` makes the compiler refuse a class that falls behind the view.
 */
import { ApiProperty } from '@nestjs/swagger';
import { GRADES } from '../../domain/scoring/campaign.js';
import type { Grade } from '../../domain/scoring/campaign.js';
import type { PreviewView } from './preview.view.js';

type Move = PreviewView['moved'][number];
type Standing = NonNullable<Move['before']>;
type ScoreMove = PreviewView['scores'][number];
type Mark = NonNullable<ScoreMove['before']>;

export class PreviewStandingDto implements Standing {
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate!: string | null;
  @ApiProperty({ type: String, example: 'late', description: 'The status, as GET /api/obligations names it' })
  status!: string;
  @ApiProperty({ type: Number, nullable: true })
  workingDaysLate!: number | null;
}

export class PreviewMoveDto implements Move {
  @ApiProperty({ type: String, example: 'plan:e2' })
  id!: string;
  @ApiProperty({ type: String })
  rule!: string;
  @ApiProperty({ type: String })
  subjectId!: string;
  @ApiProperty({ type: String, nullable: true })
  unitId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  personId!: string | null;
  @ApiProperty({ type: PreviewStandingDto, nullable: true, description: 'null: the change creates it' })
  before!: Standing | null;
  @ApiProperty({ type: PreviewStandingDto, nullable: true, description: 'null: the change removes it' })
  after!: Standing | null;
}

export class PreviewMarkDto implements Mark {
  @ApiProperty({ type: Number })
  score!: number;
  @ApiProperty({ type: String, enum: GRADES })
  grade!: Grade;
  @ApiProperty({ type: Number, nullable: true, description: 'Units: 1 is the best of the phase' })
  rank!: number | null;
}

export class PreviewScoreDto implements ScoreMove {
  @ApiProperty({ type: String })
  phaseId!: string;
  @ApiProperty({ type: String, enum: ['unit', 'person'] })
  level!: 'unit' | 'person';
  @ApiProperty({ type: String })
  subjectId!: string;
  @ApiProperty({ type: String, nullable: true })
  unitId!: string | null;
  @ApiProperty({ type: PreviewMarkDto, nullable: true })
  before!: Mark | null;
  @ApiProperty({ type: PreviewMarkDto, nullable: true })
  after!: Mark | null;
}

export class PreviewDto implements PreviewView {
  @ApiProperty({ type: String, example: 'calendar:2025-05-05' })
  change!: string;
  @ApiProperty({
    type: String,
    example: '2025-05-02T08:00:00+07:00',
    description: 'Both sides are judged as of this',
  })
  asOf!: string;
  @ApiProperty({ type: Number, description: 'Obligations judged with the change' })
  obligations!: number;
  @ApiProperty({ type: Number, description: 'Obligations whose due date or status would change' })
  movedTotal!: number;
  @ApiProperty({ type: [PreviewMoveDto], description: 'The first `limit` of them, by id' })
  moved!: Move[];
  @ApiProperty({ type: [PreviewScoreDto], description: 'Every score, grade or rank that would change' })
  scores!: ScoreMove[];
  @ApiProperty({ type: Boolean, description: 'Always true: nothing was stored' })
  unchanged!: true;
}
