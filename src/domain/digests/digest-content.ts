/**
 * What a weekly digest says, as data: for a unit head, the unit's last week and phase-to-date
 * figures per rule against the 100 % targets, its score and rank among the units, what is
 * overdue, what falls due in the next 5 working days, a per-person table and a trend per week;
 * for leadership, every unit side by side (DOMAIN.md §1, §5). Pure: the obligations come from an
 * evaluation as of the digest's slot, the composer turns this into mail.
 *
 * Confidential work never reaches a digest (DOMAIN.md §4). The engine makes no obligation for it;
 * this module drops anything whose subject it cannot show to be non-confidential, in case.
 */
import type { Recipient } from '../recipient.js';
import type { WorkingCalendar } from '../calendar/calendar.js';
import type { Dataset, Person, JobRole } from '../model.js';
import { isSecret } from '../model.js';
import type { Obligation, RuleId } from '../rules/obligation.js';
import { RULES, isJudged } from '../rules/obligation.js';
import type { Campaign, Grade, Phase } from '../scoring/campaign.js';
import { computeScores } from '../scoring/score.js';
import type { Day, Instant, IsoWeek } from '../time.js';
import { formatIsoWeek, isoWeekOf, localDay, mondayOfIsoWeek } from '../time.js';
import { workingDaysFrom } from './digest-schedule.js';

/** Every rule's target is 100 % (the seed: "100 %" for each indicator). */
export const DIGEST_TARGET = 1;
export const TREND_WEEKS = 8;
export const HORIZON_WORKING_DAYS = 5;

export interface Tally {
  judged: number;
  met: number;
  /** met / judged; null when nothing was judged. */
  rate: number | null;
}

export interface RuleFigures extends Tally {
  rule: RuleId;
}

/** What an item is about, enough for a person to find it; never anything confidential. */
export type SubjectRef =
  /** `title`: the task's own, else its document's subject (trích yếu); `number`: the document's. */
  /** `taskId`: the task, for its office-system link; null when none, or its document is confidential. */
  | { kind: 'task'; id: string; title: string | null; number: string | null; taskId: string | null }
  | { kind: 'draft'; id: string; title: string | null; number: string | null; taskId: string | null }
  | { kind: 'document'; id: string; number: string | null; subject: string | null }
  | { kind: 'schedule'; week: string }
  | { kind: 'mailbox'; personName: string | null };

export interface DigestItem {
  obligationId: string;
  rule: RuleId;
  subject: SubjectRef;
  unitId: string;
  personId: string | null;
  personName: string | null;
  dueDate: Day;
  workingDaysLate: number | null;
  tight: boolean;
  extended: boolean;
}

export interface Standing {
  score: number;
  grade: Grade;
  /** 1 = best; units with the same score share a rank. 0: the leadership's own unit, scored, not ranked. */
  rank: number;
  /** How many units are ranked in the phase. */
  of: number;
}

export interface PersonRow {
  personId: string;
  name: string | null;
  role: JobRole | null;
  isHead: boolean;
  lastWeek: Tally;
  /** The person's score in the phase (over all their obligations), when they have one. */
  phaseScore: { score: number; grade: Grade } | null;
  overdue: number;
  dueSoon: number;
}

export interface TrendPoint extends Tally {
  week: string;
  monday: Day;
}

export interface HorizonDay {
  day: Day;
  working: boolean;
  reason: string | null;
  reasonEn: string | null;
}

export interface DigestPeriod {
  /** The reported ISO week, `2025-W11`. */
  week: string;
  monday: Day;
  sunday: Day;
  /** The slot instant the figures are as of. */
  asOf: Instant;
  /** The campaign phase the reported week belongs to, when it belongs to one. */
  phase: Pick<Phase, 'id' | 'name' | 'start' | 'end' | 'review'> | null;
  /** "Due in the next 5 working days": [from, to], and the days off or make-up days inside it. */
  horizon: { from: Day; to: Day; exceptions: HorizonDay[] };
}

export interface UnitDigest {
  kind: 'unit';
  period: DigestPeriod;
  unit: { id: string; name: string };
  head: { id: string; name: string | null } | null;
  /** Every rule in DOMAIN.md order; a rule with nothing judged has judged 0 and rate null. */
  lastWeek: RuleFigures[];
  lastWeekTotal: Tally;
  phaseToDate: RuleFigures[];
  phaseTotal: Tally;
  standing: Standing | null;
  overdue: DigestItem[];
  dueSoon: DigestItem[];
  people: PersonRow[];
  trend: TrendPoint[];
  /** Present only while a source is stale. */
  staleSources?: StaleSourceNote[];
}

export interface UnitSummary {
  unit: { id: string; name: string };
  headName: string | null;
  /** The leadership's own unit (Ban Giám đốc): shown, not ranked among the units. */
  leadership: boolean;
  lastWeek: Tally;
  phaseToDate: RuleFigures[];
  phaseTotal: Tally;
  standing: Standing | null;
  overdue: number;
  dueSoon: number;
}

export interface LeadershipDigest {
  kind: 'leadership';
  period: DigestPeriod;
  /** Ranked units first (best first), then the unranked, then the leadership's own unit. */
  units: UnitSummary[];
  lastWeek: RuleFigures[];
  lastWeekTotal: Tally;
  phaseToDate: RuleFigures[];
  phaseTotal: Tally;
  overdue: number;
  dueSoon: number;
  trend: TrendPoint[];
  /** Present only while a source is stale. */
  staleSources?: StaleSourceNote[];
}

/**
 * A source that is stale as of the digest (docs/freshness.md): since when, and how many of the
 * digest's obligations wait on it (judged `unknown`, counted in no figure).
 */
export interface StaleSourceNote {
  source: string;
  /** Its last good sync or push; null when it never had one. */
  since: Instant | null;
  waiting: number;
}

export type Digest = UnitDigest | LeadershipDigest;

export interface DigestInput {
  /** The reported week. */
  week: IsoWeek;
  /** The digest's slot: the evaluation behind `obligations` is as of this instant. */
  asOf: Instant;
  obligations: Iterable<Obligation>;
  dataset: Pick<Dataset, 'units' | 'people' | 'tasks' | 'drafts' | 'documents'>;
  campaigns: Campaign[];
  calendar: WorkingCalendar;
  trendWeeks?: number;
  horizonWorkingDays?: number;
  /** The stale sources and their last good sync, when the evaluation was given them. */
  staleSources?: ReadonlyMap<string, Instant | null>;
}

/** Everything the digests of one week share, computed once for all units. */
export interface DigestBasis {
  period: DigestPeriod;
  dataset: DigestInput['dataset'];
  /** Non-confidential obligations with a unit, per unit. */
  byUnit: Map<string, Obligation[]>;
  unitStanding: Map<string, Standing>;
  personScore: Map<string, { score: number; grade: Grade }>;
  leadershipUnits: Set<string>;
  trendMondays: Day[];
  staleSources: ReadonlyMap<string, Instant | null>;
}

// ---------------------------------------------------------------------------------------------
// Who reads what

/** The leadership's own unit: one whose head, or any member, is a leader (giám đốc). */
export function leadershipUnitIds(dataset: Pick<Dataset, 'units' | 'people'>): Set<string> {
  const ids = new Set<string>();
  for (const unit of dataset.units.values()) {
    const head = unit.headId === null ? undefined : dataset.people.get(unit.headId);
    if (head?.role === 'leader') ids.add(unit.id);
  }
  for (const person of dataset.people.values()) if (person.role === 'leader') ids.add(person.unitId);
  return ids;
}

const recipientOf = (p: Person | undefined): Recipient | null =>
  p !== undefined && p.active && p.email !== null && p.email.includes('@')
    ? { personId: p.id, name: p.name, address: p.email }
    : null;

/** A unit digest goes to the unit's head, when the head is active and has an address. */
export function unitDigestRecipients(
  dataset: Pick<Dataset, 'units' | 'people'>,
  unitId: string,
): Recipient[] {
  const headId = dataset.units.get(unitId)?.headId ?? null;
  const head = recipientOf(headId === null ? undefined : dataset.people.get(headId));
  return head === null ? [] : [head];
}

/**
 * The leadership digest goes to the department's leadership (lãnh đạo sở: giám đốc, phó giám
 * đốc): every leader, and the heads and deputies of the leadership's own unit.
 */
export function leadershipRecipients(dataset: Pick<Dataset, 'units' | 'people'>): Recipient[] {
  const own = leadershipUnitIds(dataset);
  const out: Recipient[] = [];
  for (const p of dataset.people.values()) {
    const leads =
      p.role === 'leader' || (own.has(p.unitId) && (p.role === 'unit_head' || p.role === 'deputy_head'));
    const r = leads ? recipientOf(p) : null;
    if (r !== null) out.push(r);
  }
  // The director first, then by name: the order of the To: line.
  const rank = (r: Recipient) => (dataset.people.get(r.personId ?? '')?.role === 'leader' ? 0 : 1);
  return out.sort(
    (a, b) => rank(a) - rank(b) || byName(a.name, b.name) || cmp(a.personId ?? '', b.personId ?? ''),
  );
}

/** The units that get a unit digest: every unit but the leadership's own (it reads the leadership one). */
export function digestUnitIds(dataset: Pick<Dataset, 'units' | 'people'>): string[] {
  const own = leadershipUnitIds(dataset);
  return [...dataset.units.keys()].filter((id) => !own.has(id)).sort(cmp);
}

// ---------------------------------------------------------------------------------------------
// The shared basis

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '', 'vi');

/**
 * True unless the obligation's subject is known and not confidential. Obligations of a
 * confidential document, of a task handling one, or of such a task's drafts never leave here.
 */
export function isHiddenSubject(ob: Obligation, dataset: DigestInput['dataset']): boolean {
  const secretDocument = (id: string | null) => {
    if (id === null) return false;
    const doc = dataset.documents.get(id);
    return doc !== undefined && isSecret(doc);
  };
  const hiddenTask = (taskId: string) => {
    const task = dataset.tasks.get(taskId);
    return task === undefined || task.secret === true || secretDocument(task.documentId);
  };
  switch (ob.rule) {
    case 'plan':
      return hiddenTask(ob.subjectId);
    case 'staff_submission':
    case 'unit_submission':
    case 'review_rounds': {
      const draft = dataset.drafts.get(ob.subjectId);
      return draft === undefined || draft.secret === true || hiddenTask(draft.taskId);
    }
    case 'document_channel':
    case 'digital_signature': {
      const doc = dataset.documents.get(ob.subjectId);
      return doc === undefined || isSecret(doc);
    }
    case 'official_mailbox':
    case 'weekly_schedule':
      return false;
  }
}

/** The phase of the reported week: the one holding its last working day (else any of its days). */
function phaseOfWeek(monday: Day, campaigns: Campaign[], calendar: WorkingCalendar): DigestPeriod['phase'] {
  const phases = campaigns.flatMap((c) => c.phases);
  const at = (d: Day) => phases.find((p) => p.start <= d && d <= p.end) ?? null;
  let fallback: Phase | null = null;
  for (let d = monday + 6; d >= monday; d--) {
    const phase = at(d);
    if (phase !== null && calendar.isWorkingDay(d)) return pickPhase(phase);
    fallback ??= phase;
  }
  return fallback === null ? null : pickPhase(fallback);
}

const pickPhase = (p: Phase): NonNullable<DigestPeriod['phase']> => ({
  id: p.id,
  name: p.name,
  start: p.start,
  end: p.end,
  review: p.review,
});

export function digestBasis(input: DigestInput): DigestBasis {
  const { dataset, calendar } = input;
  const monday = mondayOfIsoWeek(input.week.year, input.week.week);
  const phase = phaseOfWeek(monday, input.campaigns, calendar);
  const asOfDay = localDay(input.asOf);
  const window = workingDaysFrom(asOfDay, input.horizonWorkingDays ?? HORIZON_WORKING_DAYS, calendar);
  const exceptions = calendar.exceptionsBetween(asOfDay, window.to).map((info) => ({
    day: info.day,
    working: info.working,
    reason: info.reason,
    reasonEn: info.reasonEn,
  }));

  const safe: Obligation[] = [];
  const byUnit = new Map<string, Obligation[]>();
  for (const ob of input.obligations) {
    if (ob.unitId === null || isHiddenSubject(ob, dataset)) continue;
    safe.push(ob);
    const list = byUnit.get(ob.unitId);
    if (list === undefined) byUnit.set(ob.unitId, [ob]);
    else list.push(ob);
  }

  const leadershipUnits = leadershipUnitIds(dataset);
  const unitStanding = new Map<string, Standing>();
  const personScore = new Map<string, { score: number; grade: Grade }>();
  if (phase !== null) {
    const scores = computeScores(safe, input.campaigns, dataset.people.values()).filter(
      (s) => s.phaseId === phase.id,
    );
    const ranked = scores.filter((s) => s.level === 'unit' && !leadershipUnits.has(s.id));
    for (const s of ranked) {
      const rank = 1 + ranked.filter((o) => o.score > s.score).length;
      unitStanding.set(s.id, { score: s.score, grade: s.grade, rank, of: ranked.length });
    }
    for (const s of scores) {
      if (s.level === 'person') personScore.set(s.id, { score: s.score, grade: s.grade });
      // The leadership's unit has a score but no rank among the units it leads.
      else if (leadershipUnits.has(s.id))
        unitStanding.set(s.id, { score: s.score, grade: s.grade, rank: 0, of: ranked.length });
    }
  }

  const weeks = input.trendWeeks ?? TREND_WEEKS;
  const trendMondays = Array.from({ length: weeks }, (_, i) => monday - 7 * (weeks - 1 - i));
  return {
    period: {
      week: formatIsoWeek(input.week),
      monday,
      sunday: monday + 6,
      asOf: input.asOf,
      phase,
      horizon: { from: window.from, to: window.to, exceptions },
    },
    dataset,
    byUnit,
    unitStanding,
    personScore,
    leadershipUnits,
    trendMondays,
    staleSources: input.staleSources ?? new Map(),
  };
}

// ---------------------------------------------------------------------------------------------
// Figures

class Counter {
  judged = new Array<number>(RULES.length).fill(0);
  met = new Array<number>(RULES.length).fill(0);

  add(ob: Obligation): void {
    const i = RULES.indexOf(ob.rule);
    this.judged[i]++;
    if (ob.status === 'met') this.met[i]++;
  }

  rules(): RuleFigures[] {
    return RULES.map((rule, i) => ({ rule, ...tally(this.judged[i], this.met[i]) }));
  }

  total(): Tally {
    return tally(
      this.judged.reduce((a, b) => a + b, 0),
      this.met.reduce((a, b) => a + b, 0),
    );
  }
}

const tally = (judged: number, met: number): Tally => ({
  judged,
  met,
  rate: judged === 0 ? null : met / judged,
});

const inWeek = (ob: Obligation, monday: Day) =>
  ob.anchor !== null && ob.anchor >= monday && ob.anchor <= monday + 6;

interface UnitFigures {
  lastWeek: Counter;
  phase: Counter;
  overdue: Obligation[];
  dueSoon: Obligation[];
  trend: Counter[];
}

function figuresOf(obligations: Obligation[], basis: DigestBasis): UnitFigures {
  const { period, trendMondays } = basis;
  const first = trendMondays[0];
  const out: UnitFigures = {
    lastWeek: new Counter(),
    phase: new Counter(),
    overdue: [],
    dueSoon: [],
    trend: trendMondays.map(() => new Counter()),
  };
  for (const ob of obligations) {
    if (ob.status === 'overdue') out.overdue.push(ob);
    if (
      ob.status === 'pending' &&
      ob.dueDate !== null &&
      ob.dueDate >= period.horizon.from &&
      ob.dueDate <= period.horizon.to
    )
      out.dueSoon.push(ob);
    if (!isJudged(ob.status)) continue;
    if (inWeek(ob, period.monday)) out.lastWeek.add(ob);
    if (period.phase !== null && ob.phaseId === period.phase.id) out.phase.add(ob);
    if (ob.anchor !== null && ob.anchor >= first && ob.anchor <= period.sunday) {
      out.trend[Math.floor((ob.anchor - first) / 7)].add(ob);
    }
  }
  return out;
}

function trendOf(counters: Counter[], mondays: Day[]): TrendPoint[] {
  return counters.map((c, i) => ({
    week: formatIsoWeek(isoWeekOf(mondays[i])),
    monday: mondays[i],
    ...c.total(),
  }));
}

/**
 * What a person knows a task by: its title, else its document's subject, and the document's
 * number; a confidential document lends neither (DOMAIN.md §4).
 */
function taskNames(
  taskId: string,
  dataset: DigestInput['dataset'],
): { title: string | null; number: string | null; taskId: string | null } {
  const task = dataset.tasks.get(taskId);
  const doc = task?.documentId == null ? undefined : dataset.documents.get(task.documentId);
  const open = doc !== undefined && !isSecret(doc) ? doc : null;
  const title = task?.title?.trim() || open?.subject?.trim() || null;
  const secret = doc !== undefined && isSecret(doc);
  return {
    title,
    number: open?.number?.trim() || null,
    taskId: task === undefined || secret ? null : taskId,
  };
}

function subjectOf(ob: Obligation, dataset: DigestInput['dataset']): SubjectRef {
  switch (ob.rule) {
    case 'plan':
      return { kind: 'task', id: ob.subjectId, ...taskNames(ob.subjectId, dataset) };
    case 'staff_submission':
    case 'unit_submission':
    case 'review_rounds': {
      const taskId = dataset.drafts.get(ob.subjectId)?.taskId;
      const names =
        taskId === undefined ? { title: null, number: null, taskId: null } : taskNames(taskId, dataset);
      return { kind: 'draft', id: ob.subjectId, ...names };
    }
    case 'document_channel':
    case 'digital_signature': {
      const doc = dataset.documents.get(ob.subjectId);
      const open = doc !== undefined && !isSecret(doc) ? doc : null;
      return {
        kind: 'document',
        id: ob.subjectId,
        number: open?.number ?? null,
        subject: open?.subject ?? null,
      };
    }
    case 'weekly_schedule':
      return { kind: 'schedule', week: String(ob.details.week ?? ob.subjectId.split(':').pop()) };
    case 'official_mailbox':
      return {
        kind: 'mailbox',
        personName: ob.personId === null ? null : (dataset.people.get(ob.personId)?.name ?? null),
      };
  }
}

function itemsOf(obligations: Obligation[], dataset: DigestInput['dataset']): DigestItem[] {
  return obligations
    .filter((ob) => ob.dueDate !== null)
    .map((ob) => ({
      obligationId: ob.id,
      rule: ob.rule,
      subject: subjectOf(ob, dataset),
      unitId: ob.unitId!,
      personId: ob.personId,
      personName: ob.personId === null ? null : (dataset.people.get(ob.personId)?.name ?? null),
      dueDate: ob.dueDate!,
      workingDaysLate: ob.workingDaysLate,
      tight: ob.tight,
      extended: ob.details.extended === true,
    }))
    .sort((a, b) => a.dueDate - b.dueDate || cmp(a.obligationId, b.obligationId));
}

function peopleOf(unitId: string, obligations: Obligation[], basis: DigestBasis): PersonRow[] {
  const { dataset, period } = basis;
  const headId = dataset.units.get(unitId)?.headId ?? null;
  const ids = new Set<string>();
  for (const p of dataset.people.values()) if (p.unitId === unitId && p.active) ids.add(p.id);
  const own = new Map<string, Obligation[]>();
  for (const ob of obligations) {
    if (ob.personId === null) continue;
    ids.add(ob.personId);
    const list = own.get(ob.personId);
    if (list === undefined) own.set(ob.personId, [ob]);
    else list.push(ob);
  }
  const rows = [...ids].map((id): PersonRow => {
    const person = dataset.people.get(id);
    const f = figuresOf(own.get(id) ?? [], basis);
    return {
      personId: id,
      name: person?.name ?? null,
      role: person?.role ?? null,
      isHead: id === headId,
      lastWeek: f.lastWeek.total(),
      phaseScore: period.phase === null ? null : (basis.personScore.get(id) ?? null),
      overdue: f.overdue.length,
      dueSoon: f.dueSoon.length,
    };
  });
  return rows.sort(
    (a, b) => Number(b.isHead) - Number(a.isHead) || byName(a.name, b.name) || cmp(a.personId, b.personId),
  );
}

/** The digest a unit head reads. */
export function unitDigest(basis: DigestBasis, unitId: string): UnitDigest {
  const unit = basis.dataset.units.get(unitId);
  if (unit === undefined) throw new Error(`unit ${unitId} is not in the data`);
  const obligations = basis.byUnit.get(unitId) ?? [];
  const f = figuresOf(obligations, basis);
  const head = unit.headId === null ? undefined : basis.dataset.people.get(unit.headId);
  return {
    kind: 'unit',
    period: basis.period,
    unit: { id: unit.id, name: unit.name },
    head: unit.headId === null ? null : { id: unit.headId, name: head?.name ?? null },
    lastWeek: f.lastWeek.rules(),
    lastWeekTotal: f.lastWeek.total(),
    phaseToDate: f.phase.rules(),
    phaseTotal: f.phase.total(),
    standing: basis.unitStanding.get(unitId) ?? null,
    overdue: itemsOf(f.overdue, basis.dataset),
    dueSoon: itemsOf(f.dueSoon, basis.dataset),
    people: peopleOf(unitId, obligations, basis),
    trend: trendOf(f.trend, basis.trendMondays),
    ...staleNotes(obligations, basis),
  };
}

/** Which sources are stale, and how many of these obligations wait on each; nothing when none is. */
function staleNotes(obligations: Obligation[], basis: DigestBasis): { staleSources?: StaleSourceNote[] } {
  if (basis.staleSources.size === 0) return {};
  const waiting = new Map<string, number>();
  for (const ob of obligations) {
    if (ob.status !== 'unknown') continue;
    const source = String(ob.details.staleSource);
    waiting.set(source, (waiting.get(source) ?? 0) + 1);
  }
  return {
    staleSources: [...basis.staleSources.entries()]
      .sort(([a], [b]) => cmp(a, b))
      .map(([source, since]) => ({ source, since, waiting: waiting.get(source) ?? 0 })),
  };
}

/** The digest leadership reads: every unit side by side, and the department's totals. */
export function leadershipDigest(basis: DigestBasis): LeadershipDigest {
  const all: Obligation[] = [];
  const units: UnitSummary[] = [];
  for (const unit of basis.dataset.units.values()) {
    const obligations = basis.byUnit.get(unit.id) ?? [];
    all.push(...obligations);
    const f = figuresOf(obligations, basis);
    units.push({
      unit: { id: unit.id, name: unit.name },
      headName: unit.headId === null ? null : (basis.dataset.people.get(unit.headId)?.name ?? null),
      leadership: basis.leadershipUnits.has(unit.id),
      lastWeek: f.lastWeek.total(),
      phaseToDate: f.phase.rules(),
      phaseTotal: f.phase.total(),
      standing: basis.unitStanding.get(unit.id) ?? null,
      overdue: f.overdue.length,
      dueSoon: f.dueSoon.length,
    });
  }
  const order = (u: UnitSummary) => (u.leadership ? 2 : u.standing === null ? 1 : 0);
  units.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.standing?.rank ?? 0) - (b.standing?.rank ?? 0) ||
      byName(a.unit.name, b.unit.name) ||
      cmp(a.unit.id, b.unit.id),
  );
  const f = figuresOf(all, basis);
  return {
    kind: 'leadership',
    period: basis.period,
    units,
    lastWeek: f.lastWeek.rules(),
    lastWeekTotal: f.lastWeek.total(),
    phaseToDate: f.phase.rules(),
    phaseTotal: f.phase.total(),
    overdue: f.overdue.length,
    dueSoon: f.dueSoon.length,
    trend: trendOf(f.trend, basis.trendMondays),
    ...staleNotes(all, basis),
  };
}
