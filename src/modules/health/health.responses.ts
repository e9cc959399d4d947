/** What `/health` answers, declared once: the OpenAPI description is generated from these classes. */
import { ApiProperty } from '@nestjs/swagger';

export class HealthCheckDto {
  @ApiProperty({ type: String, enum: ['up', 'down'] })
  status!: 'up' | 'down';
  @ApiProperty({ type: String, required: false, description: 'Why it is down' })
  error?: string;
  @ApiProperty({
    type: [String],
    required: false,
    description: 'The job schedulers Redis no longer holds (schedules check only)',
  })
  missing?: string[];
}

export class HealthModeDto {
  @ApiProperty({ type: String, enum: ['embedded', 'postgres'] })
  database!: string;
  @ApiProperty({ type: String, enum: ['inline', 'redis'] })
  queue!: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: () => HealthCheckDto })
  database!: HealthCheckDto;
  @ApiProperty({ type: () => HealthCheckDto, required: false, description: 'Only when REDIS_URL is set' })
  redis?: HealthCheckDto;
  @ApiProperty({
    type: () => HealthCheckDto,
    required: false,
    description: 'Only when REDIS_URL is set: every job scheduler a worker registers is in Redis',
  })
  schedules?: HealthCheckDto;
}

export class SourceFreshnessDto {
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: Boolean, description: 'No good sync or push within freshWithinHours' })
  stale!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: never synced' })
  lastGoodAt!: string | null;
  @ApiProperty({ type: Number })
  freshWithinHours!: number;
}

export class HealthSourcesDto {
  @ApiProperty({ type: [String], description: 'The stale sources (they do not make /health fail)' })
  stale!: string[];
  @ApiProperty({ type: () => [SourceFreshnessDto] })
  list!: SourceFreshnessDto[];
}

export class HealthDto {
  @ApiProperty({ type: String, enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  @ApiProperty({ type: [String], required: false, description: 'The checks that failed (503 only)' })
  failed?: string[];
  @ApiProperty({ type: () => HealthModeDto })
  mode!: HealthModeDto;
  @ApiProperty({ type: () => HealthChecksDto })
  checks!: HealthChecksDto;
  @ApiProperty({
    type: () => HealthSourcesDto,
    required: false,
    description: 'Each enabled source’s freshness (absent when the database does not answer)',
  })
  sources?: HealthSourcesDto;
}
