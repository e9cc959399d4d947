/**
 * What `/api/sources` answers, declared once: the OpenAPI description is generated from these
 * classes.
 */
import { ApiProperty } from '@nestjs/swagger';
import { RejectionDto, SyncRunDto } from './runs.responses.js';
import type { PushAnswer } from './push.service.js';

export class SourceDto {
  @ApiProperty({ type: String, example: 'bundle-inbox' })
  name!: string;
  @ApiProperty({
    type: String,
    enum: ['bundle-folder', 'http-json', 'edxml', 'register', 'mail-directory'],
    example: 'bundle-folder',
  })
  kind!: string;
  @ApiProperty({ type: String, description: 'When it syncs, Asia/Ho_Chi_Minh', example: '30 1 * * *' })
  cron!: string;
  @ApiProperty({ type: Boolean })
  enabled!: boolean;
  @ApiProperty({ type: () => SyncRunDto, nullable: true, description: 'null before its first run' })
  lastRun!: SyncRunDto | null;
  @ApiProperty({
    type: Number,
    description: 'How fresh its data must be (sources.json), default 36',
    example: 36,
  })
  freshWithinHours!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Its last successful sync or push (its start); null: never',
  })
  lastGoodAt!: string | null;
  @ApiProperty({
    type: Boolean,
    description:
      'No good sync within freshWithinHours: its late and overdue verdicts are "chưa đủ dữ liệu" (unknown)',
  })
  stale!: boolean;
}

export class SyncQueuedDto {
  @ApiProperty({ type: String, description: 'The queued job' })
  jobId!: string;
  @ApiProperty({ type: String, example: 'bundle-inbox' })
  source!: string;
  @ApiProperty({
    type: String,
    description: 'The run it starts, as `runKey` in /api/runs',
    example: 'manual:…',
  })
  runKey!: string;
}

export class PushAnswerDto implements PushAnswer {
  @ApiProperty({
    type: String,
    enum: ['received', 'already_received'],
    description:
      '`received` (201): read now; `already_received` (200): the same bytes were, and nothing changed',
  })
  outcome!: PushAnswer['outcome'];
  @ApiProperty({ type: String, example: 'van-phong-dien-tu' })
  source!: string;
  @ApiProperty({ type: String, description: 'SHA-256 of the body, hex: what makes two pushes the same' })
  sha256!: string;
  @ApiProperty({
    type: String,
    description: 'Vietnamese, then English',
    example:
      'Đã nhận và xử lý (lượt 7): thêm 2, cập nhật 0, không đổi 0, xoá 0, bị loại 1 / Received and processed (run 7): …',
  })
  message!: string;
  @ApiProperty({
    type: () => SyncRunDto,
    description: 'The run that read these bytes (the first one, when already received)',
  })
  run!: SyncRunDto;
  @ApiProperty({
    type: () => [RejectionDto],
    description: 'What the run refused or warned about: record, field, reason',
  })
  rejections!: RejectionDto[];
}
