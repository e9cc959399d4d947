/**
 * Reads and writes the canonical records in Postgres. Writes are set-based and idempotent: each row
 * carries the hash of its normalized record, and the upsert only touches a row whose hash changed,
 * so importing the same data twice changes nothing and counts as `unchanged`. On a server a kind's
 * rows are first offered to `COPY`, which loads new rows at about half the cost of an INSERT and
 * fails at the first row already stored; the batch then goes back to before it and upserts. (Not
 * on embedded PGlite, whose socket does not speak COPY.)
 */
import type { EntityManager } from 'typeorm';
import type { Dataset, DeletableKind, Document, Person, TimeBasis, Tombstone } from '../../domain/model.js';
import { emptyDataset, isSecret } from '../../domain/model.js';
import type { RecordBatch, ReferencedIds, StoredReferences } from '../../domain/bundle/record-batch.js';
import { parseDay } from '../../domain/time.js';
import { copyIn } from '../database/copy-in.js';
import { RECEIPT_BASIS_FROM_OWN_ARRIVAL, RECEIPT_FROM_OWN_ARRIVAL } from './document-status-store.js';
import { rowsOf } from '../database/query-rows.js';
import type { CopyRows } from '../database/binary-format.js';
import { textArray } from '../database/binary-format.js';
import type { ChildSpec, Column, PreparedBatch, PreparedRows, TableSpec } from './record-rows.js';
import {
  DEADLINE_CHANGES,
  DOCUMENTS,
  DRAFTS,
  MAILBOX_COLUMNS,
  PEOPLE,
  REVIEW_ROUNDS,
  TASKS,
  UNITS,
  WEEKLY_SCHEDULES,
  arraysOf,
  keptAfterResolve,
  mailboxRow,
  prepareBatch,
} from './record-rows.js';

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** What a write touched, so the evaluation after it recomputes only those subjects. */
export interface Touched {
  taskIds: Set<string>;
  documentIds: Set<string>;
  /** A unit changed: heads and names feed every obligation, so everything is recomputed. */
  units: boolean;
}

export function emptyTouched(): Touched {
  return { taskIds: new Set(), documentIds: new Set(), units: false };
}

/** What a kind's write did. */
interface Written<T> {
  /** The records the batch holds after resolving, the last of each key. */
  records: T[];
  /** All of them were new and went by COPY (their children can go the same way). */
  copied: boolean;
  /** Otherwise: the keys the upsert inserted and updated. */
  inserted: string[];
  updated: string[];
}

const keyExpression = (table: string, keys: string[]) =>
  keys.map((k) => `${table}."${k}"::text`).join(" || '|' || ");

/**
 * INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE WHERE the hash differs. Returns the keys of
 * the rows inserted and updated; the rest were unchanged.
 */
/** What stands, in a stored reminder or digest, for a document that has since become confidential. */
const RECLASSIFIED_LABEL =
  'Văn bản đã chuyển sang mật: nội dung không hiển thị / document now confidential: not shown';
const RECLASSIFIED_MARK = '[văn bản mật / confidential]';

interface Reclassified {
  documentIds: string[];
  texts: string[];
}

async function upsert<T>(
  manager: EntityManager,
  spec: TableSpec<T>,
  records: T[],
  runId: string | null,
): Promise<{ inserted: string[]; updated: string[] }> {
  if (records.length === 0) return { inserted: [], updated: [] };
  const { table, keys, columns } = spec;
  const names = [...columns.map(([n]) => `"${n}"`), 'run_id'].join(', ');
  const unnest = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  const updates = [...columns.map(([n]) => n).filter((n) => !keys.includes(n)), 'run_id']
    .map((n) => `"${n}" = excluded."${n}"`)
    .join(', ');
  const result = (await manager.query(
    `INSERT INTO ${table} (${names}) SELECT r.*, $${columns.length + 1}::bigint FROM unnest(${unnest}) AS r
     ON CONFLICT (${keys.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${updates}
     WHERE ${table}.hash IS DISTINCT FROM excluded.hash
     RETURNING ${keyExpression(table, keys)} AS key, (xmax = 0) AS inserted`,
    [...arraysOf(columns, records.map(spec.row)), runId],
  )) as { key: string; inserted: boolean }[];
  const inserted: string[] = [];
  const updated: string[] = [];
  for (const r of result) (r.inserted ? inserted : updated).push(r.key);
  return { inserted, updated };
}

async function insertRows(
  manager: EntityManager,
  table: string,
  columns: Column[],
  arrays: Buffer[],
): Promise<void> {
  await manager.query(
    `INSERT INTO ${table} (${columns.map(([n]) => n).join(', ')})
     SELECT * FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`,
    arrays,
  );
}

const COPY_SAVEPOINT = 'record_copy';

/**
 * Copies `rows` (COPY data) into `table`, or — when one of them is already stored, which fails the
 * COPY at that row — takes the batch back to before it and returns false.
 */
async function copyIfAllNew(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: Buffer,
): Promise<boolean> {
  await manager.query(`SAVEPOINT ${COPY_SAVEPOINT}`);
  try {
    await copyIn(manager, `COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`, rows);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await manager.query(`ROLLBACK TO SAVEPOINT ${COPY_SAVEPOINT}`);
    return false;
  }
}

function add(counts: WriteCounts, written: Written<unknown>): void {
  const inserted = written.copied ? written.records.length : written.inserted.length;
  counts.inserted += inserted;
  counts.updated += written.updated.length;
  counts.unchanged += written.records.length - inserted - written.updated.length;
}

/** The keys of the rows a write inserted or updated. */
function changedKeys<T>(spec: TableSpec<T>, written: Written<T>): string[] {
  return written.copied ? written.records.map(spec.key) : [...written.inserted, ...written.updated];
}

export class RecordStore {
  /**
   * Makes a batch's rows ready before its transaction: with `copy` (a server), hashed and
   * serialized for COPY; without (embedded PGlite), only reduced to the last record of each key.
   * CPU only, so it can run while another batch commits.
   */
  prepare(batch: RecordBatch, runId: string | null, copy: boolean): Promise<PreparedBatch> {
    return prepareBatch(batch, runId, copy);
  }

  /**
   * Writes one batch inside the caller's transaction: `batch` is what resolving it against storage
   * kept, `prepared` its rows as made ready before. Tombstones apply after the records.
   */
  async writeBatch(
    manager: EntityManager,
    prepared: PreparedBatch,
    batch: RecordBatch,
    runId: string | null,
  ): Promise<{ counts: WriteCounts; touched: Touched }> {
    const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
    const touched = emptyTouched();

    const units = await this.write(manager, UNITS, prepared.units, batch.units, runId);
    add(counts, units);
    if (changedKeys(UNITS, units).length > 0) touched.units = true;

    add(counts, await this.write(manager, PEOPLE, prepared.people, batch.people, runId));

    const reclassified = await this.reclassifiedTexts(
      manager,
      batch.documents.filter(isSecret).map((x) => x.id),
    );
    const documents = await this.write(manager, DOCUMENTS, prepared.documents, batch.documents, runId);
    add(counts, documents);
    for (const id of changedKeys(DOCUMENTS, documents)) touched.documentIds.add(id);
    const secretDocs = documents.records.filter(isSecret).map((x) => x.id);
    if (secretDocs.length > 0) {
      // A document classified after its tasks arrived takes them out of every rule, and their
      // titles and people out of storage (DOMAIN.md §4).
      await manager.query(
        `UPDATE tasks SET secret = true, title = NULL, assigner_id = NULL, unit_id = NULL, assignee_id = NULL,
           assigned_at = NULL, deadline = NULL, plan_reported_at = NULL, plan_target_date = NULL, has_plan = false,
           completed_at = NULL, cancelled_at = NULL
         WHERE document_id = ANY($1) AND NOT secret`,
        [secretDocs],
      );
    }
    if (reclassified !== null) await this.scrubReclassified(manager, reclassified);

    const tasks = await this.write(manager, TASKS, prepared.tasks, batch.tasks, runId);
    add(counts, tasks);
    for (const id of changedKeys(TASKS, tasks)) touched.taskIds.add(id);
    await this.writeChildren(manager, DEADLINE_CHANGES, tasks, prepared.deadlineChanges);

    const drafts = await this.write(manager, DRAFTS, prepared.drafts, batch.drafts, runId);
    add(counts, drafts);
    const changedDrafts = changedKeys(DRAFTS, drafts);
    if (changedDrafts.length > 0) {
      const taskOf = new Map(drafts.records.map((r) => [r.id, r.taskId]));
      for (const id of changedDrafts) touched.taskIds.add(taskOf.get(id)!);
    }
    await this.writeChildren(manager, REVIEW_ROUNDS, drafts, prepared.reviewRounds);

    add(
      counts,
      await this.write(manager, WEEKLY_SCHEDULES, prepared.weeklySchedules, batch.weeklySchedules, runId),
    );

    if (batch.mailboxes.length > 0) {
      const inserted = (await manager.query(
        `INSERT INTO mailbox_observations (person_id, address, last_active_at, run_id)
         SELECT r.*, $4::bigint FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS r
         ON CONFLICT (person_id, address, last_active_at) DO NOTHING RETURNING id`,
        [...arraysOf(MAILBOX_COLUMNS, batch.mailboxes.map(mailboxRow)), runId],
      )) as unknown[];
      counts.inserted += inserted.length;
      counts.unchanged += batch.mailboxes.length - inserted.length;
    }

    await this.applyTombstones(manager, batch.tombstones, counts, touched);
    return { counts, touched };
  }

  /**
   * The texts by which stored documents that this batch makes confidential could still be
   * recognised — their number and subject and their tasks' titles, as stored before the batch — and
   * the documents' ids; null when the batch reclassifies nothing.
   */
  private async reclassifiedTexts(manager: EntityManager, secretIds: string[]): Promise<Reclassified | null> {
    if (secretIds.length === 0) return null;
    const rows = (await manager.query(
      `SELECT d.id, d.number AS text FROM documents d WHERE d.id = ANY($1) AND d.confidentiality = 'normal'
       UNION ALL SELECT d.id, d.subject FROM documents d WHERE d.id = ANY($1) AND d.confidentiality = 'normal'
       UNION ALL SELECT t.document_id, t.title FROM tasks t JOIN documents d ON d.id = t.document_id
         WHERE d.id = ANY($1) AND d.confidentiality = 'normal' AND NOT t.secret`,
      [secretIds],
    )) as { id: string; text: string | null }[];
    if (rows.length === 0) return null;
    const texts = new Set<string>();
    for (const r of rows) if (r.text !== null && r.text.trim().length >= 3) texts.add(r.text);
    return { documentIds: [...new Set(rows.map((r) => r.id))], texts: [...texts] };
  }

  /**
   * A document re-sent as confidential after reminders or digests named it: every stored text
   * derived from it is scrubbed to what a confidential document may show (DOMAIN.md §4) — the
   * reminder items of its obligations and those of its tasks and drafts lose their label and why,
   * and its number, subject and task titles are replaced in stored digests (raw and as escaped in
   * HTML). Obligations and their details are rewritten by the evaluation that follows, which no
   * longer sees the document's content. Frozen review snapshots keep what they froze: they are the
   * immutable evidence of a past review (refused UPDATE by trigger).
   */
  private async scrubReclassified(manager: EntityManager, r: Reclassified): Promise<void> {
    await manager.query(
      `UPDATE reminders SET label = $2, why = ''
       WHERE obligation_id IN (
         SELECT o.id FROM obligations o WHERE o.subject_id = ANY($1)
            OR o.task_id IN (SELECT t.id FROM tasks t WHERE t.document_id = ANY($1)))`,
      [r.documentIds, RECLASSIFIED_LABEL],
    );
    for (const text of r.texts) {
      await manager.query(
        `WITH v AS (SELECT replace(replace(replace(replace($1::text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') AS esc)
         UPDATE digests SET
           html = replace(replace(replace(html, $1, $2), v.esc, $2), replace(v.esc, '''', '&#39;'), $2),
           text = replace(text, $1, $2),
           subject = replace(subject, $1, $2)
         FROM v
         WHERE strpos(digests.html, $1) > 0 OR strpos(digests.html, v.esc) > 0
            OR strpos(digests.html, replace(v.esc, '''', '&#39;')) > 0 OR strpos(digests.text, $1) > 0`,
        [text, RECLASSIFIED_MARK],
      );
    }
  }

  /**
   * Writes a kind's records. New rows, as in a first import, go by COPY when they were prepared
   * for it and resolving kept them as they were; if one of them is already stored (a record sent
   * again or changed, or inserted by another writer meanwhile) the COPY fails at it, and the
   * records are upserted instead — the upsert touching only rows whose hash changed.
   */
  private async write<T>(
    manager: EntityManager,
    spec: TableSpec<T>,
    prepared: PreparedRows<T>,
    resolved: T[],
    runId: string | null,
  ): Promise<Written<T>> {
    const kept = keptAfterResolve(spec, prepared, resolved);
    const records = Array.isArray(kept) ? kept : prepared.records;
    if (records.length === 0) return { records, copied: false, inserted: [], updated: [] };
    if (!Array.isArray(kept) && prepared.copy !== null) {
      const columns = [...spec.columns.map(([n]) => `"${n}"`), 'run_id'];
      if (await copyIfAllNew(manager, spec.table, columns, prepared.copy.stream())) {
        return { records, copied: true, inserted: [], updated: [] };
      }
    }
    return { records, copied: false, ...(await upsert(manager, spec, records, runId)) };
  }

  /**
   * A written record's deadline changes or review rounds: those of copied records are copied from
   * `prepared`; an updated record's replace what was stored. (An inserted record has nothing stored
   * to replace: its children go only when it does, by a tombstone.)
   */
  private async writeChildren<T extends { id: string }>(
    manager: EntityManager,
    spec: ChildSpec<T>,
    parents: Written<T>,
    prepared: CopyRows | null,
  ): Promise<void> {
    if (parents.copied) {
      if (prepared !== null && prepared.rows > 0) {
        const columns = spec.columns.map(([n]) => n);
        await copyIn(
          manager,
          `COPY ${spec.table} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`,
          prepared.stream(),
        );
      }
      return;
    }
    if (parents.updated.length > 0) {
      await manager.query(`DELETE FROM ${spec.table} WHERE ${spec.parent} IN (SELECT unnest($1::text[]))`, [
        textArray(parents.updated),
      ]);
    }
    const changed = new Set([...parents.inserted, ...parents.updated]);
    if (changed.size === 0) return;
    const rows = parents.records.filter((r) => changed.has(r.id)).flatMap(spec.rows);
    if (rows.length > 0) await insertRows(manager, spec.table, spec.columns, arraysOf(spec.columns, rows));
  }

  private async applyTombstones(
    manager: EntityManager,
    tombstones: Tombstone[],
    counts: WriteCounts,
    touched: Touched,
  ): Promise<void> {
    const byKind = new Map<DeletableKind, string[]>();
    for (const t of tombstones) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t.id]);
    const del = async (sql: string, ids: string[]) =>
      rowsOf<Record<string, string | null>>(await manager.query(sql, [ids]));
    for (const [kind, ids] of byKind) {
      if (kind === 'unit') {
        const gone = await del('DELETE FROM units WHERE id = ANY($1) RETURNING id', ids);
        counts.deleted += gone.length;
        if (gone.length > 0) touched.units = true;
      } else if (kind === 'person') {
        counts.deleted += (await del('DELETE FROM people WHERE id = ANY($1) RETURNING id', ids)).length;
      } else if (kind === 'document') {
        const gone = await del('DELETE FROM documents WHERE id = ANY($1) RETURNING id', ids);
        counts.deleted += gone.length;
        for (const r of gone) touched.documentIds.add(r.id!);
        for (const r of await del('SELECT id FROM tasks WHERE document_id = ANY($1)', ids))
          touched.taskIds.add(r.id!);
      } else if (kind === 'task') {
        const gone = await del('DELETE FROM tasks WHERE id = ANY($1) RETURNING id', ids);
        await del('DELETE FROM task_deadline_changes WHERE task_id = ANY($1)', ids);
        counts.deleted += gone.length;
        for (const r of gone) touched.taskIds.add(r.id!);
      } else if (kind === 'draft') {
        const gone = await del('DELETE FROM drafts WHERE id = ANY($1) RETURNING id, task_id', ids);
        await del('DELETE FROM review_rounds WHERE draft_id = ANY($1)', ids);
        counts.deleted += gone.length;
        for (const r of gone) touched.taskIds.add(r.task_id!);
      }
    }
  }

  /**
   * Which of these ids are stored, and which of the documents and tasks are confidential or handle
   * a confidential document: one round trip for the four kinds. It takes `id IN (SELECT unnest($1))`
   * rather than `id = ANY($1)`: with a batch's 5,000 ids, `= ANY` is costed as 5,000 random reads
   * and planned as a (parallel) sequential scan of the whole table, 60–110 ms a query on the
   * province-year; the semi-join form is planned as index probes, 10–30 ms. Same rows either way.
   */
  async storedIds(manager: EntityManager, ids: ReferencedIds): Promise<StoredReferences> {
    const stored: StoredReferences = {
      units: new Set(),
      people: new Set(),
      documents: new Set(),
      tasks: new Set(),
      secretDocuments: new Set(),
      secretTasks: new Set(),
    };
    const parts: string[] = [];
    const params: Buffer[] = [];
    const part = (kind: string, select: string, list: string[]) => {
      if (list.length === 0) return;
      params.push(textArray(list));
      parts.push(
        `SELECT '${kind}' AS kind, ${select} WHERE id IN (SELECT unnest($${params.length}::text[]))`,
      );
    };
    part('unit', 'id, false AS secret FROM units', ids.units);
    part('person', 'id, false FROM people', ids.people);
    part('document', "id, confidentiality <> 'normal' FROM documents", ids.documents);
    part('task', 'id, secret FROM tasks', ids.tasks);
    if (parts.length === 0) return stored;
    const rows = (await manager.query(parts.join(' UNION ALL '), params)) as {
      kind: 'unit' | 'person' | 'document' | 'task';
      id: string;
      secret: boolean;
    }[];
    for (const r of rows) {
      if (r.kind === 'unit') stored.units.add(r.id);
      else if (r.kind === 'person') stored.people.add(r.id);
      else if (r.kind === 'document') {
        stored.documents.add(r.id);
        if (r.secret) stored.secretDocuments.add(r.id);
      } else {
        stored.tasks.add(r.id);
        if (r.secret) stored.secretTasks.add(r.id);
      }
    }
    return stored;
  }

  /**
   * Loads records into the engine's shape. Without a scope: everything. With one: the given tasks
   * (with their drafts and linked documents) and documents, and — since weekly schedules and mailbox
   * use are judged for every unit and person — all units, people, schedules and mailbox activity.
   */
  async loadDataset(
    manager: EntityManager,
    scope?: { taskIds: string[]; documentIds: string[] },
  ): Promise<Dataset> {
    const ds = emptyDataset();
    const q = async <T>(sql: string, params: unknown[] = []) => (await manager.query(sql, params)) as T[];
    const ms = (v: string | null) => (v === null ? null : Number(v));
    const dayOf = (v: string | null) => (v === null ? null : parseDay(v));

    for (const r of await q<{ id: string; name: string; parent_id: string | null; head_id: string | null }>(
      'SELECT id, name, parent_id, head_id FROM units',
    )) {
      ds.units.set(r.id, { id: r.id, name: r.name, parentId: r.parent_id, headId: r.head_id });
    }
    for (const r of await q<{
      id: string;
      name: string | null;
      unit_id: string;
      role: Person['role'];
      email: string | null;
      active: boolean;
    }>('SELECT id, name, unit_id, role, email, active FROM people')) {
      ds.people.set(r.id, {
        id: r.id,
        name: r.name,
        unitId: r.unit_id,
        role: r.role,
        email: r.email,
        active: r.active,
      });
    }

    const taskFilter = scope ? 'WHERE t.id = ANY($1)' : '';
    // Tens of thousands of ids after a sync: sent as binary arrays, read without parsing.
    const taskParams = scope ? [textArray(scope.taskIds)] : [];
    type TaskRow = {
      id: string;
      document_id: string | null;
      secret: boolean;
      title: string | null;
      assigner_id: string | null;
      unit_id: string | null;
      assignee_id: string | null;
      assigned_at: string | null;
      deadline: string | null;
      plan_reported_at: string | null;
      plan_target_date: string | null;
      has_plan: boolean;
      completed_at: string | null;
      cancelled_at: string | null;
    };
    const epoch = (c: string) =>
      `(extract(epoch from ${c}) * 1000)::float8::text AS ${c.replace(/^\w+\./, '')}`;
    for (const r of await q<TaskRow>(
      `SELECT t.id, t.document_id, t.secret, t.title, t.assigner_id, t.unit_id, t.assignee_id, ${epoch('t.assigned_at')},
              t.deadline, ${epoch('t.plan_reported_at')}, t.plan_target_date, t.has_plan, ${epoch('t.completed_at')},
              ${epoch('t.cancelled_at')}
       FROM tasks t ${taskFilter}`,
      taskParams,
    )) {
      ds.tasks.set(r.id, {
        id: r.id,
        documentId: r.document_id,
        title: r.title,
        assignerId: r.assigner_id,
        unitId: r.unit_id ?? '',
        assigneeId: r.assignee_id,
        assignedAt: ms(r.assigned_at) ?? 0,
        deadline: dayOf(r.deadline),
        deadlineChanges: [],
        plan: r.has_plan
          ? { reportedAt: ms(r.plan_reported_at), targetDate: dayOf(r.plan_target_date) }
          : null,
        completedAt: ms(r.completed_at),
        cancelledAt: ms(r.cancelled_at),
        ...(r.secret ? { secret: true as const } : {}),
      });
    }
    for (const r of await q<{ task_id: string; deadline: string; at: string }>(
      // `IN (SELECT unnest(…))` here: costing `= ANY` over tens of thousands of constants against this
      // column's statistics took the planner longer (0.1–0.2 s) than running the query.
      `SELECT c.task_id, c.deadline, ${epoch('c.at')} FROM task_deadline_changes c
       ${scope ? 'WHERE c.task_id IN (SELECT unnest($1::text[]))' : ''} ORDER BY c.task_id, c.seq`,
      taskParams,
    )) {
      ds.tasks.get(r.task_id)?.deadlineChanges.push({ deadline: parseDay(r.deadline)!, at: Number(r.at) });
    }

    type DraftRow = {
      id: string;
      task_id: string;
      secret: boolean;
      drafter_id: string | null;
      unit_id: string | null;
      legal_normative: boolean | null;
      unit_deadline: string | null;
      submitted_to_unit_at: string | null;
      submitted_to_leadership_at: string | null;
      issued_at: string | null;
      outgoing_document_id: string | null;
    };
    for (const r of await q<DraftRow>(
      `SELECT d.id, d.task_id, d.secret, d.drafter_id, d.unit_id, d.legal_normative, d.unit_deadline,
              ${epoch('d.submitted_to_unit_at')}, ${epoch('d.submitted_to_leadership_at')}, ${epoch('d.issued_at')},
              d.outgoing_document_id
       FROM drafts d ${scope ? 'WHERE d.task_id = ANY($1)' : ''}`,
      taskParams,
    )) {
      ds.drafts.set(r.id, {
        id: r.id,
        taskId: r.task_id,
        drafterId: r.drafter_id ?? '',
        unitId: r.unit_id ?? '',
        legalNormative: r.legal_normative,
        unitDeadline: dayOf(r.unit_deadline),
        submittedToUnitAt: ms(r.submitted_to_unit_at),
        submittedToLeadershipAt: ms(r.submitted_to_leadership_at),
        reviewRounds: [],
        issuedAt: ms(r.issued_at),
        outgoingDocumentId: r.outgoing_document_id,
        ...(r.secret ? { secret: true as const } : {}),
      });
    }
    // The rounds of the drafts just read, by their ids: a join with drafts scanned both tables.
    for (const r of await q<{ draft_id: string; at: string; reviewer_id: string | null }>(
      `SELECT rr.draft_id, ${epoch('rr.at')}, rr.reviewer_id FROM review_rounds rr
       ${scope ? 'WHERE rr.draft_id IN (SELECT unnest($1::text[]))' : ''} ORDER BY rr.draft_id, rr.seq`,
      scope ? [textArray([...ds.drafts.keys()])] : [],
    )) {
      ds.drafts.get(r.draft_id)?.reviewRounds.push({ at: Number(r.at), reviewerId: r.reviewer_id });
    }

    type DocRow = {
      id: string;
      direction: 'incoming' | 'outgoing';
      confidentiality: Document['confidentiality'];
      date: string;
      number: string | null;
      type: string | null;
      subject: string | null;
      legal_normative: boolean | null;
      urgency: string | null;
      received_at: string | null;
      issued_at: string | null;
      deadline: string | null;
      channel: 'electronic' | 'paper' | null;
      signature_agency: boolean | null;
      signature_signer: boolean | null;
      unit_id: string | null;
      time_basis: TimeBasis | null;
    };
    const docIds = scope
      ? [
          ...new Set([
            ...scope.documentIds,
            ...[...ds.tasks.values()].map((t) => t.documentId).filter((x): x is string => x !== null),
          ]),
        ]
      : [];
    for (const r of await q<DocRow>(
      // An incoming document dated only by the transport takes its own arrival status's time, whichever
      // sync delivered the status (document-status-store.ts).
      `SELECT d.id, d.direction, d.confidentiality, d.date, d.number, d.type, d.subject, d.legal_normative, d.urgency,
              (extract(epoch from ${RECEIPT_FROM_OWN_ARRIVAL}) * 1000)::float8::text AS received_at,
              ${epoch('d.issued_at')}, d.deadline, d.channel, d.signature_agency, d.signature_signer, d.unit_id,
              ${RECEIPT_BASIS_FROM_OWN_ARRIVAL} AS time_basis
       FROM documents d ${scope ? 'WHERE d.id = ANY($1)' : ''}`,
      scope ? [textArray(docIds)] : [],
    )) {
      if (r.confidentiality !== 'normal') {
        ds.documents.set(r.id, {
          id: r.id,
          confidentiality: r.confidentiality,
          direction: r.direction,
          date: parseDay(r.date)!,
        });
        continue;
      }
      ds.documents.set(r.id, {
        id: r.id,
        confidentiality: 'normal',
        direction: r.direction,
        number: r.number,
        type: r.type,
        subject: r.subject,
        legalNormative: r.legal_normative ?? false,
        urgency: r.urgency as 'normal' | null,
        date: parseDay(r.date)!,
        receivedAt: ms(r.received_at),
        issuedAt: ms(r.issued_at),
        deadline: dayOf(r.deadline),
        channel: r.channel ?? 'electronic',
        signatures: { agency: r.signature_agency ?? false, signer: r.signature_signer ?? false },
        unitId: r.unit_id,
        ...(r.time_basis !== null ? { timeBasis: r.time_basis } : {}),
      });
    }

    for (const r of await q<{ unit_id: string; week: string; published_at: string }>(
      `SELECT unit_id, week, ${epoch('published_at')} FROM weekly_schedules`,
    )) {
      ds.weeklySchedules.set(`${r.unit_id}|${r.week}`, {
        unitId: r.unit_id,
        week: r.week,
        publishedAt: Number(r.published_at),
      });
    }
    for (const r of await q<{ person_id: string; address: string; last_active_at: string | null }>(
      `SELECT person_id, address, CASE WHEN last_active_at = '-infinity' THEN NULL ELSE (extract(epoch from last_active_at) * 1000)::float8::text END AS last_active_at
       FROM mailbox_observations ORDER BY id`,
    )) {
      ds.mailboxes.push({ personId: r.person_id, address: r.address, lastActiveAt: ms(r.last_active_at) });
    }
    return ds;
  }
}
