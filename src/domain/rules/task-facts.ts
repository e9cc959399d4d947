import type { OpenDocument, Task } from '../model.js';
import { isSecret } from '../model.js';
import type { Day } from '../time.js';
import { localDay } from '../time.js';
import type { EvaluationContext } from './evaluation-context.js';
import { exists } from './evaluation-context.js';

export type DeadlineSource = 'change' | 'task' | 'document';

/** What the rules need to know about a task as of as-of, computed once for the task and its drafts. */
export interface TaskFacts {
  task: Task;
  /** The linked document when it is an open (non-confidential) one that exists as of as-of. */
  document: OpenDocument | null;
  /** DOMAIN.md §3.0. */
  deadline: Day | null;
  deadlineSource: DeadlineSource | null;
  /** A deadline change (gia hạn) is known as of as-of. */
  extended: boolean;
  /** The deadline before any known change, when it was extended. */
  originalDeadline: Day | null;
  /** `R` (§3.4): the incoming document's arrival date, else the assignment date. */
  arrival: Day;
}

/**
 * The facts of a task that takes part in the rules as of as-of, or null when it does not: it was
 * not assigned yet, it was cancelled (§3.10), or it handles a confidential document (§4).
 */
export function taskFacts(task: Task, ctx: EvaluationContext): TaskFacts | null {
  // A task that handles a secret was already reduced to ids by the reader (DOMAIN.md §4).
  if (task.secret === true || task.assignedAt > ctx.asOf) return null;
  if (exists(task.cancelledAt, ctx.asOf)) return null;

  let document: OpenDocument | null = null;
  if (task.documentId !== null) {
    const linked = ctx.dataset.documents.get(task.documentId);
    if (linked !== undefined) {
      // Handling a secret is itself secret: the task and its drafts are outside every rule.
      if (isSecret(linked)) return null;
      const own = linked.direction === 'incoming' ? linked.receivedAt : linked.issuedAt;
      if (exists(own, ctx.asOf)) document = linked;
    }
  }

  // The latest change known as of as-of wins; on equal instants the later entry in the record.
  let change: { deadline: Day; at: number } | null = null;
  for (const c of task.deadlineChanges) {
    if (c.at <= ctx.asOf && (change === null || c.at >= change.at)) change = c;
  }
  const before = task.deadline ?? document?.deadline ?? null;
  let deadline: Day | null;
  let deadlineSource: DeadlineSource | null;
  if (change !== null) {
    deadline = change.deadline;
    deadlineSource = 'change';
  } else if (task.deadline !== null) {
    deadline = task.deadline;
    deadlineSource = 'task';
  } else if (document?.deadline != null) {
    deadline = document.deadline;
    deadlineSource = 'document';
  } else {
    deadline = null;
    deadlineSource = null;
  }

  const arrival =
    document !== null && document.direction === 'incoming' && document.receivedAt !== null
      ? localDay(document.receivedAt)
      : localDay(task.assignedAt);

  return {
    task,
    document,
    deadline,
    deadlineSource,
    extended: change !== null,
    originalDeadline: change !== null ? before : null,
    arrival,
  };
}
