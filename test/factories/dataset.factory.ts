/**
 * Builders for normalized records, written the way a person reads them: dates as 'YYYY-MM-DD',
 * instants as ISO strings (a bare 'YYYY-MM-DD HH:mm' means local time, +07:00).
 */
import type { Staleness } from '../../src/domain/freshness.js';
import { join } from 'node:path';
import { loadDomainConfig } from '../../src/config/domain-config.loader.js';
import { projectRoot } from '../../src/config/project-root.js';
import type { CalendarOptions, WorkingCalendar } from '../../src/domain/calendar/calendar.js';
import { buildCalendar } from '../../src/domain/calendar/working-calendar.js';
import type { Evaluation } from '../../src/domain/evaluate.js';
import { evaluate } from '../../src/domain/evaluate.js';
import type {
  Dataset,
  Draft,
  MailboxObservation,
  OpenDocument,
  Person,
  SecretDocument,
  Task,
  TimeBasis,
  Unit,
  WeeklySchedule,
} from '../../src/domain/model.js';
import { emptyDataset } from '../../src/domain/model.js';
import type { Exemption, Obligation } from '../../src/domain/rules/obligation.js';
import type { Campaign } from '../../src/domain/scoring/campaign.js';
import type { Day, Instant } from '../../src/domain/time.js';
import { formatDay, parseDay, parseInstant } from '../../src/domain/time.js';

export function day(text: string): Day {
  const d = parseDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
}

export function at(text: string): Instant {
  const full = /[zZ]|[+-]\d{2}:\d{2}$/.test(text)
    ? text
    : text.replace(' ', 'T') + (text.length <= 16 ? ':00' : '') + '+07:00';
  const i = parseInstant(full);
  if (i === null) throw new Error(`bad test instant ${text}`);
  return i;
}

const maybeAt = (t: string | null | undefined) => (t == null ? null : at(t));
const maybeDay = (t: string | null | undefined) => (t == null ? null : day(t));

export const config = loadDomainConfig(join(projectRoot(), 'config'));

export function calendar(overrides: Partial<CalendarOptions> = {}): WorkingCalendar {
  return buildCalendar({ ...config.calendar, ...overrides });
}

export interface Spec {
  units?: Partial<Unit>[];
  people?: (Partial<Person> & { id: string })[];
  documents?: DocSpec[];
  tasks?: TaskSpec[];
  drafts?: DraftSpec[];
  schedules?: { unitId: string; week: string; publishedAt: string }[];
  mailboxes?: { personId: string; address: string; lastActiveAt: string | null }[];
}

export interface DocSpec {
  id: string;
  direction?: 'incoming' | 'outgoing';
  confidentiality?: 'normal' | 'confidential' | 'secret' | 'top_secret';
  date?: string;
  receivedAt?: string | null;
  issuedAt?: string | null;
  deadline?: string | null;
  channel?: 'electronic' | 'paper';
  signatures?: { agency: boolean; signer: boolean };
  unitId?: string | null;
  legalNormative?: boolean;
  number?: string;
  subject?: string;
  timeBasis?: TimeBasis;
}

export interface TaskSpec {
  id: string;
  documentId?: string | null;
  unitId?: string;
  assigneeId?: string | null;
  assignedAt: string;
  deadline?: string | null;
  deadlineChanges?: { deadline: string; at: string }[];
  plan?: { reportedAt: string | null; targetDate: string | null } | null;
  cancelledAt?: string | null;
}

export interface DraftSpec {
  id: string;
  taskId: string;
  drafterId?: string;
  unitId?: string;
  legalNormative?: boolean | null;
  unitDeadline?: string | null;
  submittedToUnitAt?: string | null;
  submittedToLeadershipAt?: string | null;
  reviewRounds?: string[];
  issuedAt?: string | null;
}

/** A small agency: unit VP (head TP), staff CV; anything in the spec is added on top. */
export function dataset(spec: Spec = {}): Dataset {
  const ds = emptyDataset();
  const units: Unit[] = [
    { id: 'VP', name: 'Văn phòng Sở', parentId: null, headId: 'TP' },
    ...(spec.units ?? []).map((u) => ({
      id: u.id!,
      name: u.name ?? u.id!,
      parentId: u.parentId ?? null,
      headId: u.headId ?? null,
    })),
  ];
  for (const u of units) ds.units.set(u.id, u);
  const people: Person[] = [
    {
      id: 'TP',
      name: 'Vũ Thị Lan',
      unitId: 'VP',
      role: 'unit_head',
      email: 'lanvt@hanam.gov.vn',
      active: true,
    },
    {
      id: 'CV',
      name: 'Ngô Minh Châu',
      unitId: 'VP',
      role: 'staff',
      email: 'chaunm@hanam.gov.vn',
      active: true,
    },
    ...(spec.people ?? []).map((p) => ({
      id: p.id,
      name: p.name ?? p.id,
      unitId: p.unitId ?? 'VP',
      role: p.role ?? 'staff',
      email: p.email ?? null,
      active: p.active ?? true,
    })),
  ];
  for (const p of people) ds.people.set(p.id, p);
  for (const d of spec.documents ?? []) {
    const direction = d.direction ?? 'incoming';
    const confidentiality = d.confidentiality ?? 'normal';
    if (confidentiality !== 'normal') {
      const secret: SecretDocument = {
        id: d.id,
        confidentiality,
        direction,
        date: day(d.date ?? '2025-03-03'),
      };
      ds.documents.set(d.id, secret);
      continue;
    }
    const doc: OpenDocument = {
      id: d.id,
      confidentiality: 'normal',
      direction,
      number: d.number ?? `${d.id}/UBND-VP`,
      type: 'Công văn',
      subject: d.subject ?? `V/v ${d.id}`,
      legalNormative: d.legalNormative ?? false,
      urgency: 'normal',
      date: day(d.date ?? '2025-03-03'),
      receivedAt:
        direction === 'incoming'
          ? maybeAt(d.receivedAt === undefined ? '2025-03-03 08:00' : d.receivedAt)
          : null,
      issuedAt:
        direction === 'outgoing' ? maybeAt(d.issuedAt === undefined ? '2025-03-03 15:00' : d.issuedAt) : null,
      deadline: maybeDay(d.deadline),
      channel: d.channel ?? 'electronic',
      signatures: d.signatures ?? { agency: direction === 'outgoing', signer: direction === 'outgoing' },
      unitId: d.unitId === undefined ? 'VP' : d.unitId,
    };
    if (d.timeBasis !== undefined) doc.timeBasis = d.timeBasis;
    ds.documents.set(d.id, doc);
  }
  for (const t of spec.tasks ?? []) {
    const task: Task = {
      id: t.id,
      documentId: t.documentId ?? null,
      title: `Nhiệm vụ ${t.id}`,
      assignerId: 'GD',
      unitId: t.unitId ?? 'VP',
      assigneeId: t.assigneeId === undefined ? 'CV' : t.assigneeId,
      assignedAt: at(t.assignedAt),
      deadline: maybeDay(t.deadline),
      deadlineChanges: (t.deadlineChanges ?? []).map((c) => ({ deadline: day(c.deadline), at: at(c.at) })),
      plan: t.plan
        ? { reportedAt: maybeAt(t.plan.reportedAt), targetDate: maybeDay(t.plan.targetDate) }
        : null,
      completedAt: null,
      cancelledAt: maybeAt(t.cancelledAt),
    };
    ds.tasks.set(t.id, task);
  }
  for (const d of spec.drafts ?? []) {
    const draft: Draft = {
      id: d.id,
      taskId: d.taskId,
      drafterId: d.drafterId ?? 'CV',
      unitId: d.unitId ?? 'VP',
      legalNormative: d.legalNormative ?? null,
      unitDeadline: maybeDay(d.unitDeadline),
      submittedToUnitAt: maybeAt(d.submittedToUnitAt),
      submittedToLeadershipAt: maybeAt(d.submittedToLeadershipAt),
      reviewRounds: (d.reviewRounds ?? []).map((r) => ({ at: at(r), reviewerId: 'GD' })),
      issuedAt: maybeAt(d.issuedAt),
      outgoingDocumentId: null,
    };
    ds.drafts.set(d.id, draft);
  }
  for (const s of spec.schedules ?? []) {
    const schedule: WeeklySchedule = { unitId: s.unitId, week: s.week, publishedAt: at(s.publishedAt) };
    ds.weeklySchedules.set(`${s.unitId}|${s.week}`, schedule);
  }
  ds.mailboxes.push(
    ...(spec.mailboxes ?? []).map((m): MailboxObservation => ({
      ...m,
      lastActiveAt: maybeAt(m.lastActiveAt),
    })),
  );
  return ds;
}

export interface RunOptions {
  asOf: string;
  trackingStart?: string | null;
  campaigns?: Campaign[];
  officialDomain?: string;
  exemptions?: Exemption[];
  cal?: WorkingCalendar;
  staleness?: Staleness;
}

export function run(ds: Dataset, options: RunOptions): Evaluation {
  return evaluate({
    dataset: ds,
    asOf: at(options.asOf),
    calendar: options.cal ?? calendar(),
    campaigns: options.campaigns ?? config.campaigns,
    officialDomain: options.officialDomain ?? config.settings.officialDomain,
    trackingStart: options.trackingStart === undefined ? day('2025-01-01') : maybeDay(options.trackingStart),
    exemptions: options.exemptions,
    ...(options.staleness === undefined ? {} : { staleness: options.staleness }),
  });
}

/** The obligation with this id, or undefined. */
export function find(evaluation: Evaluation, id: string): Obligation | undefined {
  return evaluation.obligations.find((o) => o.id === id);
}

/** What a table row compares: the dates as text, so a failing row reads like the spec. */
export function summary(ob: Obligation | undefined) {
  if (ob === undefined) return undefined;
  return {
    due: ob.dueDate === null ? null : formatDay(ob.dueDate),
    status: ob.status,
    late: ob.workingDaysLate,
    tight: ob.tight,
  };
}
