/**
 * What `/api/digests` answers, declared once: the OpenAPI description is generated from these
 * classes, and `implements` makes the compiler refuse a class that falls behind the controller's view.
 */
import { ApiProperty } from '@nestjs/swagger';
import { RecipientDto } from '../shared/recipient.responses.js';
import type { DigestSummary } from './digests.controller.js';

export class DigestDto implements DigestSummary {
  @ApiProperty({ type: String, description: 'A Postgres bigint, sent as a string', example: '7' })
  id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The unit it reports; null for the leadership’s digest of all units',
  })
  unitId!: string | null;
  @ApiProperty({ type: String, example: '2025-W11' })
  week!: string;
  @ApiProperty({ type: String })
  subject!: string;
  @ApiProperty({ type: () => [RecipientDto] })
  recipients!: RecipientDto[];
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null until sent' })
  sentAt!: string | null;
  @ApiProperty({ type: Number, description: 'How many times it was sent again' })
  resendCount!: number;
}

export class DigestListDto implements Record<'digests', DigestSummary[]> {
  @ApiProperty({ type: () => [DigestDto] })
  digests!: DigestDto[];
}

export class DigestDetailDto extends DigestDto implements DigestSummary {
  @ApiProperty({ type: String, description: 'Its text as sent (the plain-text part of the e-mail)' })
  text!: string;
}
