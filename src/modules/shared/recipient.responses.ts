/**
 * A recipient as the API shows it — of a reminder (addressee or copy) or of a digest: the one
 * `Recipient` of the domain, declared once for the OpenAPI description.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { Recipient } from '../../domain/recipient.js';

export class RecipientDto implements Recipient {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'TP1',
    description: 'The person; null for a designated mailbox (the leadership’s)',
  })
  personId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
  @ApiProperty({ type: String, example: 'tp1@so.gov.vn' })
  address!: string;
}
