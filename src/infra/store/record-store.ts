/**
 * Reads and writes the canonical records in Postgres. Writes are set-based (`unnest` arrays, one
 * statement per kind and batch) and idempotent: each row carries the hash of its normalized record,
 * and an upsert only touches a row whose hash changed, so importing the same data twice changes
 * nothing and counts as `unchanged`.
 */
import { hash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Dataset, DeletableKind, Document, Person, Tombstone } from '../../domain/model.js';
import { emptyDataset, isSecret } from '../../domain/model.js';
import type { RecordBatch } from '../../domain/bundle/record-batch.js';
import type { Day, Instant } from '../../domain/time.js';
import { formatDay, parseDay } from '../../domain/time.js';
import { rowsOf } from '../database/query-rows.js';

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

const iso = (i: Instant | null) => (i === null ? null : new Date(i).toISOString());
const day = (d: Day | null) => (d === null ? null : formatDay(d));
// One-shot `hash`: a Hash object per record cost 4 times as much (5 s of a 1M-record import).
const hashOf = (value: unknown) => hash('sha1', JSON.stringify(value), 'base64url');
/** "Never active" in the unique key of mailbox observations (a NULL would not be unique). */
const NEVER = '-infinity';

type Column = [name: string, type: string];

/** The last record of each key wins inside a batch, as BUNDLE.md says for a bundle. */
function lastByKey<T>(rows: T[], key: (r: T) => string): T[] {
  const map = new Map<string, T>();
  for (const r of rows) map.set(key(r), r);
  return [...map.values()];
}

/**
 * INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE WHERE the hash differs. Returns the keys of
 * the rows inserted and updated; the rest were unchanged.
 */
async function upsert(
  manager: EntityManager,
  table: string,
  keys: string[],
  columns: Column[],
  rows: unknown[][],
): Promise<{ inserted: string[]; updated: string[] }> {
  if (rows.length === 0) return { inserted: [], updated: [] };
  const arrays = columns.map((_, c) => rows.map((r) => r[c]));
  const names = columns.map(([n]) => `"${n}"`).join(', ');
  const unnest = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  const updates = columns
    .filter(([n]) => !keys.includes(n))
    .map(([n]) => `"${n}" = excluded."${n}"`)
    .join(', ');
  const keyExpr = keys.map((k) => `${table}."${k}"::text`).join(" || '|' || ");
  const result = (await manager.query(
    `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})
     ON CONFLICT (${keys.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${updates}
     WHERE ${table}.hash IS DISTINCT FROM excluded.hash
     RETURNING ${keyExpr} AS key, (xmax = 0) AS inserted`,
    arrays,
  )) as { key: string; inserted: boolean }[];
  const inserted: string[] = [];
  const updated: string[] = [];
  for (const r of result) (r.inserted ? inserted : updated).push(r.key);
  return { inserted, updated };
}

function add(counts: WriteCounts, result: { inserted: string[]; updated: string[] }, total: number): void {
  counts.inserted += result.inserted.length;
  counts.updated += result.updated.length;
  counts.unchanged += total - result.inserted.length - result.updated.length;
}

export class RecordStore {
  /** Writes one batch inside the caller's transaction. Tombstones apply after the records. */
  async writeBatch(
    manager: EntityManager,
    batch: RecordBatch,
    runId: string | null,
  ): Promise<{ counts: WriteCounts; touched: Touched }> {
    const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
    const touched = emptyTouched();
    const run = runId;

    const units = lastByKey(batch.units, (u) => u.id);
    const u = await upsert(
      manager,
      'units',
      ['id'],
      [
        ['id', 'text'],
        ['name', 'text'],
        ['parent_id', 'text'],
        ['head_id', 'text'],
        ['hash', 'text'],
        ['run_id', 'bigint'],
      ],
      units.map((r) => [r.id, r.name, r.parentId, r.headId, hashOf(r), run]),
    );
    add(counts, u, units.length);
    if (u.inserted.length + u.updated.length > 0) touched.units = true;

    const people = lastByKey(batch.people, (p) => p.id);
    add(
      counts,
      await upsert(
        manager,
        'people',
        ['id'],
        [
          ['id', 'text'],
          ['name', 'text'],
          ['unit_id', 'text'],
          ['role', 'text'],
          ['email', 'text'],
          ['active', 'boolean'],
          ['hash', 'text'],
          ['run_id', 'bigint'],
        ],
        people.map((r) => [r.id, r.name, r.unitId, r.role, r.email, r.active, hashOf(r), run]),
      ),
      people.length,
    );

    const documents = lastByKey(batch.documents, (d) => d.id);
    const d = await upsert(
      manager,
      'documents',
      ['id'],
      [
        ['id', 'text'],
        ['direction', 'text'],
        ['confidentiality', 'text'],
        ['date', 'date'],
        ['number', 'text'],
        ['type', 'text'],
        ['subject', 'text'],
        ['legal_normative', 'boolean'],
        ['urgency', 'text'],
        ['received_at', 'timestamptz'],
        ['issued_at', 'timestamptz'],
        ['deadline', 'date'],
        ['channel', 'text'],
        ['signature_agency', 'boolean'],
        ['signature_signer', 'boolean'],
        ['unit_id', 'text'],
        ['hash', 'text'],
        ['run_id', 'bigint'],
      ],
      documents.map((r) =>
        isSecret(r)
          ? // Only what DOMAIN.md §4 lets us keep.
            [
              r.id,
              r.direction,
              r.confidentiality,
              day(r.date),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              hashOf(r),
              run,
            ]
          : [
              r.id,
              r.direction,
              r.confidentiality,
              day(r.date),
              r.number,
              r.type,
              r.subject,
              r.legalNormative,
              r.urgency,
              iso(r.receivedAt),
              iso(r.issuedAt),
              day(r.deadline),
              r.channel,
              r.signatures.agency,
              r.signatures.signer,
              r.unitId,
              hashOf(r),
              run,
            ],
      ),
    );
    add(counts, d, documents.length);
    for (const id of [...d.inserted, ...d.updated]) touched.documentIds.add(id);
    const secretDocs = documents.filter(isSecret).map((x) => x.id);
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

    const tasks = lastByKey(batch.tasks, (t) => t.id);
    const t = await upsert(
      manager,
      'tasks',
      ['id'],
      [
        ['id', 'text'],
        ['document_id', 'text'],
        ['secret', 'boolean'],
        ['title', 'text'],
        ['assigner_id', 'text'],
        ['unit_id', 'text'],
        ['assignee_id', 'text'],
        ['assigned_at', 'timestamptz'],
        ['deadline', 'date'],
        ['plan_reported_at', 'timestamptz'],
        ['plan_target_date', 'date'],
        ['has_plan', 'boolean'],
        ['completed_at', 'timestamptz'],
        ['cancelled_at', 'timestamptz'],
        ['hash', 'text'],
        ['run_id', 'bigint'],
      ],
      tasks.map((r) =>
        r.secret === true
          ? [
              r.id,
              r.documentId,
              true,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              false,
              null,
              null,
              hashOf({ id: r.id, documentId: r.documentId }),
              run,
            ]
          : [
              r.id,
              r.documentId,
              false,
              r.title,
              r.assignerId,
              r.unitId,
              r.assigneeId,
              iso(r.assignedAt),
              day(r.deadline),
              iso(r.plan?.reportedAt ?? null),
              day(r.plan?.targetDate ?? null),
              r.plan !== null,
              iso(r.completedAt),
              iso(r.cancelledAt),
              hashOf(r),
              run,
            ],
      ),
    );
    add(counts, t, tasks.length);
    const changedTasks = [...t.inserted, ...t.updated];
    for (const id of changedTasks) touched.taskIds.add(id);
    if (changedTasks.length > 0) {
      const byId = new Map(tasks.map((r) => [r.id, r]));
      await manager.query('DELETE FROM task_deadline_changes WHERE task_id = ANY($1)', [changedTasks]);
      const rows = changedTasks.flatMap((id) =>
        byId.get(id)!.deadlineChanges.map((c, seq) => [id, seq, day(c.deadline), iso(c.at)]),
      );
      if (rows.length > 0) {
        await manager.query(
          'INSERT INTO task_deadline_changes (task_id, seq, deadline, at) SELECT * FROM unnest($1::text[], $2::int[], $3::date[], $4::timestamptz[])',
          [0, 1, 2, 3].map((c) => rows.map((r) => r[c])),
        );
      }
    }

    const drafts = lastByKey(batch.drafts, (x) => x.id);
    const dr = await upsert(
      manager,
      'drafts',
      ['id'],
      [
        ['id', 'text'],
        ['task_id', 'text'],
        ['secret', 'boolean'],
        ['drafter_id', 'text'],
        ['unit_id', 'text'],
        ['legal_normative', 'boolean'],
        ['unit_deadline', 'date'],
        ['submitted_to_unit_at', 'timestamptz'],
        ['submitted_to_leadership_at', 'timestamptz'],
        ['issued_at', 'timestamptz'],
        ['outgoing_document_id', 'text'],
        ['hash', 'text'],
        ['run_id', 'bigint'],
      ],
      drafts.map((r) =>
        r.secret === true
          ? [
              r.id,
              r.taskId,
              true,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              hashOf({ id: r.id, taskId: r.taskId }),
              run,
            ]
          : [
              r.id,
              r.taskId,
              false,
              r.drafterId,
              r.unitId,
              r.legalNormative,
              day(r.unitDeadline),
              iso(r.submittedToUnitAt),
              iso(r.submittedToLeadershipAt),
              iso(r.issuedAt),
              r.outgoingDocumentId,
              hashOf(r),
              run,
            ],
      ),
    );
    add(counts, dr, drafts.length);
    const changedDrafts = [...dr.inserted, ...dr.updated];
    if (changedDrafts.length > 0) {
      const byId = new Map(drafts.map((r) => [r.id, r]));
      for (const id of changedDrafts) touched.taskIds.add(byId.get(id)!.taskId);
      await manager.query('DELETE FROM review_rounds WHERE draft_id = ANY($1)', [changedDrafts]);
      const rows = changedDrafts.flatMap((id) =>
        byId.get(id)!.reviewRounds.map((r, seq) => [id, seq, iso(r.at), r.reviewerId]),
      );
      if (rows.length > 0) {
        await manager.query(
          'INSERT INTO review_rounds (draft_id, seq, at, reviewer_id) SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[])',
          [0, 1, 2, 3].map((c) => rows.map((r) => r[c])),
        );
      }
    }

    const schedules = lastByKey(batch.weeklySchedules, (s) => `${s.unitId}|${s.week}`);
    add(
      counts,
      await upsert(
        manager,
        'weekly_schedules',
        ['unit_id', 'week'],
        [
          ['unit_id', 'text'],
          ['week', 'text'],
          ['published_at', 'timestamptz'],
          ['hash', 'text'],
          ['run_id', 'bigint'],
        ],
        schedules.map((r) => [r.unitId, r.week, iso(r.publishedAt), hashOf(r), run]),
      ),
      schedules.length,
    );

    if (batch.mailboxes.length > 0) {
      const rows = batch.mailboxes.map((m) => [m.personId, m.address, iso(m.lastActiveAt) ?? NEVER, run]);
      const inserted = (await manager.query(
        `INSERT INTO mailbox_observations (person_id, address, last_active_at, run_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[])
         ON CONFLICT (person_id, address, last_active_at) DO NOTHING RETURNING id`,
        [0, 1, 2, 3].map((c) => rows.map((r) => r[c])),
      )) as unknown[];
      counts.inserted += inserted.length;
      counts.unchanged += batch.mailboxes.length - inserted.length;
    }

    await this.applyTombstones(manager, batch.tombstones, counts, touched);
    return { counts, touched };
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

  /*
   * The lookups below take `id IN (SELECT unnest($1))` rather than `id = ANY($1)`: with a batch's
   * 5,000 ids, `= ANY` is costed as 5,000 random reads and planned as a (parallel) sequential scan
   * of the whole table, 60–110 ms a query on the province-year; the semi-join form is planned as
   * index probes, 10–30 ms. Same rows either way.
   */

  /** Which of these ids exist, per kind: for reference checks against what is already stored. */
  async existing(
    manager: EntityManager,
    table: 'units' | 'tasks' | 'documents' | 'people',
    ids: string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await manager.query(`SELECT id FROM ${table} WHERE id IN (SELECT unnest($1::text[]))`, [
      ids,
    ])) as {
      id: string;
    }[];
    return new Set(rows.map((r) => r.id));
  }

  /** Which of these documents are stored, and which of those are confidential. One query for both. */
  storedDocuments(
    manager: EntityManager,
    ids: string[],
  ): Promise<{ existing: Set<string>; secret: Set<string> }> {
    return storedWithSecret(manager, `SELECT id, confidentiality <> 'normal' AS secret FROM documents`, ids);
  }

  /** Which of these tasks are stored, and which of those handle a secret. One query for both. */
  storedTasks(
    manager: EntityManager,
    ids: string[],
  ): Promise<{ existing: Set<string>; secret: Set<string> }> {
    return storedWithSecret(manager, 'SELECT id, secret FROM tasks', ids);
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
    const taskParams = scope ? [scope.taskIds] : [];
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
      `SELECT c.task_id, c.deadline, ${epoch('c.at')} FROM task_deadline_changes c ${scope ? 'WHERE c.task_id = ANY($1)' : ''} ORDER BY c.task_id, c.seq`,
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
    for (const r of await q<{ draft_id: string; at: string; reviewer_id: string | null }>(
      `SELECT rr.draft_id, ${epoch('rr.at')}, rr.reviewer_id FROM review_rounds rr
       ${scope ? 'JOIN drafts d ON d.id = rr.draft_id WHERE d.task_id = ANY($1)' : ''} ORDER BY rr.draft_id, rr.seq`,
      taskParams,
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
      `SELECT id, direction, confidentiality, date, number, type, subject, legal_normative, urgency,
              ${epoch('received_at')}, ${epoch('issued_at')}, deadline, channel, signature_agency, signature_signer, unit_id
       FROM documents ${scope ? 'WHERE id = ANY($1)' : ''}`,
      scope ? [docIds] : [],
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

/** Runs `select` (yielding `id, secret`) for these ids: which exist, and which of those are secret. */
async function storedWithSecret(
  manager: EntityManager,
  select: string,
  ids: string[],
): Promise<{ existing: Set<string>; secret: Set<string> }> {
  if (ids.length === 0) return { existing: new Set(), secret: new Set() };
  const rows = (await manager.query(`${select} WHERE id IN (SELECT unnest($1::text[]))`, [ids])) as {
    id: string;
    secret: boolean;
  }[];
  return {
    existing: new Set(rows.map((r) => r.id)),
    secret: new Set(rows.filter((r) => r.secret).map((r) => r.id)),
  };
}
