/**
 * Collects the records of one batch the way the bundle reader will apply them (BUNDLE.md): a
 * later record with the same kind and id replaces the earlier one, and a batch's tombstones apply
 * after its records. When several files share a batch, a recall followed by a re-send of the same
 * document must leave the document in place, so the builder resolves the order here instead of
 * handing the reader a record and a tombstone that contradict each other.
 */
import { KIND_OF_ARRAY } from '../../../domain/bundle/record-kind.js';
import type { BundlePart } from '../source-adapter.port.js';

type RecordKindKey = 'documents' | 'tasks';
const kindOf = (key: RecordKindKey): string => KIND_OF_ARRAY.get(key)!;

export class BundlePartBuilder {
  private readonly records: Record<RecordKindKey, Map<string, Record<string, unknown>>> = {
    documents: new Map(),
    tasks: new Map(),
  };
  private readonly mailboxes = new Map<string, Record<string, unknown>>();
  private readonly deleted = new Map<string, { kind: string; id: string }>();

  put(key: RecordKindKey, record: Record<string, unknown> & { id: string }): void {
    const map = this.records[key];
    map.delete(record.id); // re-inserted last, so the batch keeps source order
    map.set(record.id, record);
    this.deleted.delete(`${kindOf(key)}|${record.id}`);
  }

  remove(key: RecordKindKey, id: string): void {
    this.records[key].delete(id);
    const kind = kindOf(key);
    this.deleted.set(`${kind}|${id}`, { kind, id });
  }

  /** Observations accumulate (DOMAIN.md §3.8); only an identical one is dropped. */
  observeMailbox(observation: { personId: string; address: string; lastActiveAt: string | null }): void {
    const key = `${observation.personId}|${observation.address}|${observation.lastActiveAt ?? ''}`;
    this.mailboxes.set(key, { ...observation });
  }

  build(): BundlePart {
    const part: BundlePart = {};
    if (this.records.documents.size > 0) part.documents = [...this.records.documents.values()];
    if (this.records.tasks.size > 0) part.tasks = [...this.records.tasks.values()];
    if (this.mailboxes.size > 0) part.mailboxes = [...this.mailboxes.values()];
    if (this.deleted.size > 0) part.deleted = [...this.deleted.values()];
    return part;
  }
}
