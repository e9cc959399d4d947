/**
 * A guard for the evaluation: a record whose dates the working calendar cannot count (it covers
 * 1900–2199) is left out rather than allowed to throw and stop the whole agency's evaluation.
 * The record validator rejects such dates on entry (plausible-dates.ts); this only keeps records
 * stored before that check, or written around it, from holding every later sync hostage.
 */
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from './calendar/derive-year.js';
import type { Dataset, Document, Draft, MailboxObservation, Task, WeeklySchedule } from './model.js';
import { isSecret } from './model.js';
import type { Day, Instant } from './time.js';
import { dayFromYmd, localDay } from './time.js';

// Ten years inside the calendar's ends: the rules count working days back and forth from a date.
const FIRST = dayFromYmd(FIRST_SUPPORTED_YEAR + 10, 1, 1);
const LAST = dayFromYmd(LAST_SUPPORTED_YEAR - 10, 12, 31);

const day = (d: Day | null): boolean => d === null || (d >= FIRST && d <= LAST);
const instant = (i: Instant | null): boolean => i === null || day(localDay(i));

function document(d: Document): boolean {
  if (!day(d.date)) return false;
  return isSecret(d) || (instant(d.receivedAt) && instant(d.issuedAt) && day(d.deadline));
}

function task(t: Task): boolean {
  return (
    instant(t.assignedAt) &&
    day(t.deadline) &&
    t.deadlineChanges.every((c) => day(c.deadline) && instant(c.at)) &&
    (t.plan === null || (instant(t.plan.reportedAt) && day(t.plan.targetDate))) &&
    instant(t.completedAt) &&
    instant(t.cancelledAt)
  );
}

function draft(d: Draft): boolean {
  return (
    day(d.unitDeadline) &&
    instant(d.submittedToUnitAt) &&
    instant(d.submittedToLeadershipAt) &&
    d.reviewRounds.every((r) => instant(r.at)) &&
    instant(d.issuedAt)
  );
}

function schedule(s: WeeklySchedule): boolean {
  const year = Number(s.week.slice(0, 4));
  return year > FIRST_SUPPORTED_YEAR + 10 && year < LAST_SUPPORTED_YEAR - 10 && instant(s.publishedAt);
}

const mailbox = (m: MailboxObservation): boolean => instant(m.lastActiveAt);

function kept<T>(records: Map<string, T>, countable: (r: T) => boolean): Map<string, T> {
  const out = new Map<string, T>();
  for (const [key, r] of records) if (countable(r)) out.set(key, r);
  return out;
}

function all<T>(records: Iterable<T>, countable: (r: T) => boolean): boolean {
  for (const r of records) if (!countable(r)) return false;
  return true;
}

/** `dataset` itself when every date is countable (the usual case: one pass, nothing copied). */
export function withCountableDates(dataset: Dataset): Dataset {
  const clean =
    all(dataset.documents.values(), document) &&
    all(dataset.tasks.values(), task) &&
    all(dataset.drafts.values(), draft) &&
    all(dataset.weeklySchedules.values(), schedule) &&
    all(dataset.mailboxes, mailbox);
  if (clean) return dataset;
  return {
    ...dataset,
    documents: kept(dataset.documents, document),
    tasks: kept(dataset.tasks, task),
    drafts: kept(dataset.drafts, draft),
    weeklySchedules: kept(dataset.weeklySchedules, schedule),
    mailboxes: dataset.mailboxes.filter(mailbox),
  };
}
