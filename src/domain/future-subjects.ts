/**
 * The tasks and documents whose records hold an instant after as-of (DOMAIN.md §2: such a fact
 * does not count yet). Evaluated again at a later as-of, with no new data, they may be judged
 * differently: a task assigned tomorrow appears, a plan reported tomorrow is done, a deadline
 * change made tomorrow moves the due dates.
 *
 * An evaluation of only the affected subjects relies on this: apart from these, a subject's
 * obligations change with time alone only while they are open and due (see
 * `ObligationTransaction.timeMovedSubjects`), so the service marks these for the next evaluation.
 * Every instant a rule reads is listed here; weekly schedules and mailboxes are not, since their
 * obligations are judged again at every evaluation.
 */
import type { Dataset } from './model.js';
import { isSecret } from './model.js';
import type { Obligation } from './rules/obligation.js';
import type { Day, Instant } from './time.js';
import { localDay } from './time.js';

export interface FutureSubjects {
  taskIds: string[];
  documentIds: string[];
}

export function futureSubjects(dataset: Dataset, asOf: Instant): FutureSubjects {
  const after = (instant: Instant | null | undefined) =>
    instant !== null && instant !== undefined && instant > asOf;
  const documentIds: string[] = [];
  const futureDocuments = new Set<string>();
  for (const doc of dataset.documents.values()) {
    if (isSecret(doc)) continue;
    if (after(doc.receivedAt) || after(doc.issuedAt)) {
      documentIds.push(doc.id);
      futureDocuments.add(doc.id);
    }
  }
  const tasks = new Set<string>();
  for (const task of dataset.tasks.values()) {
    if (task.secret === true) continue;
    if (
      after(task.assignedAt) ||
      after(task.plan?.reportedAt) ||
      after(task.completedAt) ||
      after(task.cancelledAt) ||
      task.deadlineChanges.some((c) => after(c.at)) ||
      (task.documentId !== null && futureDocuments.has(task.documentId))
    )
      tasks.add(task.id);
  }
  for (const draft of dataset.drafts.values()) {
    if (draft.secret === true || tasks.has(draft.taskId)) continue;
    if (
      after(draft.submittedToUnitAt) ||
      after(draft.submittedToLeadershipAt) ||
      after(draft.issuedAt) ||
      draft.reviewRounds.some((r) => after(r.at))
    )
      tasks.add(draft.taskId);
  }
  return { taskIds: [...tasks], documentIds };
}

/**
 * Whether an obligation as judged earlier can be judged differently as of a later day with no new
 * data: an overdue one counts more working days late, a pending one whose due date is before that
 * day is overdue. An exempt one goes by the status it would have had (its evidence stays current).
 * Every other status is final until a record changes: met, late and violated are, and so is a
 * pending one without a due date or due on or after that day. `movesWithTime` in SQL is
 * `ObligationTransaction.timeMovedSubjects`.
 */
export function movesWithTime(ob: Pick<Obligation, 'status' | 'dueDate' | 'details'>, day: Day): boolean {
  const status = ob.status === 'exempt' ? ob.details.exemptedStatus : ob.status;
  return status === 'overdue' || (status === 'pending' && ob.dueDate !== null && ob.dueDate < day);
}

/**
 * Whether any obligation judged as of `from` can be judged differently as of the later `to` by
 * `movesWithTime`: only when the local day changed, since it counts days.
 */
export function dayChanged(from: Instant, to: Instant): boolean {
  return localDay(to) > localDay(from);
}

/** The stored subject that re-evaluates an obligation: its task, its document, or none (periodic ones always are). */
export function subjectOf(
  ob: Pick<Obligation, 'rule' | 'subjectId'>,
  dataset: Dataset,
): { kind: 'task' | 'document'; id: string } | null {
  switch (ob.rule) {
    case 'plan':
      return { kind: 'task', id: ob.subjectId };
    case 'staff_submission':
    case 'unit_submission':
    case 'review_rounds': {
      const taskId = dataset.drafts.get(ob.subjectId)?.taskId;
      return taskId === undefined ? null : { kind: 'task', id: taskId };
    }
    case 'document_channel':
    case 'digital_signature':
      return { kind: 'document', id: ob.subjectId };
    default:
      return null;
  }
}
