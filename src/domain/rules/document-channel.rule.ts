import type { OpenDocument } from '../model.js';
import type { Obligation } from './obligation.js';

/**
 * §3.6 — every non-confidential document, incoming or outgoing, goes through the software.
 * "đảm bảo 100% văn bản đến, đi (trừ văn bản mật) được quản lý trên phần mềm"
 * `ownTime` is the document's received (incoming) or issued (outgoing) instant, already known to exist;
 * it is the obligation's `doneAt`, the one place an obligation shows a document's receipt time.
 */
export function documentChannelRule(doc: OpenDocument, ownTime: number, ownDay: number): Obligation {
  const electronic = doc.channel === 'electronic';
  return {
    id: `document_channel:${doc.id}`,
    rule: 'document_channel',
    subjectId: doc.id,
    unitId: doc.unitId,
    personId: null,
    dueDate: null,
    status: electronic ? 'met' : 'violated',
    doneAt: electronic ? ownTime : null,
    workingDaysLate: null,
    tight: false,
    anchor: ownDay,
    phaseId: null,
    // What dated `doneAt` (the receipt or issue), when the source said: an edXML document dated by
    // the file's time reads differently from one its own organ recorded.
    details:
      doc.timeBasis === undefined
        ? { direction: doc.direction, channel: doc.channel }
        : { direction: doc.direction, channel: doc.channel, timeBasis: doc.timeBasis },
  };
}
