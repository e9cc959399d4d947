/**
 * Reading stored obligations for people: filtered, paged, within what the caller may see. The
 * filters are bound parameters, never spliced into SQL; the page size is bounded by the caller.
 */
import type { DataSource } from 'typeorm';
import type { ObligationView } from '../../domain/report/evaluation-view.js';
import type { Details, RuleId, Status } from '../../domain/rules/obligation.js';
import { formatInstant } from '../../domain/time.js';
import type { Page, PageRequest } from './page.js';
import { pageOf } from './page.js';

export interface ObligationFilter {
  unitId?: string;
  personId?: string;
  rule?: string;
  status?: string;
  phaseId?: string;
  /** Inclusive `YYYY-MM-DD` bounds on the due date. */
  dueFrom?: string;
  dueTo?: string;
}

/** Who the reader may see; applied on top of the filter, never instead of it. */
export type ObligationScope =
  { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'person'; personId: string };

/** EVALUATE.md's obligation shape (the one `ObligationView`), plus when it was last judged. */
export interface StoredObligationView extends ObligationView {
  evaluatedAsOf: string;
}

export interface HistoryView {
  at: string;
  cause: string;
  previousStatus: string | null;
  status: string | null;
  previousDueDate: string | null;
  dueDate: string | null;
}

interface Row {
  id: string;
  rule: RuleId;
  subject_id: string;
  unit_id: string | null;
  person_id: string | null;
  due_date: string | null;
  status: Status;
  done_at: Date | null;
  working_days_late: number | null;
  tight: boolean;
  phase_id: string | null;
  details: Details;
  as_of: Date;
}

const COLUMNS = `id, rule, subject_id, unit_id, person_id, to_char(due_date, 'YYYY-MM-DD') AS due_date,
  status, done_at, working_days_late, tight, phase_id, details, as_of`;

function view(r: Row): StoredObligationView {
  return {
    id: r.id,
    rule: r.rule,
    subjectId: r.subject_id,
    unitId: r.unit_id,
    personId: r.person_id,
    dueDate: r.due_date,
    status: r.status,
    doneAt: r.done_at === null ? null : formatInstant(r.done_at.getTime()),
    workingDaysLate: r.working_days_late,
    tight: r.tight,
    phaseId: r.phase_id,
    details: r.details,
    evaluatedAsOf: formatInstant(r.as_of.getTime()),
  };
}

function where(filter: ObligationFilter, scope: ObligationScope): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, op: string, value: unknown) => {
    params.push(value);
    clauses.push(`${column} ${op} $${params.length}`);
  };
  if (scope.kind === 'unit') add('unit_id', '=', scope.unitId);
  if (scope.kind === 'person') add('person_id', '=', scope.personId);
  if (filter.unitId !== undefined) add('unit_id', '=', filter.unitId);
  if (filter.personId !== undefined) add('person_id', '=', filter.personId);
  if (filter.rule !== undefined) add('rule', '=', filter.rule);
  if (filter.status !== undefined) add('status', '=', filter.status);
  if (filter.phaseId !== undefined) add('phase_id', '=', filter.phaseId);
  if (filter.dueFrom !== undefined) add('due_date', '>=', filter.dueFrom);
  if (filter.dueTo !== undefined) add('due_date', '<=', filter.dueTo);
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

export class ObligationQuery {
  constructor(private readonly dataSource: DataSource) {}

  /** Ordered by due date (undated last), then id: a stable order, so pages do not overlap. */
  async list(
    filter: ObligationFilter,
    scope: ObligationScope,
    request: PageRequest,
  ): Promise<Page<StoredObligationView>> {
    const w = where(filter, scope);
    const { limit, offset } = pageOf(request);
    // The page's ids first, from the (unit|person, due date, id) index, then only those rows: a
    // deep page skips index entries, not whole rows with their details.
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT ${COLUMNS} FROM obligations
         WHERE id IN (SELECT id FROM obligations ${w.sql} ORDER BY obligations.due_date NULLS LAST, obligations.id
                      LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2})
         ORDER BY obligations.due_date NULLS LAST, obligations.id`,
        [...w.params, limit, offset],
      ) as Promise<Row[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM obligations ${w.sql}`, w.params) as Promise<
        { n: number }[]
      >,
    ]);
    return { total: count[0].n, limit, offset, items: rows.map(view) };
  }

  /** One obligation with every change of its status or due date, oldest first; null if unseen. */
  async get(
    id: string,
    scope: ObligationScope,
  ): Promise<{ obligation: StoredObligationView; history: HistoryView[] } | null> {
    const w = where({}, scope);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM obligations ${w.sql === '' ? 'WHERE' : `${w.sql} AND`} id = $${w.params.length + 1}`,
      [...w.params, id],
    )) as Row[];
    if (rows.length === 0) return null;
    const history = (await this.dataSource.query(
      `SELECT as_of, cause, previous_status, status,
              to_char(previous_due_date, 'YYYY-MM-DD') AS previous_due_date,
              to_char(due_date, 'YYYY-MM-DD') AS due_date
       FROM obligation_history WHERE obligation_id = $1 ORDER BY id`,
      [id],
    )) as {
      as_of: Date;
      cause: string;
      previous_status: string | null;
      status: string | null;
      previous_due_date: string | null;
      due_date: string | null;
    }[];
    return {
      obligation: view(rows[0]),
      history: history.map((h) => ({
        at: formatInstant(h.as_of.getTime()),
        cause: h.cause,
        previousStatus: h.previous_status,
        status: h.status,
        previousDueDate: h.previous_due_date,
        dueDate: h.due_date,
      })),
    };
  }
}
