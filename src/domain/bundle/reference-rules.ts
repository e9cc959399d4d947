/**
 * The reference and confidential-link rules of BUNDLE.md ("Rules for readers") and DOMAIN.md §4,
 * written once. They judge a set of records against what exists beside them: the sync judges each
 * batch against the ids already stored, `dunghan evaluate` the merged bundles against nothing
 * else, `dunghan import` the merged bundles against what is stored.
 *
 * - A unit, task or document that a record needs and that exists nowhere is an error for that
 *   record, which is dropped; a record that needs one dropped here is dropped in turn.
 * - An unknown assignee, drafter or mailbox owner is a warning: the record is kept. An assigner or
 *   reviewer is often outside the agency (the provincial People's Committee): nothing is said.
 * - A unit's parent and head are not needed to judge anyone, so a dangling one is only a warning;
 *   the head answers for the unit's submissions, worth fixing at the source.
 * - Of a task that handles a confidential document only its id and link are kept, and nothing
 *   about it is checked or reported: a message would itself say who handles a secret. Its drafts
 *   follow it. A task whose confidential document was rejected goes silently with it, as do its
 *   drafts; the document's own error says what to fix.
 */
import type { RecordKind } from '../model.js';
import { isSecret, secretDraftLink, secretTaskLink } from '../model.js';
import type { BundleIssue, IssueCode, IssueKind, IssueParams } from './bundle-issue.js';
import type { RecordBatch, StoredReferences } from './record-batch.js';
import { disallowedInId } from './text-rules.js';
import { duplicateKeyOf } from './duplicate-key.js';

const UNKNOWN_CODE = {
  unit: 'unknown_unit',
  task: 'unknown_task',
  document: 'unknown_document',
  person: 'unknown_person',
} as const satisfies Partial<Record<RecordKind, IssueCode>>;
export type ReferredKind = keyof typeof UNKNOWN_CODE;

/** A rejected task or draft and what it pointed at: enough to tell later whether it handled a secret. */
interface RejectedLink {
  kind: 'task' | 'draft';
  id: string | null;
  /** A task's `documentId`, a draft's `taskId`. */
  link: string | null;
  issues: readonly BundleIssue[];
}

/**
 * What validation said about the records' neighbours, gathered as they are read: every issue in
 * reading order, the ids rejected (a reference to one says why it is missing), and the rejected
 * confidential documents, tasks and drafts (what handles a secret must stay silent, DOMAIN.md §4).
 */
export class Rejections {
  readonly issues: BundleIssue[] = [];
  readonly ids: Record<ReferredKind, Set<string>> = {
    unit: new Set(),
    task: new Set(),
    document: new Set(),
    person: new Set(),
  };
  readonly secretDocuments = new Set<string>();
  readonly links: RejectedLink[] = [];

  /**
   * Records issues: a rejected record's (`raw` is the record as read), a kept record's warnings,
   * a file's. A rejected task's or draft's link is kept so that, if it turns out to handle a
   * confidential document, its issues can be withdrawn — they would name it and quote its values.
   */
  add(issues: readonly BundleIssue[], raw?: unknown): void {
    if (issues.length === 0) return;
    for (const i of issues) this.issues.push(i);
    const first = issues[0];
    if (first.severity === 'error' && first.id !== null && first.kind in this.ids)
      this.ids[first.kind as ReferredKind].add(first.id);
    if (typeof raw !== 'object' || raw === null) return;
    const r = raw as Record<string, unknown>;
    // A document with a repeated key may have said "secret" once: it is treated as confidential.
    const secret = r.confidentiality !== 'normal' || duplicateKeyOf(r) !== undefined;
    if (first.kind === 'document' && secret && first.id !== null) {
      this.secretDocuments.add(first.id);
    } else if (first.kind === 'task' || first.kind === 'draft') {
      const link = first.kind === 'task' ? r.documentId : r.taskId;
      this.links.push({
        kind: first.kind,
        id: first.id,
        // A link Postgres cannot hold cannot name anything stored; it is not looked up.
        link: typeof link === 'string' && disallowedInId(link) === null ? link : null,
        issues,
      });
    }
  }
}

export interface ReferenceContext {
  /** What exists beside the records: stored ids (sync, import), or nothing (evaluate). */
  stored: StoredReferences;
  /** What validation rejected and reported before: its issues lead the result, less the silenced. */
  rejections?: Rejections;
  /** The bundle a record came from, for its messages; `index` locates a mailbox observation. */
  fileOf(kind: RecordKind, key: string, index: number): string;
}

export function nothingStored(): StoredReferences {
  return {
    units: new Set(),
    people: new Set(),
    documents: new Set(),
    tasks: new Set(),
    secretDocuments: new Set(),
    secretTasks: new Set(),
  };
}

/**
 * The records that meet the rules, reduced where they handle a secret, and an issue for each one
 * dropped or warned about, after the validation issues that may be told. Tombstones pass
 * through: they apply after the records.
 */
export function resolveReferences(
  records: RecordBatch,
  context: ReferenceContext,
): { records: RecordBatch; issues: BundleIssue[] } {
  const { stored } = context;
  const rejected = context.rejections ?? new Rejections();
  const issues: BundleIssue[] = [];
  const dropped: Record<ReferredKind, Set<string>> = {
    unit: new Set(),
    task: new Set(),
    document: new Set(),
    person: new Set(),
  };
  const unresolved = (
    kind: RecordKind,
    id: string,
    index: number,
    field: string,
    target: ReferredKind,
    ref: string,
    severity: 'error' | 'warning',
  ): void => {
    const wasRejected = rejected.ids[target].has(ref) || dropped[target].has(ref);
    const code: IssueCode = wasRejected ? 'rejected_reference' : UNKNOWN_CODE[target];
    const params: IssueParams = wasRejected ? { ref, refKind: target } : { ref };
    const file = context.fileOf(kind, id, index);
    issues.push({ file, kind: kind as IssueKind, id, index: null, field, code, params, severity });
  };

  const out: RecordBatch = {
    units: records.units,
    people: [],
    documents: [],
    tasks: [],
    drafts: [],
    weeklySchedules: [],
    mailboxes: records.mailboxes,
    tombstones: records.tombstones,
  };
  const units = new Set(stored.units);
  for (const u of records.units) units.add(u.id);

  for (const p of records.people) {
    if (units.has(p.unitId)) out.people.push(p);
    else {
      unresolved('person', p.id, 0, 'unitId', 'unit', p.unitId, 'error');
      dropped.person.add(p.id);
    }
  }
  const people = new Set(stored.people);
  for (const p of out.people) people.add(p.id);

  for (const u of records.units) {
    if (u.parentId !== null && !units.has(u.parentId))
      unresolved('unit', u.id, 0, 'parentId', 'unit', u.parentId, 'warning');
    if (u.headId !== null && !people.has(u.headId))
      unresolved('unit', u.id, 0, 'headId', 'person', u.headId, 'warning');
  }

  for (const d of records.documents) {
    if (isSecret(d) || d.unitId === null || units.has(d.unitId)) out.documents.push(d);
    else {
      unresolved('document', d.id, 0, 'unitId', 'unit', d.unitId, 'error');
      dropped.document.add(d.id);
    }
  }
  const documents = new Set(stored.documents);
  const secretDocuments = new Set(stored.secretDocuments);
  for (const d of out.documents) {
    documents.add(d.id);
    if (isSecret(d)) secretDocuments.add(d.id);
    else secretDocuments.delete(d.id);
  }

  const secretTasks = new Set(stored.secretTasks);
  const silentTasks = new Set<string>();
  const handlesRejectedSecret = (documentId: string | null): documentId is string =>
    documentId !== null && !documents.has(documentId) && rejected.secretDocuments.has(documentId);
  const keptTasks = new Set<string>();
  for (const t of records.tasks) {
    if (t.documentId !== null && secretDocuments.has(t.documentId)) {
      out.tasks.push(t.secret === true ? t : secretTaskLink(t.id, t.documentId));
      secretTasks.add(t.id);
      keptTasks.add(t.id);
      continue;
    }
    secretTasks.delete(t.id);
    if (handlesRejectedSecret(t.documentId)) {
      silentTasks.add(t.id);
      continue;
    }
    if (t.secret === true) {
      // An adapter's id-and-link of a task whose confidential document is stored elsewhere.
      out.tasks.push(t);
      secretTasks.add(t.id);
      keptTasks.add(t.id);
      continue;
    }
    let ok = true;
    if (t.documentId !== null && !documents.has(t.documentId)) {
      unresolved('task', t.id, 0, 'documentId', 'document', t.documentId, 'error');
      ok = false;
    }
    if (!units.has(t.unitId)) {
      unresolved('task', t.id, 0, 'unitId', 'unit', t.unitId, 'error');
      ok = false;
    }
    if (!ok) {
      dropped.task.add(t.id);
      continue;
    }
    if (t.assigneeId !== null && !people.has(t.assigneeId))
      unresolved('task', t.id, 0, 'assigneeId', 'person', t.assigneeId, 'warning');
    out.tasks.push(t);
    keptTasks.add(t.id);
  }
  // A task rejected by validation that handles a confidential document is not a broken record:
  // its id and link are all DOMAIN.md §4 lets anyone say of it (an adapter may send no more), so
  // that is what is kept, and its issues, which would name it and quote its values, are withdrawn.
  const silenced = new Set<BundleIssue>();
  const silence = (link: RejectedLink) => {
    for (const i of link.issues) silenced.add(i);
  };
  for (const r of rejected.links) {
    if (r.kind !== 'task' || r.link === null) continue;
    if (secretDocuments.has(r.link)) {
      silence(r);
      if (r.id !== null && !keptTasks.has(r.id)) {
        out.tasks.push(secretTaskLink(r.id, r.link));
        secretTasks.add(r.id);
        keptTasks.add(r.id);
      }
    } else if (handlesRejectedSecret(r.link)) {
      silence(r);
      if (r.id !== null) silentTasks.add(r.id);
    }
  }
  for (const r of rejected.links)
    if (r.kind === 'draft' && r.link !== null && (secretTasks.has(r.link) || silentTasks.has(r.link)))
      silence(r);
  const tasks = new Set(stored.tasks);
  for (const id of keptTasks) tasks.add(id);

  for (const d of records.drafts) {
    if (secretTasks.has(d.taskId)) {
      out.drafts.push(d.secret === true ? d : secretDraftLink(d.id, d.taskId));
      continue;
    }
    if (silentTasks.has(d.taskId)) continue;
    let ok = true;
    if (!tasks.has(d.taskId)) {
      unresolved('draft', d.id, 0, 'taskId', 'task', d.taskId, 'error');
      ok = false;
    }
    if (d.secret !== true && !units.has(d.unitId)) {
      unresolved('draft', d.id, 0, 'unitId', 'unit', d.unitId, 'error');
      ok = false;
    }
    if (!ok) continue;
    if (d.secret !== true && !people.has(d.drafterId))
      unresolved('draft', d.id, 0, 'drafterId', 'person', d.drafterId, 'warning');
    out.drafts.push(d);
  }

  for (const s of records.weeklySchedules) {
    if (units.has(s.unitId)) out.weeklySchedules.push(s);
    else unresolved('weeklySchedule', `${s.unitId}|${s.week}`, 0, 'unitId', 'unit', s.unitId, 'error');
  }

  records.mailboxes.forEach((m, index) => {
    if (!people.has(m.personId))
      unresolved('mailbox', m.personId, index, 'personId', 'person', m.personId, 'warning');
  });
  const reported = silenced.size === 0 ? rejected.issues : rejected.issues.filter((i) => !silenced.has(i));
  return { records: out, issues: [...reported, ...issues] };
}
