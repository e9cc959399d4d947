import type { Person } from '../model.js';
import type { Phase } from '../scoring/campaign.js';
import type { Instant } from '../time.js';
import { localDay } from '../time.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { Obligation } from './obligation.js';

/** On the official domain: the part after `@` equals it, ignoring case; a subdomain is another domain. */
export function isOfficialAddress(address: string | null, officialDomain: string): boolean {
  if (address === null) return false;
  const at = address.lastIndexOf('@');
  return (
    at >= 0 &&
    address
      .slice(at + 1)
      .trim()
      .toLowerCase() === officialDomain
  );
}

/**
 * §3.8 — every official uses the official mailbox, judged per campaign phase.
 * "Tỷ lệ cán bộ, công chức, viên chức sử dụng hộp thư điện tử công vụ: 100%"
 */
export function officialMailboxRule(person: Person, phase: Phase, ctx: EvaluationContext): Obligation {
  let hasOfficial = isOfficialAddress(person.email, ctx.officialDomain);
  let firstActivity: Instant | null = null;
  for (const seen of ctx.mailboxesByPerson.get(person.id) ?? []) {
    // An observation of activity after as-of was not known then.
    if (seen.lastActiveAt !== null && seen.lastActiveAt > ctx.asOf) continue;
    if (!isOfficialAddress(seen.address, ctx.officialDomain)) continue;
    hasOfficial = true;
    if (seen.lastActiveAt === null) continue;
    const day = localDay(seen.lastActiveAt);
    if (
      day >= phase.start &&
      day <= phase.end &&
      (firstActivity === null || seen.lastActiveAt < firstActivity)
    ) {
      firstActivity = seen.lastActiveAt;
    }
  }

  let status: Obligation['status'];
  let finding: string;
  if (!hasOfficial) {
    status = 'violated';
    finding = 'no_official_mailbox';
  } else if (firstActivity !== null) {
    status = 'met';
    finding = 'active_in_phase';
  } else if (phase.end < ctx.asOfDay) {
    status = 'violated';
    finding = 'no_activity_in_phase';
  } else {
    status = 'pending';
    finding = 'no_activity_yet';
  }
  const subjectId = `${person.id}:${phase.id}`;
  return {
    id: `official_mailbox:${subjectId}`,
    rule: 'official_mailbox',
    subjectId,
    unitId: person.unitId,
    personId: person.id,
    dueDate: null,
    status,
    doneAt: firstActivity,
    workingDaysLate: null,
    tight: false,
    anchor: null,
    phaseId: phase.id,
    details: { officialDomain: ctx.officialDomain, finding },
  };
}

/** One obligation per active person per phase that overlaps [trackingStart, as-of]. */
export function officialMailboxRules(ctx: EvaluationContext, out: Obligation[]): void {
  if (ctx.trackingStart === null) return;
  const start = ctx.trackingStart;
  const phases = ctx.phases.filter((p) => p.end >= start && p.start <= ctx.asOfDay);
  if (phases.length === 0) return;
  for (const person of ctx.dataset.people.values()) {
    if (!person.active) continue;
    for (const phase of phases) out.push(officialMailboxRule(person, phase, ctx));
  }
}
