/**
 * What `/api/sources` answers, declared once: the OpenAPI description is generated from these
 * classes.
 */
import { ApiProperty } from '@nestjs/swagger';
import { SyncRunDto } from './runs.responses.js';

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
