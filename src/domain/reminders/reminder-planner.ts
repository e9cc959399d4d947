/**
 * The planner: given the stored obligations (with their details), the people and units, the
 * working calendar, the policy and a slot, which reminders are due in that slot — to whom, with
 * whom in copy. Pure: no clock, no database; the service loads the inputs and records the output.
 *
 * A stage's day is counted on the working calendar from the obligation's *current* due date, so
 * when a due date moves (gia hạn, a plan reported, a calendar change) the reminders follow it:
 * the item for the old date is no longer planned, and the one for the new date is — the key
 * (obligation, stage, due date) differs.
 */
import type { WorkingCalendar } from '../calendar/calendar.js';
import type { Details, RuleId, Status } from '../rules/obligation.js';
import type { Day, Instant } from '../time.js';
import { formatDay, startOfLocalDay } from '../time.js';
import type { Recipient } from '../recipient.js';
import type { CcRole, ReminderPolicy, Stage, StagePolicy, ToRole } from './reminder-policy.js';
import { isRemindable } from './reminder-policy.js';
import type { Slot } from './reminder-slot.js';

/** A stored obligation as the planner reads it, with what a person needs to recognise it. */
export interface ReminderCandidate {
  obligationId: string;
  rule: RuleId;
  unitId: string | null;
  personId: string | null;
  dueDate: Day | null;
  status: Status;
  tight: boolean;
  details: Details;
  /** The linked document's number (số ký hiệu), when there is one. */
  documentNumber: string | null;
  /** The task's title, else the document's subject (trích yếu). */
  title: string | null;
  /** The responsible unit's name (a weekly schedule is named by its unit). */
  unitName: string | null;
  /**
   * The task or draft handles a confidential document (DOMAIN.md §4), or the task is cancelled:
   * such obligations should not exist, and are never reminded if one does.
   */
  excluded: boolean;
  /** The sources of the records it rests on (docs/freshness.md); absent: none known. */
  sources?: readonly string[];
  /** The task behind it and the source it came from, for the office system's link; null when excluded. */
  task?: { id: string; source: string | null } | null;
}

export interface DirectoryPerson {
  id: string;
  name: string | null;
  email: string | null;
  active: boolean;
  unitId: string;
}

export interface DirectoryUnit {
  id: string;
  name: string;
  headId: string | null;
}

export interface Directory {
  people: Map<string, DirectoryPerson>;
  units: Map<string, DirectoryUnit>;
}

export interface ReminderItem {
  obligationId: string;
  rule: RuleId;
  stage: Stage;
  dueDate: Day;
  to: Recipient;
  cc: Recipient[];
  /** Working days from the slot to the due date (0 on the due date); null once it is past. */
  workingDaysLeft: number | null;
  /** Working days late as of the slot, for an escalation; null before the due date passes. */
  workingDaysLate: number | null;
  /** The responsible person could not be reached, so the unit head gets it in their place. */
  insteadOf: string | null;
  candidate: ReminderCandidate;
  /** A reminder of this earlier day that could not be sent then (see `PlanInput.missed`). */
  lateFrom?: Day;
  /** Why it was not sent then, when not the mail server: its source was stale (docs/freshness.md). */
  heldFor?: 'stale';
}

/** `unknown`: its verdict waits on a stale source, so no reminder may claim it is late. */
export type SkipReason = 'closed' | 'excluded' | 'no_recipient' | 'unknown';

export interface SkippedItem {
  obligationId: string;
  stage: Stage;
  reason: SkipReason;
}

export interface ReminderPlan {
  slot: Slot;
  items: ReminderItem[];
  skipped: SkippedItem[];
}

/** The unique key of a reminder: one per obligation, stage and due date, ever. */
export function reminderKey(obligationId: string, stage: Stage, dueDate: Day): string {
  return `${obligationId}|${stage}|${formatDay(dueDate)}`;
}

export function itemKey(item: Pick<ReminderItem, 'obligationId' | 'stage' | 'dueDate'>): string {
  return reminderKey(item.obligationId, item.stage, item.dueDate);
}

/** The working day a stage falls on. */
export function stageDay(stage: StagePolicy, due: Day, calendar: WorkingCalendar): Day {
  if (stage.stage === 'before') return calendar.before(due, Math.max(1, stage.workingDays));
  if (stage.stage === 'escalation') return calendar.after(due, Math.max(1, stage.workingDays));
  return due;
}

/**
 * The due dates a slot can concern: a stage is at most this many calendar days from its due
 * date (a week of Tết plus weekends, times the largest offset), so the service loads only these.
 */
export function dueWindow(slotDay: Day, policy: ReminderPolicy): { from: Day; to: Day } {
  let widest = 1;
  for (const stages of Object.values(policy.rules)) {
    for (const s of stages ?? []) widest = Math.max(widest, s.workingDays);
  }
  const span = 7 + widest * 14;
  return { from: slotDay - span, to: slotDay + span };
}

/** Judged unknown, or resting on a source stale since before it turned late. */
function waitsOnStaleSource(
  candidate: ReminderCandidate,
  due: Day,
  stale: ReadonlyMap<string, Instant | null> | undefined,
): boolean {
  if (candidate.status === 'unknown') return true;
  if (stale === undefined || stale.size === 0) return false;
  const turnedLate = startOfLocalDay(due + 1);
  return (candidate.sources ?? []).some((source) => {
    if (!stale.has(source)) return false;
    const lastGood = stale.get(source) ?? null;
    return lastGood === null || lastGood < turnedLate;
  });
}

/** Not done and not excused: a reminder still helps. */
function isOpen(status: Status): boolean {
  return status === 'pending' || status === 'overdue';
}

function personRecipient(directory: Directory, personId: string | null): Recipient | null {
  if (personId === null) return null;
  const person = directory.people.get(personId);
  if (person === undefined || !person.active || person.email === null || !person.email.includes('@')) {
    return null;
  }
  return { personId: person.id, name: person.name, address: person.email };
}

function unitHead(directory: Directory, unitId: string | null): Recipient | null {
  if (unitId === null) return null;
  return personRecipient(directory, directory.units.get(unitId)?.headId ?? null);
}

function resolveTo(
  role: ToRole,
  candidate: ReminderCandidate,
  directory: Directory,
): { to: Recipient; insteadOf: string | null } | null {
  if (role === 'unit_head') {
    const head = unitHead(directory, candidate.unitId);
    return head === null ? null : { to: head, insteadOf: null };
  }
  const responsible = personRecipient(directory, candidate.personId);
  if (responsible !== null) return { to: responsible, insteadOf: null };
  // Nobody to write to (left, no address): the unit head answers for the unit's work.
  const head = unitHead(directory, candidate.unitId);
  if (head === null) return null;
  const missing = candidate.personId === null ? null : directory.people.get(candidate.personId);
  return {
    to: head,
    insteadOf: missing === undefined || missing === null ? null : (missing.name ?? missing.id),
  };
}

function resolveCc(
  roles: CcRole[],
  to: Recipient,
  candidate: ReminderCandidate,
  directory: Directory,
  policy: ReminderPolicy,
): Recipient[] {
  const cc: Recipient[] = [];
  const seen = new Set([to.address.toLowerCase()]);
  for (const role of roles) {
    const r = role === 'unit_head' ? unitHead(directory, candidate.unitId) : policy.leadership;
    if (r === null || seen.has(r.address.toLowerCase())) continue;
    seen.add(r.address.toLowerCase());
    cc.push(r);
  }
  return cc;
}

/** A reminder recorded for an earlier day's slot and never sent (the mail server was down). */
export interface MissedReminder {
  obligationId: string;
  stage: Stage;
  dueDate: Day;
  /** The day it was for. */
  day: Day;
  /** `stale`: held back while the obligation waited on a stale source, not lost by the mail server. */
  reason?: 'stale';
}

export interface PlanInput {
  slot: Slot;
  candidates: Iterable<ReminderCandidate>;
  directory: Directory;
  policy: ReminderPolicy;
  calendar: WorkingCalendar;
  /**
   * Reminders of earlier days never sent: each is planned again in this slot, marked late, while
   * it still holds (the obligation open, its due date unchanged) and no reminder of this slot
   * already speaks of the obligation. A reminder is late rather than lost.
   */
  missed?: readonly MissedReminder[];
  /**
   * The stale sources and their last good sync (docs/freshness.md). An item that would say the
   * obligation is late, resting on one of them and due so that it turned late after that sync, is
   * not sent: the completion may have happened and not reached us. A reminder before the due date
   * still goes out.
   */
  stale?: ReadonlyMap<string, Instant | null>;
}

export function planReminders(input: PlanInput): ReminderPlan {
  const { slot, policy, calendar } = input;
  const items: ReminderItem[] = [];
  const skipped: SkippedItem[] = [];
  // No slot on a day that is not worked, whatever the caller passed.
  if (!calendar.isWorkingDay(slot.day)) return { slot, items, skipped };
  const candidates = [...input.candidates];
  for (const candidate of candidates) {
    if (candidate.dueDate === null || !isRemindable(candidate.rule)) continue;
    const stages = policy.rules[candidate.rule];
    if (stages === undefined) continue;
    const due = candidate.dueDate;
    for (const stage of stages) {
      if (stageDay(stage, due, calendar) !== slot.day) continue;
      const item = planItem({ ...candidate, dueDate: due }, stage, input, skipped);
      if (item !== null) items.push(item);
    }
  }
  if ((input.missed ?? []).length === 0) return { slot, items, skipped };
  const byId = new Map(candidates.map((c) => [c.obligationId, c]));
  const remindedToday = new Set(items.map((i) => i.obligationId));
  for (const missed of input.missed ?? []) {
    const candidate = byId.get(missed.obligationId);
    // Gone, or its due date moved: what the reminder said no longer holds.
    if (candidate === undefined || candidate.dueDate !== missed.dueDate) continue;
    if (remindedToday.has(missed.obligationId) || !isRemindable(candidate.rule)) continue;
    const stage = policy.rules[candidate.rule]?.find((s) => s.stage === missed.stage);
    if (stage === undefined) continue;
    const item = planItem({ ...candidate, dueDate: missed.dueDate }, stage, input, []);
    if (item !== null)
      items.push({
        ...item,
        lateFrom: missed.day,
        ...(missed.reason === undefined ? {} : { heldFor: missed.reason }),
      });
  }
  return { slot, items, skipped };
}

/** The item of one stage of an open obligation in the slot, or null (and why, in `skipped`). */
function planItem(
  candidate: ReminderCandidate & { dueDate: Day },
  stage: StagePolicy,
  input: PlanInput,
  skipped: SkippedItem[],
): ReminderItem | null {
  const { slot, directory, policy, calendar } = input;
  const due = candidate.dueDate;
  if (!isOpen(candidate.status) && candidate.status !== 'unknown') {
    skipped.push({ obligationId: candidate.obligationId, stage: stage.stage, reason: 'closed' });
    return null;
  }
  if (due < slot.day && waitsOnStaleSource(candidate, due, input.stale)) {
    skipped.push({ obligationId: candidate.obligationId, stage: stage.stage, reason: 'unknown' });
    return null;
  }
  if (!isOpen(candidate.status)) {
    skipped.push({ obligationId: candidate.obligationId, stage: stage.stage, reason: 'closed' });
    return null;
  }
  if (candidate.excluded) {
    skipped.push({ obligationId: candidate.obligationId, stage: stage.stage, reason: 'excluded' });
    return null;
  }
  const resolved = resolveTo(stage.to, candidate, directory);
  if (resolved === null) {
    skipped.push({ obligationId: candidate.obligationId, stage: stage.stage, reason: 'no_recipient' });
    return null;
  }
  const late = due < slot.day;
  return {
    obligationId: candidate.obligationId,
    rule: candidate.rule,
    stage: stage.stage,
    dueDate: due,
    to: resolved.to,
    cc: resolveCc(stage.cc, resolved.to, candidate, directory, policy),
    workingDaysLeft: late ? null : due === slot.day ? 0 : calendar.workingDaysLate(slot.day, due),
    workingDaysLate: late ? calendar.workingDaysLate(due, slot.day) : null,
    insteadOf: resolved.insteadOf,
    candidate,
  };
}
