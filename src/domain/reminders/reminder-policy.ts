/**
 * The reminder policy (issue 4): for each timed rule, which reminders go out, on which working day
 * relative to the due date, to whom and with whom in copy. Plain data, validated by the loader in
 * `src/config/reminders.loader.ts` from `config/reminders.json`.
 */
import type { Recipient } from '../recipient.js';
import type { RuleId } from '../rules/obligation.js';

/** `before` the due date, on the `due` date itself, and the `escalation` after it. */
export const STAGES = ['before', 'due', 'escalation'] as const;
export type Stage = (typeof STAGES)[number];

/** The rules whose obligations have a due date: the only ones a reminder can be about. */
export const REMINDABLE_RULES = ['plan', 'staff_submission', 'unit_submission', 'weekly_schedule'] as const;
export type RemindableRule = (typeof REMINDABLE_RULES)[number];

export function isRemindable(rule: RuleId): rule is RemindableRule {
  return (REMINDABLE_RULES as readonly string[]).includes(rule);
}

/** Who a reminder is addressed to: the obligation's responsible person, or its unit's head. */
export type ToRole = 'responsible' | 'unit_head';
/** Who is in copy: the unit's head, or leadership's designated address (lãnh đạo sở). */
export type CcRole = 'unit_head' | 'leadership';

export interface StagePolicy {
  stage: Stage;
  /**
   * Working days from the due date: `before` n → `WD(due, −n)`, `escalation` n → `WD(due, +n)`;
   * always 0 for `due`.
   */
  workingDays: number;
  to: ToRole;
  cc: CcRole[];
}

export interface ReminderPolicy {
  /** The slot's local time, minutes after midnight (08:00 → 480). */
  slotMinutes: number;
  /** Office hours, minutes after local midnight, [start, end): nothing is sent outside them. */
  officeHours: { startMinutes: number; endMinutes: number };
  /**
   * Leadership's designated mailbox (a recipient with no person), for `cc: ["leadership"]`; null:
   * that copy is left out.
   */
  leadership: Recipient | null;
  /** Stages per rule; a rule that is absent gets no reminders. */
  rules: Partial<Record<RemindableRule, StagePolicy[]>>;
}

/** `08:00` */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
