/**
 * Merges validated records from several bundles, in order, into the one `Dataset` the rules read
 * (BUNDLE.md "Rules for readers"), then judges the references between records once everything is
 * known — a bundle may name a unit that only a later bundle brings — by the one set of reference
 * rules (reference-rules.ts), against nothing else (`dunghan evaluate`) or what is stored
 * (`dunghan import`).
 */
import type { Dataset, MailboxObservation, RecordKind, RecordOf, Tombstone } from '../model.js';
import { emptyDataset } from '../model.js';
import type { BundleIssue } from './bundle-issue.js';
import type { RecordBatch, ReferencedIds, StoredReferences } from './record-batch.js';
import { referencedIds } from './record-batch.js';
import { nothingStored, Rejections, resolveReferences } from './reference-rules.js';

type KeyedKind = Exclude<RecordKind, 'mailbox'>;

/**
 * Which bundle each record came from, for messages raised after the merge. A record of the first
 * bundle has no entry: the common single-file load then pays no second map write per record.
 */
type Origins = Record<KeyedKind, Map<string, number>>;

export interface BuiltDataset {
  dataset: Dataset;
  /** The deletions the merged bundles leave standing, for what is stored. */
  tombstones: Tombstone[];
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
  private readonly rejections = new Rejections();
  /** Every deletion, keyed `kind|id`; those of records present at the end are dropped then. */
  private readonly tombstones = new Map<string, Tombstone>();

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
    this.rejections.add(issues, raw);
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
      this.tombstones.set(`${t.kind}|${t.id}`, t);
    }
    this.pendingDeletes = [];
    this.open = false;
  }

  /** The ids the merged records refer to without holding them: what to look up in storage. */
  references(): ReferencedIds {
    if (this.open) throw new Error('DatasetBuilder: endBundle() was not called');
    return referencedIds(this.records(), this.rejections);
  }

  /**
   * Judges the references across the merged data, beside `stored` (nothing, by default), and
   * reduces what handles a secret. Call once, after the last `endBundle()`.
   */
  finish(stored: StoredReferences = nothingStored()): BuiltDataset {
    if (this.open) throw new Error('DatasetBuilder: endBundle() was not called');
    if (this.finished) throw new Error('DatasetBuilder: finish() was already called');
    this.finished = true;
    const { records, issues } = resolveReferences(this.records(), {
      stored,
      rejections: this.rejections,
      fileOf: (kind, key, index) =>
        this.files[kind === 'mailbox' ? this.mailboxOrigins[index] : (this.origins[kind].get(key) ?? 0)],
    });
    const d = this.data;
    const keyed = <T>(list: readonly T[], key: (r: T) => string) => new Map(list.map((r) => [key(r), r]));
    const dataset: Dataset = {
      units: d.units,
      people: records.people.length === d.people.size ? d.people : keyed(records.people, (p) => p.id),
      documents: keyed(records.documents, (r) => r.id),
      tasks: keyed(records.tasks, (r) => r.id),
      drafts: keyed(records.drafts, (r) => r.id),
      weeklySchedules:
        records.weeklySchedules.length === d.weeklySchedules.size
          ? d.weeklySchedules
          : keyed(records.weeklySchedules, (s) => `${s.unitId}|${s.week}`),
      mailboxes: d.mailboxes,
    };
    // A deleted record a later bundle brings back is no longer deleted, unless the rules drop it.
    const tombstones = [...this.tombstones.values()].filter((t) => !this.mapIn(dataset, t.kind).has(t.id));
    return { dataset, tombstones, issues };
  }

  /** The merged data as one batch of records, in reference order. */
  private records(): RecordBatch {
    const d = this.data;
    return {
      units: [...d.units.values()],
      people: [...d.people.values()],
      documents: [...d.documents.values()],
      tasks: [...d.tasks.values()],
      drafts: [...d.drafts.values()],
      weeklySchedules: [...d.weeklySchedules.values()],
      mailboxes: d.mailboxes,
      tombstones: [],
    };
  }

  private noteOrigin(kind: KeyedKind, key: string): void {
    if (this.current > 0) this.origins[kind].set(key, this.current);
  }

  private mapOf(kind: Exclude<KeyedKind, 'weeklySchedule'>): Map<string, RecordOf[typeof kind]> {
    return this.mapIn(this.data, kind);
  }

  private mapIn(d: Dataset, kind: Exclude<KeyedKind, 'weeklySchedule'>): Map<string, RecordOf[typeof kind]> {
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
