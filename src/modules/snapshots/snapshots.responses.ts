/**
 * What `/api/snapshots` answers, declared once: the OpenAPI description is generated from these
 * classes, and `implements` makes the compiler refuse a class that falls behind the stored snapshot.
 * The frozen content is described to its first level: its rows are SNAPSHOT.md's, kept as frozen.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { RuleId } from '../../domain/rules/obligation.js';
import { GRADES } from '../../domain/scoring/campaign.js';
import type { Grade, GradeThreshold } from '../../domain/scoring/campaign.js';
import type { RowChange, SnapshotDiff } from '../../domain/snapshots/snapshot-diff.js';
import type {
  SnapshotAdjustment,
  SnapshotContent,
  SnapshotExemption,
  SnapshotPersonRow,
  SnapshotUnitRow,
} from '../../domain/snapshots/snapshot-content.js';
import type { SnapshotSummary, StoredSnapshot } from '../../infra/store/snapshot-store.js';
import type { FreezeResult } from './snapshot.service.js';

const EPOCH_MS = 'Milliseconds since 1970-01-01T00:00:00Z';
const OBJECTS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** A number before and after: null where the row was not in that version. */
export class NumberChangeDto {
  @ApiProperty({ type: Number, nullable: true })
  before!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  after!: number | null;
}

export class GradeChangeDto {
  @ApiProperty({ type: String, enum: GRADES, nullable: true })
  before!: Grade | null;
  @ApiProperty({ type: String, enum: GRADES, nullable: true })
  after!: Grade | null;
}

/** Exemptions or adjustments one version has and the other has not. */
export class AddedRemovedDto {
  @ApiProperty(OBJECTS)
  added!: object[];
  @ApiProperty(OBJECTS)
  removed!: object[];
}

export class SnapshotVersionDto implements SnapshotSummary {
  @ApiProperty({ type: String, description: 'A Postgres bigint, sent as a string' })
  id!: string;
  @ApiProperty({ type: String, example: '2025-1' })
  phaseId!: string;
  @ApiProperty({ type: Number, example: 1 })
  version!: number;
  @ApiProperty({ type: Number, description: `When it was frozen. ${EPOCH_MS}` })
  frozenAt!: number;
  @ApiProperty({ type: Number, description: `The instant it was evaluated as of. ${EPOCH_MS}` })
  asOf!: number;
  @ApiProperty({ type: String })
  frozenBy!: string;
  @ApiProperty({ type: String, description: 'SHA-256 of the content, verified on every read' })
  checksum!: string;
}

export class SnapshotVersionsDto implements Record<'versions', SnapshotSummary[]> {
  @ApiProperty({ type: () => [SnapshotVersionDto], description: 'Oldest first' })
  versions!: SnapshotVersionDto[];
}

export class FreezeResultDto implements FreezeResult {
  @ApiProperty({ type: Number })
  version!: number;
  @ApiProperty({ type: Boolean, description: 'false: no number changed, the latest version stands' })
  created!: boolean;
  @ApiProperty({ type: String })
  checksum!: string;
  @ApiProperty({ type: Number, description: EPOCH_MS })
  asOf!: number;
}

export class SnapshotPhaseDto {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: String })
  campaignId!: string;
  @ApiProperty({ type: String })
  campaignName!: string;
  @ApiProperty({ type: String, format: 'date' })
  start!: string;
  @ApiProperty({ type: String, format: 'date' })
  end!: string;
  @ApiProperty({ type: String, enum: ['preliminary', 'final'] })
  review!: SnapshotContent['phase']['review'];
}

export class SnapshotContentDto implements SnapshotContent {
  @ApiProperty({ type: () => SnapshotPhaseDto })
  phase!: SnapshotPhaseDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Per rule' })
  weights!: Partial<Record<RuleId, number>>;
  @ApiProperty({
    ...OBJECTS,
    required: false,
    description: 'Absent in versions frozen before they were kept',
  })
  grades?: GradeThreshold[];
  @ApiProperty({ type: Number, required: false })
  excellentTarget?: number;
  @ApiProperty({ ...OBJECTS, description: 'Ranked units: score, grade, rules, evidence' })
  units!: SnapshotUnitRow[];
  @ApiProperty({ ...OBJECTS, description: 'Ranked people: score, grade, rules, evidence' })
  people!: SnapshotPersonRow[];
  @ApiProperty({ ...OBJECTS, required: false })
  exemptions?: SnapshotExemption[];
  @ApiProperty({ ...OBJECTS, required: false })
  adjustments?: SnapshotAdjustment[];
}

export class SnapshotDto extends SnapshotVersionDto implements StoredSnapshot {
  @ApiProperty({ type: () => SnapshotContentDto })
  content!: SnapshotContentDto;
}

export class RowChangeDto implements RowChange {
  @ApiProperty({ type: String, enum: ['unit', 'person'] })
  level!: 'unit' | 'person';
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
  @ApiProperty({ type: () => NumberChangeDto, description: 'Final' })
  score!: RowChange['score'];
  @ApiProperty({ type: () => NumberChangeDto, description: 'Before adjustments' })
  computedScore!: RowChange['computedScore'];
  @ApiProperty({ type: () => NumberChangeDto, description: 'The council’s points' })
  adjustment!: RowChange['adjustment'];
  @ApiProperty({ type: () => GradeChangeDto })
  grade!: RowChange['grade'];
  @ApiProperty({ type: () => NumberChangeDto, description: '1 for the best' })
  rank!: RowChange['rank'];
  @ApiProperty({
    ...OBJECTS,
    description: 'Rules whose tally moved: before, after, obligations added and removed',
  })
  rules!: RowChange['rules'];
}

export class SnapshotDiffDto implements SnapshotDiff {
  @ApiProperty({ type: String })
  phaseId!: string;
  @ApiProperty({ type: Number })
  from!: number;
  @ApiProperty({ type: Number })
  to!: number;
  @ApiProperty({ type: () => [RowChangeDto], description: 'Rows that changed; the others are left out' })
  changes!: RowChangeDto[];
  @ApiProperty({ type: () => AddedRemovedDto, description: 'By id' })
  exemptions!: SnapshotDiff['exemptions'];
  @ApiProperty({ type: () => AddedRemovedDto, description: 'By id' })
  adjustments!: SnapshotDiff['adjustments'];
}
