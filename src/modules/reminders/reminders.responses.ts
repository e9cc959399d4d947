/**
 * What `/api/reminders` answers, declared once: the OpenAPI description is generated from these
 * classes, and `implements` makes the compiler refuse a class that falls behind the stored view.
 */
import { ApiProperty } from '@nestjs/swagger';
import { pageDto } from '../shared/page.responses.js';
import { STAGES } from '../../domain/reminders/reminder-policy.js';
import type { Stage } from '../../domain/reminders/reminder-policy.js';
import type { ReminderState } from '../../infra/database/entities/reminder.entities.js';
import type { storedView } from '../../presentation/reminder-view.js';
import { RecipientDto } from '../shared/recipient.responses.js';

type ReminderView = ReturnType<typeof storedView>;

export class ReminderDto implements ReminderView {
  @ApiProperty({ type: String, format: 'date-time', description: 'The sending slot it belongs to' })
  slot!: string;
  @ApiProperty({ type: String, enum: ['claimed', 'sent', 'failed', 'dropped'] })
  state!: ReminderState;
  @ApiProperty({ type: String, enum: STAGES, description: 'before the due date, on it, or escalated after' })
  stage!: Stage;
  @ApiProperty({ type: String, example: 'doc_processing' })
  rule!: string;
  @ApiProperty({ type: String })
  obligationId!: string;
  @ApiProperty({ type: String, format: 'date', example: '2025-03-20' })
  dueDate!: string;
  @ApiProperty({ type: () => RecipientDto })
  to!: RecipientDto;
  @ApiProperty({
    type: () => [RecipientDto],
    description: 'In copy: the unit head, or the leadership’s mailbox, on an escalation',
  })
  cc!: RecipientDto[];
  @ApiProperty({ type: String })
  subject!: string;
  @ApiProperty({ type: String, description: 'What it is about, as the mail names it' })
  item!: string;
  @ApiProperty({ type: String, description: 'Why it was sent' })
  why!: string;
  @ApiProperty({ type: String, description: 'The Message-ID of the mail' })
  messageId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;
  @ApiProperty({ type: Number })
  attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last sending error' })
  error!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was not sent' })
  droppedReason!: string | null;
}

export const ReminderPageDto = pageDto(ReminderDto, {
  name: 'ReminderPageDto',
  counted: 'Reminders',
  pageSize: 200,
});
