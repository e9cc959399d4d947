import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUNDLE_SECTIONS,
  exportInstantOf,
  generateAgency,
  type AgencyGeneratorOptions,
  type BundleSection,
  type SectionRecord,
} from '../../../src/demo/agency-generator.js';
import { writeBundle } from '../../../src/demo/bundle-writer.js';

type Bundle = { [S in BundleSection]: SectionRecord[S][] };

const OPTIONS: AgencyGeneratorOptions = {
  seed: 20250101,
  units: 8,
  people: 80,
  targetRecords: 4000,
  from: '2025-01-01',
  to: '2025-06-30',
};

function collect(options: AgencyGeneratorOptions): Bundle {
  const bundle = Object.fromEntries(BUNDLE_SECTIONS.map((s) => [s, []])) as unknown as Bundle;
  for (const item of generateAgency(options)) (bundle[item.section] as unknown[]).push(item.record);
  return bundle;
}

const total = (b: Bundle) => BUNDLE_SECTIONS.reduce((n, s) => n + b[s].length, 0);

// The 2025 announced calendar (CALENDAR.md), written out again here so the test checks the data
// against the spec rather than against the generator's own copy.
const DAYS_OFF_2025 = new Set([
  '2025-01-01',
  '2025-01-27',
  '2025-01-28',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31',
  '2025-04-07',
  '2025-04-30',
  '2025-05-01',
  '2025-05-02',
  '2025-09-01',
  '2025-09-02',
]);
const MAKE_UP_2025 = new Set(['2025-04-26']);
const toDay = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);
const toDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
function isWorking(day: number): boolean {
  const date = toDate(day);
  if (MAKE_UP_2025.has(date)) return true;
  const weekday = new Date(day * 86_400_000).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !DAYS_OFF_2025.has(date);
}
function wdBefore(day: number, n: number): number {
  let d = day;
  for (let left = n; left > 0;) if (isWorking(--d)) left--;
  return d;
}

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('generateAgency', () => {
  let dir: string;
  let sample: Bundle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dunghan-gen-'));
    sample = collect(OPTIONS);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, options: AgencyGeneratorOptions) => {
    const path = join(dir, name);
    await writeBundle(path, generateAgency(options), {
      system: 'test',
      exportedAt: exportInstantOf(options.to),
    });
    return readFile(path);
  };

  it('gives the same bytes for the same options and different bytes for another seed', async () => {
    const a = await write('a.json', OPTIONS);
    const b = await write('b.json', { ...OPTIONS });
    const c = await write('c.json', { ...OPTIONS, seed: 20250102 });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.length).toBeGreaterThan(500_000);
  });

  it('accepts a string seed deterministically', () => {
    const one = collect({ ...OPTIONS, targetRecords: 1500, seed: 'hanam' });
    const two = collect({ ...OPTIONS, targetRecords: 1500, seed: 'hanam' });
    expect(JSON.stringify(one)).toBe(JSON.stringify(two));
  });

  it('yields the sections in bundle order', () => {
    let last = -1;
    for (const item of generateAgency({ ...OPTIONS, targetRecords: 1500 })) {
      const index = BUNDLE_SECTIONS.indexOf(item.section);
      expect(index).toBeGreaterThanOrEqual(last);
      last = index;
    }
  });

  it.each([
    ['one department', OPTIONS],
    ['several departments', { ...OPTIONS, units: 40, people: 600, targetRecords: 20_000, to: '2025-03-31' }],
  ])('makes about targetRecords records with a sensible mix (%s)', (_, options) => {
    const bundle = options === OPTIONS ? sample : collect(options);
    expect(Math.abs(total(bundle) - options.targetRecords) / options.targetRecords).toBeLessThan(0.03);
    expect(bundle.units).toHaveLength(options.units);
    expect(bundle.people).toHaveLength(options.people);
    // Most documents come with a task and most tasks with one draft.
    expect(bundle.documents.length).toBeGreaterThan(bundle.tasks.length * 1.5);
    expect(bundle.drafts.length / bundle.tasks.length).toBeGreaterThan(0.85);
    expect(bundle.drafts.length / bundle.tasks.length).toBeLessThan(1.2);
    // Nearly every unit publishes a schedule every week.
    const weeks = new Set(bundle.weeklySchedules.map((s) => s.week)).size;
    expect(bundle.weeklySchedules.length).toBeGreaterThan(weeks * options.units * 0.95);
    expect(bundle.mailboxes.length).toBeGreaterThan(options.people);
  });

  it('gives every record the fields BUNDLE.md requires, and every reference resolves', () => {
    const { units, people, documents, tasks, drafts, weeklySchedules, mailboxes } = sample;
    const unitIds = new Set(units.map((u) => u.id));
    const personIds = new Set(people.map((p) => p.id));
    const docById = new Map(documents.map((d) => [d.id, d]));
    const taskIds = new Set(tasks.map((t) => t.id));
    for (const section of ['units', 'people', 'documents', 'tasks', 'drafts'] as const) {
      const ids = sample[section].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }

    for (const u of units) {
      expect(u.name).toEqual(expect.any(String));
      expect(u.headId && personIds.has(u.headId)).toBe(true);
      if (u.parentId !== null) expect(unitIds.has(u.parentId)).toBe(true);
    }
    for (const p of people) {
      expect(unitIds.has(p.unitId)).toBe(true);
      expect(p.name).toMatch(/^\p{Lu}\p{Ll}+( \p{Lu}\p{Ll}*)+$/u);
    }
    for (const u of units) expect(people.find((p) => p.id === u.headId)!.unitId).toBe(u.id);
    for (const d of documents) {
      expect(['incoming', 'outgoing']).toContain(d.direction);
      expect(['normal', 'confidential', 'secret', 'top_secret']).toContain(d.confidentiality);
      expect(['electronic', 'paper']).toContain(d.channel);
      expect(d.date).toMatch(DATE);
      expect(d.direction === 'incoming' ? d.receivedAt : d.issuedAt).toMatch(STAMP);
      expect(d.direction === 'incoming' ? d.issuedAt : d.receivedAt).toBeNull();
      expect(toDay(d.date)).toBeLessThanOrEqual(toDay((d.receivedAt ?? d.issuedAt)!));
      expect(unitIds.has(d.unitId)).toBe(true);
    }
    for (const t of tasks) {
      expect(unitIds.has(t.unitId)).toBe(true);
      expect(t.assignedAt).toMatch(STAMP);
      if (t.documentId !== null) {
        const doc = docById.get(t.documentId);
        expect(doc?.direction).toBe('incoming');
        expect(t.assignedAt >= doc!.receivedAt!).toBe(true);
      }
      if (t.assigneeId !== null) expect(personIds.has(t.assigneeId)).toBe(true);
    }
    for (const d of drafts) {
      expect(taskIds.has(d.taskId)).toBe(true);
      expect(personIds.has(d.drafterId)).toBe(true);
      expect(unitIds.has(d.unitId)).toBe(true);
      if (d.outgoingDocumentId !== null) {
        const out = docById.get(d.outgoingDocumentId);
        expect(out?.direction).toBe('outgoing');
        expect(out?.issuedAt).toBe(d.issuedAt);
      }
      // Each step follows the previous one.
      const steps = [
        d.submittedToUnitAt,
        d.submittedToLeadershipAt,
        ...d.reviewRounds.map((r) => r.at),
        d.issuedAt,
      ].filter((s): s is string => s !== null);
      expect([...steps].sort()).toEqual(steps);
    }
    for (const s of weeklySchedules) {
      expect(unitIds.has(s.unitId)).toBe(true);
      expect(s.week).toMatch(/^\d{4}-W\d{2}$/);
      expect(s.publishedAt).toMatch(STAMP);
    }
    for (const m of mailboxes) {
      expect(personIds.has(m.personId)).toBe(true);
      expect(m.address.endsWith('@hanam.gov.vn')).toBe(true);
    }
  });

  it('writes every timestamp with +07:00, in office hours, on a working day, within the period', () => {
    const stamps: string[] = [];
    for (const d of sample.documents)
      stamps.push(...[d.receivedAt, d.issuedAt].filter((s): s is string => s !== null));
    for (const t of sample.tasks) {
      stamps.push(t.assignedAt, ...t.deadlineChanges.map((c) => c.at));
      for (const s of [t.completedAt, t.cancelledAt, t.plan?.reportedAt]) if (s) stamps.push(s);
    }
    for (const d of sample.drafts) {
      stamps.push(...d.reviewRounds.map((r) => r.at));
      for (const s of [d.submittedToUnitAt, d.submittedToLeadershipAt, d.issuedAt]) if (s) stamps.push(s);
    }
    for (const m of sample.mailboxes) if (m.lastActiveAt) stamps.push(m.lastActiveAt);
    expect(stamps.length).toBeGreaterThan(5000);
    const wrong = stamps.filter((s) => {
      const minute = Number(s.slice(11, 13)) * 60 + Number(s.slice(14, 16));
      const officeHours = (minute >= 450 && minute < 690) || (minute >= 810 && minute < 1020);
      const inPeriod = s.slice(0, 10) >= OPTIONS.from && s <= exportInstantOf(OPTIONS.to);
      return !STAMP.test(s) || !isWorking(toDay(s)) || !officeHours || !inPeriod;
    });
    expect(wrong).toEqual([]);
    expect(sample.tasks.filter((t) => t.deadline && !isWorking(toDay(t.deadline)))).toEqual([]);
  });

  it('has lateness, with most work on time', () => {
    // unit_submission (DOMAIN.md §3.3) for drafts with a document deadline and no extension.
    const tasks = new Map(sample.tasks.map((t) => [t.id, t]));
    let judged = 0;
    let late = 0;
    for (const d of sample.drafts) {
      const t = tasks.get(d.taskId)!;
      if (!t.deadline || t.deadlineChanges.length > 0 || !d.submittedToLeadershipAt) continue;
      const due = wdBefore(toDay(t.deadline), 2);
      if (due < toDay(t.assignedAt) + 2) continue; // tight: another rule
      judged++;
      if (toDay(d.submittedToLeadershipAt) > due) late++;
    }
    expect(judged).toBeGreaterThan(300);
    expect(late / judged).toBeGreaterThan(0.05);
    expect(late / judged).toBeLessThan(0.3);

    // Weekly schedules published after the last working day before their week.
    const mondayOf = (week: string) => {
      const [year, n] = week.split('-W').map(Number);
      const jan4 = toDay(`${year}-01-04`);
      return jan4 - ((new Date(jan4 * 86_400_000).getUTCDay() + 6) % 7) + (n - 1) * 7;
    };
    const lateSchedules = sample.weeklySchedules.filter(
      (s) => toDay(s.publishedAt) > wdBefore(mondayOf(s.week), 1),
    );
    expect(lateSchedules.length).toBeGreaterThan(0);
    expect(lateSchedules.length / sample.weeklySchedules.length).toBeLessThan(0.2);
    expect(lateSchedules.some((s) => new Date(toDay(s.publishedAt) * 86_400_000).getUTCDay() === 6)).toBe(
      true,
    );

    // Tasks without a deadline: some report a plan, some never do.
    const undated = sample.tasks.filter((t) => {
      if (t.deadline) return false;
      const doc = sample.documents.find((d) => d.id === t.documentId);
      return !doc?.deadline;
    });
    expect(undated.length / sample.tasks.length).toBeGreaterThan(0.08);
    expect(undated.some((t) => t.plan !== null)).toBe(true);
    expect(undated.some((t) => t.plan === null)).toBe(true);
  });

  it('has the exceptions the rules look for', () => {
    const docs = sample.documents;
    const secret = docs.filter((d) => d.confidentiality !== 'normal');
    expect(secret.length).toBeGreaterThan(0);
    expect(secret.length / docs.length).toBeLessThan(0.05);
    // A real export carries a secret document's number and subject; the product drops them.
    expect(secret.every((d) => d.number.length > 0 && d.subject.length > 0)).toBe(true);
    expect(sample.tasks.some((t) => secret.some((d) => d.id === t.documentId))).toBe(true);
    const open = docs.filter((d) => d.confidentiality === 'normal');
    const paper = open.filter((d) => d.channel === 'paper').length / open.length;
    expect(paper).toBeGreaterThan(0.01);
    expect(paper).toBeLessThan(0.06);
    expect(
      open.some(
        (d) =>
          d.direction === 'outgoing' &&
          d.channel === 'electronic' &&
          !(d.signatures?.agency && d.signatures?.signer),
      ),
    ).toBe(true);
    expect(docs.some((d) => d.legalNormative)).toBe(true);
    expect(sample.tasks.some((t) => t.deadlineChanges.length > 0)).toBe(true);
    expect(sample.tasks.some((t) => t.cancelledAt !== null)).toBe(true);
    expect(sample.drafts.some((d) => d.reviewRounds.length > 1)).toBe(true);
    expect(sample.drafts.some((d) => d.legalNormative === null)).toBe(true);
    const personal =
      sample.people.filter((p) => !p.email.endsWith('@hanam.gov.vn')).length / sample.people.length;
    expect(personal).toBeGreaterThan(0);
    expect(personal).toBeLessThan(0.12);
    expect(sample.people.some((p) => !p.active)).toBe(true);
  });

  it('gives each department one leader and each unit one head', () => {
    const leaders = sample.people.filter((p) => p.role === 'leader');
    expect(leaders).toHaveLength(1);
    expect(sample.units[0]).toMatchObject({ name: 'Ban Giám đốc', parentId: null, headId: leaders[0].id });
    expect(sample.units.map((u) => u.name)).toEqual(
      expect.arrayContaining([
        'Văn phòng Sở',
        'Thanh tra Sở',
        'Phòng Kế hoạch - Tài chính',
        'Phòng Bưu chính - Viễn thông',
      ]),
    );
    for (const u of sample.units.slice(1)) {
      expect(
        sample.people.filter((p) => p.unitId === u.id && p.role === 'unit_head').map((p) => p.id),
      ).toEqual([u.headId]);
    }
  });

  it('uses the official domain it is given', () => {
    const bundle = collect({ ...OPTIONS, targetRecords: 1000, officialDomain: 'ninhbinh.gov.vn' });
    expect(bundle.people.filter((p) => p.email.endsWith('@ninhbinh.gov.vn')).length).toBeGreaterThan(70);
    expect(bundle.mailboxes.every((m) => m.address.endsWith('@ninhbinh.gov.vn'))).toBe(true);
  });

  it('rejects options it cannot honour', () => {
    const first = (options: AgencyGeneratorOptions) => () => generateAgency(options).next();
    expect(first({ ...OPTIONS, people: 5 })).toThrow(RangeError);
    expect(first({ ...OPTIONS, from: '2025-07-01' })).toThrow(RangeError);
    expect(first({ ...OPTIONS, to: '2025-02-30' })).toThrow(RangeError);
    expect(first({ ...OPTIONS, units: 1 })).toThrow(RangeError);
  });

  it('matches the committed sample (regenerate it with the command in agency-generator.ts)', async () => {
    const committed = await readFile(new URL('../../../examples/sample-agency.bundle.json', import.meta.url));
    const path = join(dir, 'sample.json');
    await writeBundle(path, generateAgency(OPTIONS), {
      system: 'dunghan-demo',
      exportedAt: exportInstantOf(OPTIONS.to),
    });
    expect((await readFile(path)).equals(committed)).toBe(true);
  });
});
