import type { OpenDocument } from '../model.js';
import type { Obligation } from './obligation.js';

/**
 * §3.7 — an outgoing document carries both the agency's and the signer's digital signature.
 * "… được sử dụng chữ ký số của cơ quan và chữ ký số của cá nhân các lãnh đạo sở là: 100%"
 */
export function digitalSignatureRule(doc: OpenDocument, issuedAt: number, issuedDay: number): Obligation {
  const { agency, signer } = doc.signatures;
  const signed = agency && signer;
  return {
    id: `digital_signature:${doc.id}`,
    rule: 'digital_signature',
    subjectId: doc.id,
    unitId: doc.unitId,
    personId: null,
    dueDate: null,
    status: signed ? 'met' : 'violated',
    doneAt: signed ? issuedAt : null,
    workingDaysLate: null,
    tight: false,
    anchor: issuedDay,
    phaseId: null,
    details: { agency, signer },
  };
}
