import type { WorkingCalendar } from '../calendar/calendar.js';
import type { Campaign, Phase } from '../scoring/campaign.js';
import type { Dataset, MailboxObservation } from '../model.js';
import type { Day, Instant } from '../time.js';
import { localDay } from '../time.js';

/** Everything a rule may read while evaluating as of one instant. Built once per evaluation. */
export interface EvaluationContext {
  asOf: Instant;
  asOfDay: Day;
  calendar: WorkingCalendar;
  dataset: Dataset;
  /** Lower-cased official mail domain (DOMAIN.md §3.8). */
  officialDomain: string;
  /** DOMAIN.md §2: configured, else derived from the data; null when nothing exists yet. */
  trackingStart: Day | null;
  phases: Phase[];
  campaigns: Campaign[];
  /** Mailbox observations grouped by person. */
  mailboxesByPerson: Map<string, MailboxObservation[]>;
  /** The campaign phase containing a day, or null. */
  phaseAt(day: Day): Phase | null;
}

export function exists(instant: Instant | null, asOf: Instant): instant is Instant {
  return instant !== null && instant <= asOf;
}

export function localDayOrNull(instant: Instant | null): Day | null {
  return instant === null ? null : localDay(instant);
}
