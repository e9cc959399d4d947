import { query } from './test-database.js';

/** Everything a sync leaves behind, in a form two databases can be compared by. */
export async function syncSnapshot(url: string) {
  const q = (sql: string) => query(url, sql);
  return {
    units: await q('SELECT id, hash FROM units ORDER BY id'),
    people: await q('SELECT id, hash FROM people ORDER BY id'),
    documents: await q('SELECT id, hash FROM documents ORDER BY id'),
    tasks: await q('SELECT id, hash FROM tasks ORDER BY id'),
    changes: await q(
      'SELECT task_id, seq, deadline::text, at FROM task_deadline_changes ORDER BY task_id, seq',
    ),
    drafts: await q('SELECT id, hash FROM drafts ORDER BY id'),
    rounds: await q('SELECT draft_id, seq, at FROM review_rounds ORDER BY draft_id, seq'),
    schedules: await q('SELECT unit_id, week, hash FROM weekly_schedules ORDER BY unit_id, week'),
    mailboxes: await q(
      'SELECT person_id, address, last_active_at FROM mailbox_observations ORDER BY 1, 2, 3',
    ),
    obligations: await q(
      'SELECT id, status, due_date::text, working_days_late, tight, phase_id, details FROM obligations ORDER BY id',
    ),
  };
}
