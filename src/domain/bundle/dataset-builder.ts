/**
 * Merges validated records from several bundles, in order, into the one `Dataset` the rules read
 * (BUNDLE.md "Rules for readers"), then checks the references between records once everything is
 * known: a bundle may name a unit that only a later bundle brings.
 */
import type { Dataset, MailboxObservation, RecordKind, RecordOf, Tombstone } from '../model.js';
import { emptyDataset, isSecret, secretDraftLink, secretTaskLink } from '../model.js';
import type { BundleIssue, IssueCode, IssueKind, IssueParams } from './bundle-issue.js';

type KeyedKind = Exclude<RecordKind, 'mailbox'>;

/**
 * Which bundle each record came from, for messages raised after the merge. A record of the first
 * bundle has no entry: the common single-file load then pays no second map write per record.
 */
type Origins = Record<KeyedKind, Map<string, number>>;

/** What a rejected task or draft pointed at: enough to tell later whether it handled a secret. */
interface RejectedLinks {
  kind: 'task' | 'draft';
  id: string | null;
  issues: readonly BundleIssue[];
  /** A task's `documentId`, a draft's `taskId`. */
  link: string | null;
}

const UNKNOWN_CODE = {
  unit: 'unknown_unit',
  task: 'unknown_task',
  document: 'unknown_document',
  person: 'unknown_person',
} as const satisfies Partial<Record<RecordKind, IssueCode>>;
type ReferredKind = keyof typeof UNKNOWN_CODE;

export interface BuiltDataset {
  dataset: Dataset;
  /** Every rejection and warning, validation ones first, in reading order. */
  issues: BundleIssue[];
}

export class DatasetBuilder {
  private readonly data: Dataset = emptyDataset();
  private readonly origins: Origins = {
    unit: new Map(),
    person: new Map(),
    document: new Map(),
    task: new Map(),
    draft: new Map(),
    weeklySchedule: new Map(),
  };
  private readonly files: string[] = [];
  private current = -1;
  private open = false;
  private finished = false;
  private pendingDeletes: Tombstone[] = [];
  private readonly mailboxKeys = new Set<string>();
  private readonly mailboxOrigins: number[] = [];
  private readonly issues: BundleIssue[] = [];
  /** Ids rejected by validation, so a reference to one says why it is missing. */
  private readonly rejected: Record<ReferredKind, Set<string>> = {
    unit: new Set(),
    task: new Set(),
    document: new Set(),
    person: new Set(),
  };
  /** Confidential documents that were rejected: what handles them must stay silent too. */
  private readonly rejectedSecretDocuments = new Set<string>();
  private readonly rejectedLinks: RejectedLinks[] = [];
  /** Those of them found, at `finish()`, to handle a confidential document. */
  private readonly silenced = new Set<RejectedLinks>();

  beginBundle(file: string): void {
    if (this.finished) throw new Error('DatasetBuilder: finish() was already called');
    if (this.open) throw new Error('DatasetBuilder: endBundle() was not called for the previous bundle');
    this.files.push(file);
    this.current = this.files.length - 1;
    this.open = true;
  }

  /** A later record with the same key replaces the earlier one whole; mailbox observations accumulate. */
  add<K extends RecordKind>(kind: K, record: RecordOf[K]): void {
    this.assertOpen();
    const d = this.data;
    switch (kind) {
      case 'mailbox': {
        const m = record as MailboxObservation;
        const key = `${m.personId}\u0000${m.address}\u0000${m.lastActiveAt ?? ''}`;
        if (this.mailboxKeys.has(key)) return;
        this.mailboxKeys.add(key);
        d.mailboxes.push(m);
        this.mailboxOrigins.push(this.current);
        return;
      }
      case 'weeklySchedule': {
        const s = record as RecordOf['weeklySchedule'];
        const key = `${s.unitId}|${s.week}`;
        d.weeklySchedules.set(key, s);
        this.noteOrigin('weeklySchedule', key);
        return;
      }
      default: {
        const r = record as RecordOf[Exclude<KeyedKind, 'weeklySchedule'>];
        this.mapOf(kind as Exclude<KeyedKind, 'weeklySchedule'>).set(r.id, r);
        this.noteOrigin(kind as KeyedKind, r.id);
      }
    }
  }

  /**
   * Records what validation rejected (and any other issue of the bundle). `raw` is the rejected
   * record as read: a task's or draft's link is kept so that, if the merge shows it handled a
   * confidential document, its issues can be withdrawn (DOMAIN.md §4).
   */
  reject(issues: readonly BundleIssue[], raw?: unknown): void {
    if (issues.length === 0) return;
    for (const i of issues) this.issues.push(i);
    const first = issues[0];
    if (first.severity === 'error' && first.id !== null && first.kind in this.rejected) {
      this.rejected[first.kind as ReferredKind].add(first.id);
    }
    if (typeof raw !== 'object' || raw === null) return;
    const r = raw as Record<string, unknown>;
    if (first.kind === 'document' && r.confidentiality !== 'normal' && first.id !== null) {
      this.rejectedSecretDocuments.add(first.id);
    } else if (first.kind === 'task' || first.kind === 'draft') {
      this.rejectedLinks.push({
        kind: first.kind,
        id: first.id,
        issues,
        link: textOrNull(first.kind === 'task' ? r.documentId : r.taskId),
      });
    }
  }

  /** Applied at `endBundle()`: a bundle's `deleted` entries apply after its own records. */
  delete(tombstone: Tombstone): void {
    this.assertOpen();
    this.pendingDeletes.push(tombstone);
  }

  endBundle(): void {
    this.assertOpen();
    for (const t of this.pendingDeletes) {
      this.mapOf(t.kind).delete(t.id);
      this.origins[t.kind].delete(t.id);
    }
    this.pendingDeletes = [];
    this.open = false;
  }

  /**
   * Checks references across the merged data and reduces what handles a secret. Call once, after
   * the last `endBundle()`.
   */
  finish(): BuiltDataset {
    if (this.open) throw new Error('DatasetBuilder: endBundle() was not called');
    if (this.finished) throw new Error('DatasetBuilder: finish() was already called');
    this.finished = true;
    const d = this.data;
    const out = this.withoutSilencedSecrets();
    const dropped: Record<ReferredKind, Set<string>> = {
      unit: new Set(),
      task: new Set(),
      document: new Set(),
      person: new Set(),
    };

    /** An issue for a reference that does not resolve; says so when the target was rejected itself. */
    const unresolved = (
      kind: KeyedKind,
      id: string,
      field: string,
      target: ReferredKind,
      ref: string,
      severity: 'error' | 'warning',
    ): void => {
      const wasRejected = this.rejected[target].has(ref) || dropped[target].has(ref);
      const code: IssueCode = wasRejected ? 'rejected_reference' : UNKNOWN_CODE[target];
      const params: IssueParams = wasRejected ? { ref, refKind: target } : { ref };
      out.push(this.issueAt(kind, id, field, code, params, severity));
    };

    for (const [id, p] of d.people) {
      if (!d.units.has(p.unitId)) {
        unresolved('person', id, 'unitId', 'unit', p.unitId, 'error');
        d.people.delete(id);
        dropped.person.add(id);
      }
    }

    // A unit's parent and head are not needed to judge anyone, so a dangling one is only reported:
    // the head is the person responsible for the unit's submissions, worth fixing at the source.
    for (const [id, u] of d.units) {
      if (u.parentId !== null && !d.units.has(u.parentId))
        unresolved('unit', id, 'parentId', 'unit', u.parentId, 'warning');
      if (u.headId !== null && !d.people.has(u.headId))
        unresolved('unit', id, 'headId', 'person', u.headId, 'warning');
    }

    for (const [id, doc] of d.documents) {
      if (isSecret(doc) || doc.unitId === null || d.units.has(doc.unitId)) continue;
      unresolved('document', id, 'unitId', 'unit', doc.unitId, 'error');
      d.documents.delete(id);
      dropped.document.add(id);
    }

    // Of a task that handles a confidential document nothing is checked or reported: a message
    // would itself say who handles a secret. Its drafts follow it.
    const silentTasks = new Set<string>();
    for (const [id, task] of d.tasks) {
      const doc = task.documentId === null ? undefined : d.documents.get(task.documentId);
      if (doc !== undefined && isSecret(doc)) {
        d.tasks.set(id, secretTaskLink(task.id, task.documentId));
        continue;
      }
      if (
        doc === undefined &&
        task.documentId !== null &&
        this.rejectedSecretDocuments.has(task.documentId)
      ) {
        // Its document was rejected, so it cannot be kept as a link; the document's own error says
        // what to fix, and the task comes back with it.
        d.tasks.delete(id);
        silentTasks.add(id);
        continue;
      }
      let ok = true;
      if (task.documentId !== null && doc === undefined) {
        unresolved('task', id, 'documentId', 'document', task.documentId, 'error');
        ok = false;
      }
      if (!d.units.has(task.unitId)) {
        unresolved('task', id, 'unitId', 'unit', task.unitId, 'error');
        ok = false;
      }
      if (!ok) {
        d.tasks.delete(id);
        dropped.task.add(id);
        continue;
      }
      // An assigner is often outside the agency (the provincial People's Committee): accepted silently.
      if (task.assigneeId !== null && !d.people.has(task.assigneeId)) {
        unresolved('task', id, 'assigneeId', 'person', task.assigneeId, 'warning');
      }
    }

    for (const r of this.rejectedLinks)
      if (r.kind === 'task' && r.id !== null && this.silenced.has(r)) silentTasks.add(r.id);
    for (const [id, draft] of d.drafts) {
      const task = d.tasks.get(draft.taskId);
      if (task?.secret === true) {
        d.drafts.set(id, secretDraftLink(draft.id, draft.taskId));
        continue;
      }
      if (silentTasks.has(draft.taskId)) {
        d.drafts.delete(id);
        continue;
      }
      let ok = true;
      if (task === undefined) {
        unresolved('draft', id, 'taskId', 'task', draft.taskId, 'error');
        ok = false;
      }
      if (!d.units.has(draft.unitId)) {
        unresolved('draft', id, 'unitId', 'unit', draft.unitId, 'error');
        ok = false;
      }
      if (!ok) {
        d.drafts.delete(id);
        continue;
      }
      // A reviewer is, like an assigner, often outside the agency: accepted silently.
      if (!d.people.has(draft.drafterId))
        unresolved('draft', id, 'drafterId', 'person', draft.drafterId, 'warning');
    }

    for (const [key, s] of d.weeklySchedules) {
      if (d.units.has(s.unitId)) continue;
      unresolved('weeklySchedule', key, 'unitId', 'unit', s.unitId, 'error');
      d.weeklySchedules.delete(key);
    }

    for (let i = 0; i < d.mailboxes.length; i++) {
      const m = d.mailboxes[i];
      if (d.people.has(m.personId)) continue;
      const ref = m.personId;
      const code =
        this.rejected.person.has(ref) || dropped.person.has(ref) ? 'rejected_reference' : 'unknown_person';
      out.push({
        file: this.files[this.mailboxOrigins[i]],
        kind: 'mailbox',
        id: ref,
        index: null,
        field: 'personId',
        code,
        params: code === 'rejected_reference' ? { ref, refKind: 'person' } : { ref },
        severity: 'warning',
      });
    }

    return { dataset: d, issues: out };
  }

  /**
   * The validation issues, less those of tasks and drafts that handle a confidential document: a
   * rejected one never reached the dataset to be reduced, and its messages would name it, and
   * quote its values. It is outside every rule, so nothing is lost by not reporting it.
   */
  private withoutSilencedSecrets(): BundleIssue[] {
    const documents = this.data.documents;
    const rejectedSecretTasks = new Set<string>();
    const secretDocument = (id: string | null): boolean => {
      if (id === null) return false;
      const doc = documents.get(id);
      return doc === undefined ? this.rejectedSecretDocuments.has(id) : isSecret(doc);
    };
    const secretTask = (id: string | null): boolean => {
      if (id === null) return false;
      const task = this.data.tasks.get(id);
      if (task !== undefined) return secretDocument(task.documentId);
      return rejectedSecretTasks.has(id);
    };
    for (const r of this.rejectedLinks) {
      if (r.kind === 'task' && secretDocument(r.link)) {
        this.silenced.add(r);
        if (r.id !== null) rejectedSecretTasks.add(r.id);
      }
    }
    for (const r of this.rejectedLinks) if (r.kind === 'draft' && secretTask(r.link)) this.silenced.add(r);
    if (this.silenced.size === 0) return this.issues;
    const hidden = new Set<BundleIssue>();
    for (const r of this.silenced) for (const i of r.issues) hidden.add(i);
    return this.issues.filter((i) => !hidden.has(i));
  }

  private issueAt(
    kind: KeyedKind,
    id: string,
    field: string,
    code: IssueCode,
    params: IssueParams,
    severity: 'error' | 'warning',
  ): BundleIssue {
    const file = this.files[this.origins[kind].get(id) ?? 0];
    return { file, kind: kind as IssueKind, id, index: null, field, code, params, severity };
  }

  private noteOrigin(kind: KeyedKind, key: string): void {
    if (this.current > 0) this.origins[kind].set(key, this.current);
  }

  private mapOf(kind: Exclude<KeyedKind, 'weeklySchedule'>): Map<string, RecordOf[typeof kind]> {
    const d = this.data;
    switch (kind) {
      case 'unit':
        return d.units;
      case 'person':
        return d.people;
      case 'document':
        return d.documents;
      case 'task':
        return d.tasks;
      case 'draft':
        return d.drafts;
    }
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('DatasetBuilder: call beginBundle() first');
  }
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
