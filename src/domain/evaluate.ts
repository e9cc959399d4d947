/**
 * One evaluation: every rule over the dataset as of one instant (DOMAIN.md §2–§4). The CLI's
 * `evaluate` and the service call this same function.
 */
import type { WorkingCalendar } from './calendar/calendar.js';
import type { Dataset, MailboxObservation } from './model.js';
import { isSecret } from './model.js';
import { digitalSignatureRule } from './rules/digital-signature.rule.js';
import { documentChannelRule } from './rules/document-channel.rule.js';
import type { EvaluationContext } from './rules/evaluation-context.js';
import type { Exemption, Obligation } from './rules/obligation.js';
import { officialMailboxRules } from './rules/official-mailbox.rule.js';
import { planRule } from './rules/plan.rule.js';
import { reviewRoundsRule } from './rules/review-rounds.rule.js';
import { staffSubmissionRule } from './rules/staff-submission.rule.js';
import { submissionDetails } from './rules/submission-details.js';
import { submissionSchedule } from './rules/submission-schedule.js';
import type { TaskFacts } from './rules/task-facts.js';
import { taskFacts } from './rules/task-facts.js';
import { unitSubmissionRule } from './rules/unit-submission.rule.js';
import { weeklyScheduleRules } from './rules/weekly-schedule.rule.js';
import type { Campaign } from './scoring/campaign.js';
import { phaseLocator } from './scoring/campaign.js';
import { withCountableDates } from './countable-dates.js';
import type { Staleness } from './freshness.js';
import { applyStaleness } from './freshness.js';
import type { Day, Instant } from './time.js';
import { formatInstant, localDay } from './time.js';

export interface EvaluationInput {
  dataset: Dataset;
  asOf: Instant;
  calendar: WorkingCalendar;
  campaigns: Campaign[];
  officialDomain: string;
  /** Configured start of monitoring; null derives it from the data (DOMAIN.md §2). */
  trackingStart: Day | null;
  exemptions?: Exemption[];
  /**
   * Exemptions made up to this instant apply; default as-of. A review snapshot judges a phase as of
   * its last second but with the council's exemptions made since, up to the freeze.
   */
  exemptionsUntil?: Instant;
  /**
   * The stale sources (issue 13, domain/freshness.ts): a late or overdue verdict resting on one of
   * them is judged `unknown`. Absent, the evaluation is DOMAIN.md's, unchanged.
   */
  staleness?: Staleness;
}

export interface Evaluation {
  asOf: Instant;
  trackingStart: Day | null;
  /** In no particular order; callers sort for output. */
  obligations: Obligation[];
  /** Years whose days off were derived rather than announced, among those the evaluation used. */
  derivedYears: number[];
}

export function evaluate(given: EvaluationInput): Evaluation {
  // One record's impossible date must not stop the agency's evaluation (countable-dates.ts).
  const input = { ...given, dataset: withCountableDates(given.dataset) };
  const ctx = buildContext(input);
  const out: Obligation[] = [];

  const factsByTask = new Map<string, TaskFacts | null>();
  for (const task of input.dataset.tasks.values()) {
    const facts = taskFacts(task, ctx);
    factsByTask.set(task.id, facts);
    if (facts === null) continue;
    const plan = planRule(facts, ctx);
    if (plan !== null) out.push(plan);
  }

  // A draft exists when its task does; a cancelled or confidential task takes its drafts with it.
  for (const draft of input.dataset.drafts.values()) {
    const facts = factsByTask.get(draft.taskId);
    if (facts == null || draft.secret === true) continue;
    const schedule = submissionSchedule(draft, facts, ctx.asOf, ctx.calendar);
    if (schedule.S !== null || schedule.U !== null) {
      // One details object for both submissions: the same dates explain both.
      const details = submissionDetails(schedule, facts, ctx);
      const staff = staffSubmissionRule(draft, schedule, details, ctx);
      if (staff !== null) out.push(staff);
      const unit = unitSubmissionRule(draft, schedule, details, ctx);
      if (unit !== null) out.push(unit);
    }
    out.push(reviewRoundsRule(draft, facts, ctx));
  }

  for (const doc of input.dataset.documents.values()) {
    if (isSecret(doc)) continue;
    const own = doc.direction === 'incoming' ? doc.receivedAt : doc.issuedAt;
    if (own === null || own > ctx.asOf) continue;
    const ownDay = localDay(own);
    out.push(documentChannelRule(doc, own, ownDay));
    if (doc.direction === 'outgoing') out.push(digitalSignatureRule(doc, own, ownDay));
  }

  officialMailboxRules(ctx, out);
  weeklyScheduleRules(ctx, out);

  const exemptions = new Map<string, Exemption>();
  const exemptionsUntil = input.exemptionsUntil ?? ctx.asOf;
  for (const e of input.exemptions ?? []) if (e.at <= exemptionsUntil) exemptions.set(e.obligationId, e);
  for (const ob of out) {
    if (ob.phaseId === null && ob.anchor !== null) ob.phaseId = ctx.phaseAt(ob.anchor)?.id ?? null;
    const exemption = exemptions.get(ob.id);
    if (exemption !== undefined) {
      // Evidence stays: the status it would have had is kept beside the excuse. A copy, since
      // the two submissions of a draft share one details object.
      ob.details = {
        ...ob.details,
        exemptedStatus: ob.status,
        exemptedBy: exemption.by,
        exemptionReason: exemption.reason,
        exemptedAt: formatInstant(exemption.at),
      };
      ob.status = 'exempt';
      ob.workingDaysLate = null;
    }
  }

  if (input.staleness !== undefined) applyStaleness(out, input.dataset, input.staleness);

  return {
    asOf: input.asOf,
    trackingStart: ctx.trackingStart,
    obligations: out,
    derivedYears: input.calendar.derivedYearsUsed(),
  };
}

function buildContext(input: EvaluationInput): EvaluationContext {
  const phases = input.campaigns.flatMap((c) => c.phases);
  const mailboxesByPerson = new Map<string, MailboxObservation[]>();
  for (const seen of input.dataset.mailboxes) {
    const list = mailboxesByPerson.get(seen.personId);
    if (list === undefined) mailboxesByPerson.set(seen.personId, [seen]);
    else list.push(seen);
  }
  return {
    asOf: input.asOf,
    asOfDay: localDay(input.asOf),
    calendar: input.calendar,
    dataset: input.dataset,
    officialDomain: input.officialDomain.trim().toLowerCase(),
    trackingStart: input.trackingStart ?? derivedTrackingStart(input.dataset, input.asOf),
    phases,
    campaigns: input.campaigns,
    mailboxesByPerson,
    phaseAt: phaseLocator(phases),
  };
}

/**
 * DOMAIN.md §2: the earliest local date among the own times of the non-confidential records that
 * exist as of as-of: tasks' assignment, incoming documents' receipt, outgoing documents' issue,
 * schedules' publication. A task that handles a confidential document counts as confidential.
 */
export function derivedTrackingStart(dataset: Dataset, asOf: Instant): Day | null {
  let earliest = Infinity;
  const consider = (instant: Instant | null) => {
    if (instant !== null && instant <= asOf && instant < earliest) earliest = instant;
  };
  for (const task of dataset.tasks.values()) {
    if (task.secret === true) continue;
    const doc = task.documentId === null ? undefined : dataset.documents.get(task.documentId);
    if (doc !== undefined && isSecret(doc)) continue;
    consider(task.assignedAt);
  }
  for (const doc of dataset.documents.values()) {
    if (isSecret(doc)) continue;
    consider(doc.direction === 'incoming' ? doc.receivedAt : doc.issuedAt);
  }
  for (const schedule of dataset.weeklySchedules.values()) consider(schedule.publishedAt);
  return earliest === Infinity ? null : localDay(earliest);
}
