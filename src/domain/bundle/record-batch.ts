/**
 * A batch of records on its way into storage: validated from a source's raw arrays, then judged by
 * the reference rules (reference-rules.ts) against what the batch holds and what is stored.
 */
import type {
  Document,
  Draft,
  MailboxObservation,
  Person,
  Task,
  Tombstone,
  Unit,
  WeeklySchedule,
} from '../model.js';
import { isSecret } from '../model.js';
import { ARRAY_OF_KIND, RECORD_ARRAYS } from './record-kind.js';
import type { BundleArray } from './record-kind.js';
import type { PlausibleRange } from './plausible-dates.js';
import { validateRecord, validateTombstone } from './record-validator.js';
import { Rejections } from './reference-rules.js';

export interface RecordBatch {
  units: Unit[];
  people: Person[];
  documents: Document[];
  tasks: Task[];
  drafts: Draft[];
  weeklySchedules: WeeklySchedule[];
  mailboxes: MailboxObservation[];
  tombstones: Tombstone[];
}

export function emptyBatch(): RecordBatch {
  return {
    units: [],
    people: [],
    documents: [],
    tasks: [],
    drafts: [],
    weeklySchedules: [],
    mailboxes: [],
    tombstones: [],
  };
}

export function batchSize(batch: RecordBatch): number {
  return (
    batch.units.length +
    batch.people.length +
    batch.documents.length +
    batch.tasks.length +
    batch.drafts.length +
    batch.weeklySchedules.length +
    batch.mailboxes.length +
    batch.tombstones.length
  );
}

/** The ids a batch refers to that it does not itself hold: to be looked up in storage. */
export interface ReferencedIds {
  units: string[];
  tasks: string[];
  documents: string[];
  people: string[];
}

/** What storage answered about those ids. */
export interface StoredReferences {
  units: Set<string>;
  tasks: Set<string>;
  documents: Set<string>;
  people: Set<string>;
  secretDocuments: Set<string>;
  secretTasks: Set<string>;
}

/**
 * The ids the reference rules will ask about (reference-rules.ts), less those the batch holds:
 * including what rejected tasks and drafts pointed at, which decides whether they handled a secret.
 */
export function referencedIds(batch: RecordBatch, rejections?: Rejections): ReferencedIds {
  const units = new Set<string>();
  const tasks = new Set<string>();
  const documents = new Set<string>();
  const people = new Set<string>();
  for (const u of batch.units) {
    if (u.parentId !== null) units.add(u.parentId);
    if (u.headId !== null) people.add(u.headId);
  }
  for (const p of batch.people) units.add(p.unitId);
  for (const d of batch.documents) if (!isSecret(d) && d.unitId !== null) units.add(d.unitId);
  for (const t of batch.tasks) {
    if (t.secret !== true) units.add(t.unitId);
    if (t.documentId !== null) documents.add(t.documentId);
    if (t.assigneeId !== null) people.add(t.assigneeId);
  }
  for (const d of batch.drafts) {
    tasks.add(d.taskId);
    if (d.secret !== true) {
      units.add(d.unitId);
      people.add(d.drafterId);
    }
  }
  for (const s of batch.weeklySchedules) units.add(s.unitId);
  for (const m of batch.mailboxes) people.add(m.personId);
  for (const r of rejections?.links ?? []) {
    if (r.link !== null) (r.kind === 'task' ? documents : tasks).add(r.link);
  }
  for (const u of batch.units) units.delete(u.id);
  for (const p of batch.people) people.delete(p.id);
  return { units: [...units], tasks: [...tasks], documents: [...documents], people: [...people] };
}

/** A part of a bundle in its raw JSON shape, as a source delivers it. */
export type RawBundlePart = Partial<Record<BundleArray, readonly unknown[]>>;

/**
 * Validates a batch's raw records into a RecordBatch, and gathers what was rejected (and the
 * warnings of what was kept) for the reference rules to complete.
 */
export function validateBatch(
  part: RawBundlePart,
  label: string,
  range?: PlausibleRange,
  /** A source's `maxTextLength`: a record with a longer text is refused, the field named. */
  maxTextLength?: number,
): { batch: RecordBatch; rejections: Rejections; seen: number } {
  const batch = emptyBatch();
  const rejections = new Rejections();
  let seen = 0;
  for (const [array, kind] of RECORD_ARRAYS) {
    const target = batch[array] as unknown[];
    (part[array] ?? []).forEach((raw, index) => {
      seen++;
      const { record, issues } = validateRecord(kind, raw, label, index, range, maxTextLength);
      if (record !== null) {
        target.push(record);
        rejections.add(issues);
      } else rejections.add(issues, raw);
    });
  }
  (part[ARRAY_OF_KIND.tombstone] ?? []).forEach((raw, index) => {
    seen++;
    const { tombstone, issues } = validateTombstone(raw, label, index, maxTextLength);
    if (tombstone !== null) batch.tombstones.push(tombstone);
    else rejections.add(issues);
  });
  return { batch, rejections, seen };
}
