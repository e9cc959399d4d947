/**
 * A batch of validated records on its way into storage, and the reference rules it must meet
 * against what the batch itself holds and what is already stored (BUNDLE.md "Rules for readers").
 */
import type {
  Document,
  Draft,
  MailboxObservation,
  Person,
  RecordKind,
  Task,
  Tombstone,
  Unit,
  WeeklySchedule,
} from '../model.js';
import { isSecret, secretDraftLink, secretTaskLink } from '../model.js';
import type { BundleIssue, IssueCode } from './bundle-issue.js';

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

export function referencedIds(batch: RecordBatch): ReferencedIds {
  const units = new Set<string>();
  const tasks = new Set<string>();
  const documents = new Set<string>();
  const people = new Set<string>();
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
  for (const u of batch.units) units.delete(u.id);
  for (const p of batch.people) people.delete(p.id);
  return { units: [...units], tasks: [...tasks], documents: [...documents], people: [...people] };
}

/**
 * Drops the records whose unit, task or document exists neither in the batch nor in storage (an
 * error for that record, BUNDLE.md), keeps those with an unknown assignee, drafter or mailbox
 * owner (a warning), and reduces the tasks and drafts that handle a confidential document to ids
 * and links (DOMAIN.md §4).
 */
export function resolveBatch(
  batch: RecordBatch,
  stored: StoredReferences,
  file: string,
): { batch: RecordBatch; issues: BundleIssue[] } {
  const issues: BundleIssue[] = [];
  const issue = (
    kind: RecordKind,
    id: string,
    field: string,
    code: IssueCode,
    ref: string,
    severity: 'error' | 'warning',
  ) => issues.push({ file, kind, id, index: null, field, code, params: { ref }, severity });

  const units = new Set([...stored.units, ...batch.units.map((u) => u.id)]);
  const people = new Set([...stored.people, ...batch.people.map((p) => p.id)]);
  const hasUnit = (id: string) => units.has(id);

  const out: RecordBatch = {
    ...batch,
    people: [],
    documents: [],
    tasks: [],
    drafts: [],
    weeklySchedules: [],
    mailboxes: [],
  };
  for (const p of batch.people) {
    if (hasUnit(p.unitId)) out.people.push(p);
    else issue('person', p.id, 'unitId', 'unknown_unit', p.unitId, 'error');
  }
  for (const d of batch.documents) {
    if (!isSecret(d) && d.unitId !== null && !hasUnit(d.unitId))
      issue('document', d.id, 'unitId', 'unknown_unit', d.unitId, 'error');
    else out.documents.push(d);
  }
  const documents = new Set([...stored.documents, ...out.documents.map((d) => d.id)]);
  const secretDocuments = new Set([
    ...stored.secretDocuments,
    ...out.documents.filter(isSecret).map((d) => d.id),
  ]);
  for (const d of out.documents) if (!isSecret(d)) secretDocuments.delete(d.id);

  const secretTasks = new Set(stored.secretTasks);
  for (const t of batch.tasks) {
    if (t.documentId !== null && secretDocuments.has(t.documentId)) {
      // Handling a secret is itself secret: nothing of the task but its id and link is kept, and
      // nothing about it is reported.
      out.tasks.push(secretTaskLink(t.id, t.documentId));
      secretTasks.add(t.id);
      continue;
    }
    secretTasks.delete(t.id);
    if (t.secret === true) {
      out.tasks.push(t);
      secretTasks.add(t.id);
    } else if (!hasUnit(t.unitId)) issue('task', t.id, 'unitId', 'unknown_unit', t.unitId, 'error');
    else if (t.documentId !== null && !documents.has(t.documentId))
      issue('task', t.id, 'documentId', 'unknown_document', t.documentId, 'error');
    else {
      if (t.assigneeId !== null && !people.has(t.assigneeId))
        issue('task', t.id, 'assigneeId', 'unknown_person', t.assigneeId, 'warning');
      out.tasks.push(t);
    }
  }
  const tasks = new Set([...stored.tasks, ...out.tasks.map((t) => t.id)]);
  for (const d of batch.drafts) {
    if (secretTasks.has(d.taskId)) {
      out.drafts.push(secretDraftLink(d.id, d.taskId));
      continue;
    }
    if (!tasks.has(d.taskId)) issue('draft', d.id, 'taskId', 'unknown_task', d.taskId, 'error');
    else if (d.secret !== true && !hasUnit(d.unitId))
      issue('draft', d.id, 'unitId', 'unknown_unit', d.unitId, 'error');
    else {
      if (d.secret !== true && !people.has(d.drafterId))
        issue('draft', d.id, 'drafterId', 'unknown_person', d.drafterId, 'warning');
      out.drafts.push(d);
    }
  }
  for (const s of batch.weeklySchedules) {
    if (hasUnit(s.unitId)) out.weeklySchedules.push(s);
    else issue('weeklySchedule', `${s.unitId}|${s.week}`, 'unitId', 'unknown_unit', s.unitId, 'error');
  }
  for (const m of batch.mailboxes) {
    if (!people.has(m.personId))
      issue('mailbox', m.personId, 'personId', 'unknown_person', m.personId, 'warning');
    out.mailboxes.push(m);
  }
  return { batch: out, issues };
}
