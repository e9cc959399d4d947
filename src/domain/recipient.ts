/**
 * Somebody a message goes to — a reminder, a weekly digest — and the addresses the mail policy
 * names: one shape for all of them. A person of the directory carries her id; a designated
 * mailbox that is nobody's own (the leadership's, `leadership` in `config/reminders.json`) has
 * `personId` null.
 */
export interface Recipient {
  personId: string | null;
  name: string | null;
  address: string;
}

/** A designated mailbox, as the mail policy names it: nobody's own. */
export function mailbox(name: string | null, address: string): Recipient {
  return { personId: null, name, address };
}

/**
 * The recipient's key for reminders: one message per key per slot, part of its Message-ID.
 * `person:<id>` for a person; `leadership` for the designated mailbox, the only one there is.
 */
export function recipientKey(r: Recipient): string {
  return r.personId === null ? 'leadership' : `person:${r.personId}`;
}
