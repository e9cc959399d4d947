/**
 * What `/api/runs` answers, declared once: the OpenAPI description is generated from these classes,
 * and `implements` makes the compiler refuse a class that falls behind the store's row.
 */
import { ApiProperty } from '@nestjs/swagger';
import { pageDto } from '../shared/page.responses.js';
import type { SyncRunRow, SyncStore } from '../../infra/store/sync-store.js';

type RejectionRow = Awaited<ReturnType<SyncStore['rejections']>>[number];

export class SyncRunDto implements SyncRunRow {
  @ApiProperty({ type: String, description: 'A Postgres bigint, sent as a string', example: '42' })
  id!: string;
  @ApiProperty({ type: String, example: 'bundle-inbox' })
  source!: string;
  @ApiProperty({
    type: String,
    description: 'What the run is for: a schedule slot, `manual:<uuid>`, or `push:<sha256 of the body>`',
  })
  runKey!: string;
  @ApiProperty({ type: String, enum: ['schedule', 'manual', 'cli', 'push'], example: 'schedule' })
  trigger!: string;
  @ApiProperty({ type: String, enum: ['running', 'succeeded', 'failed', 'abandoned'], example: 'succeeded' })
  status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The process that ran it' })
  worker!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  durationMs!: number | null;
  @ApiProperty({ type: Number })
  batches!: number;
  @ApiProperty({ type: Number, description: 'Records read from the source' })
  seen!: number;
  @ApiProperty({ type: Number })
  inserted!: number;
  @ApiProperty({ type: Number })
  updated!: number;
  @ApiProperty({ type: Number })
  unchanged!: number;
  @ApiProperty({ type: Number })
  deleted!: number;
  @ApiProperty({ type: Number, description: 'Records refused: see /api/runs/{id}/rejections' })
  rejected!: number;
  @ApiProperty({
    type: Number,
    description: 'Records kept with a warning (listed with the rejections, severity `warning`)',
  })
  warnings!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why a failed run failed' })
  error!: string | null;
}

export const SyncRunPageDto = pageDto(SyncRunDto, { name: 'SyncRunPageDto', counted: 'Runs', pageSize: 20 });

export class RejectionDto implements RejectionRow {
  @ApiProperty({ type: String, description: 'The file, batch or page the record came from' })
  location!: string;
  @ApiProperty({ type: String, nullable: true, example: 'task' })
  kind!: string | null;
  @ApiProperty({ type: String, nullable: true })
  recordId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'dueDate' })
  field!: string | null;
  @ApiProperty({ type: String, enum: ['error', 'warning'] })
  severity!: string;
  @ApiProperty({ type: String })
  messageVi!: string;
  @ApiProperty({ type: String })
  messageEn!: string;
}
