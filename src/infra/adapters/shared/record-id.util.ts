import { createHash } from 'node:crypto';

/**
 * A record id derived from what identifies the record at its source. Hashed, not spelled out:
 * the natural keys (a DocumentId, a "Số, ký hiệu") contain the document's number, and a
 * confidential document's number must never be stored (DOMAIN.md §4) — its id is stored. Every
 * record gets the same scheme so a later message (a recall, a status) finds the same id without
 * knowing whether the document was confidential.
 */
export function recordId(prefix: string, ...naturalKey: string[]): string {
  const digest = createHash('sha256').update(naturalKey.join('\u001f'), 'utf8').digest('hex');
  // 96 bits: no collision in any realistic agency's lifetime of documents.
  return `${prefix}:${digest.slice(0, 24)}`;
}
