/**
 * A stored reminder as the API (`GET /api/reminders`) and `dunghan sent --format json` show it: the
 * same fields, the same instants with their +07:00 offset.
 */
import { formatInstant } from '../domain/time.js';
import type { Recipient } from '../domain/recipient.js';
import type { StoredReminder } from '../infra/store/reminder-store.js';

/** The recipient's own fields, whatever else the object carries. */
const recipientView = (r: Recipient): Recipient => ({
  personId: r.personId,
  name: r.name,
  address: r.address,
});

export function storedView(r: StoredReminder) {
  return {
    slot: formatInstant(r.slot),
    state: r.state,
    stage: r.stage,
    rule: r.rule,
    obligationId: r.obligationId,
    dueDate: r.dueDate,
    to: recipientView(r.recipient),
    cc: r.cc.map(recipientView),
    subject: r.subject,
    item: r.label,
    why: r.why,
    messageId: r.messageId,
    sentAt: r.sentAt === null ? null : formatInstant(r.sentAt),
    attempts: r.attempts,
    error: r.lastError,
    droppedReason: r.droppedReason,
  };
}
