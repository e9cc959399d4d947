/** Every migration, in order. New ones come from `npm run migration:generate -- Name`, reviewed. */
import { InitialSchema1795442684359 } from './1795442684359-initial-schema.js';
import { PendingSubjects1795443257980 } from './1795443257980-pending-subjects.js';
import { Digests1795444415703 } from './1795444415703-digests.js';
import { ReviewSnapshots1795445674928 } from './1795445674928-review-snapshots.js';
import { Reminders1795446458529 } from './1795446458529-reminders.js';
import { AccessAndScores1796423415198 } from './1796423415198-access-and-scores.js';
import { ObligationPageIndexes1796427523558 } from './1796427523558-obligation-page-indexes.js';
import { UpdateRoom1796443834081 } from './1796443834081-update-room.js';
import { SyncRequests1796686624695 } from './1796686624695-sync-requests.js';
import { CalendarYears1796687396776 } from './1796687396776-calendar-years.js';
import { TokenExpiry1796690822004 } from './1796690822004-token-expiry.js';
import { SyncRunWarnings1796690851286 } from './1796690851286-sync-run-warnings.js';
import { SignInSessions1796690932378 } from './1796690932378-sign-in-sessions.js';
import { DocumentStatuses1796692295838 } from './1796692295838-document-statuses.js';
import { SyncRunClock1796691594824 } from './1796691594824-sync-run-clock.js';
import { ExemptionRequests1796700000000 } from './1796700000000-exemption-requests.js';

export const MIGRATIONS = [
  InitialSchema1795442684359,
  PendingSubjects1795443257980,
  Digests1795444415703,
  ReviewSnapshots1795445674928,
  Reminders1795446458529,
  AccessAndScores1796423415198,
  ObligationPageIndexes1796427523558,
  UpdateRoom1796443834081,
  SyncRequests1796686624695,
  CalendarYears1796687396776,
  TokenExpiry1796690822004,
  SyncRunWarnings1796690851286,
  SignInSessions1796690932378,
  SyncRunClock1796691594824,
  DocumentStatuses1796692295838,
  ExemptionRequests1796700000000,
];
