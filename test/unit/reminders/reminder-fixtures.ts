/** Candidates and a directory made from an evaluation, as the store would load them. */
import type { Dataset } from '../../../src/domain/model.js';
import { isSecret } from '../../../src/domain/model.js';
import type { Directory, ReminderCandidate } from '../../../src/domain/reminders/reminder-planner.js';
import type { ReminderPolicy } from '../../../src/domain/reminders/reminder-policy.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../../src/config/reminders.loader.js';
import type { Evaluation } from '../../../src/domain/evaluate.js';

export const policy: ReminderPolicy = DEFAULT_REMINDER_SETTINGS.policy;

export function candidatesOf(evaluation: Evaluation, ds: Dataset): ReminderCandidate[] {
  return evaluation.obligations.map((o) => {
    const draft =
      o.rule === 'staff_submission' || o.rule === 'unit_submission' ? ds.drafts.get(o.subjectId) : undefined;
    const task =
      o.rule === 'plan' ? ds.tasks.get(o.subjectId) : draft ? ds.tasks.get(draft.taskId) : undefined;
    const doc = task?.documentId ? ds.documents.get(task.documentId) : undefined;
    const open = doc !== undefined && !isSecret(doc) ? doc : undefined;
    return {
      obligationId: o.id,
      rule: o.rule,
      unitId: o.unitId,
      personId: o.personId,
      dueDate: o.dueDate,
      status: o.status,
      tight: o.tight,
      details: o.details,
      documentNumber: open?.number ?? null,
      title: task?.title ?? open?.subject ?? null,
      unitName: o.unitId === null ? null : (ds.units.get(o.unitId)?.name ?? null),
      excluded: false,
    };
  });
}

export function directoryOf(ds: Dataset): Directory {
  return {
    people: new Map(
      [...ds.people.values()].map((p) => [
        p.id,
        { id: p.id, name: p.name, email: p.email, active: p.active, unitId: p.unitId },
      ]),
    ),
    units: new Map([...ds.units.values()].map((u) => [u.id, { id: u.id, name: u.name, headId: u.headId }])),
  };
}
