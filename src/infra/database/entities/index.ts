import {
  ApiTokenEntity,
  AuditEntryEntity,
  CalendarOverrideEntity,
  CalendarYearEntity,
  CampaignOverrideEntity,
  ExemptionEntity,
  ScoreAdjustmentEntity,
} from './access.entities.js';
import { DigestEntity } from './digest.entities.js';
import { ExemptionRequestEntity } from './exemption-request.entities.js';
import { EvaluationEntity, ObligationEntity, ObligationHistoryEntity } from './obligation.entities.js';
import {
  DocumentEntity,
  DocumentStatusEntity,
  DraftEntity,
  MailboxObservationEntity,
  PersonEntity,
  ReviewRoundEntity,
  TaskDeadlineChangeEntity,
  TaskEntity,
  UnitEntity,
  WeeklyScheduleEntity,
} from './record.entities.js';
import { ReminderEntity, ReminderMessageEntity } from './reminder.entities.js';
import { ScoreEntity } from './score.entities.js';
import { AccessGrantEntity, SessionEntity, SignInLinkEntity } from './session.entities.js';
import { ReviewSnapshotEntity } from './snapshot.entities.js';
import {
  SourceEntity,
  SyncPendingSubjectEntity,
  SyncRejectionEntity,
  SyncRequestEntity,
  SyncRunEntity,
} from './sync.entities.js';

export const ENTITIES = [
  UnitEntity,
  PersonEntity,
  DocumentEntity,
  DocumentStatusEntity,
  TaskEntity,
  TaskDeadlineChangeEntity,
  DraftEntity,
  ReviewRoundEntity,
  WeeklyScheduleEntity,
  MailboxObservationEntity,
  SourceEntity,
  SyncRunEntity,
  SyncRejectionEntity,
  SyncPendingSubjectEntity,
  SyncRequestEntity,
  EvaluationEntity,
  ObligationEntity,
  ObligationHistoryEntity,
  ReminderMessageEntity,
  ReminderEntity,
  DigestEntity,
  ReviewSnapshotEntity,
  ScoreEntity,
  ApiTokenEntity,
  AuditEntryEntity,
  ExemptionEntity,
  ScoreAdjustmentEntity,
  CalendarOverrideEntity,
  CalendarYearEntity,
  CampaignOverrideEntity,
  SessionEntity,
  SignInLinkEntity,
  AccessGrantEntity,
  ExemptionRequestEntity,
];
