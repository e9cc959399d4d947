/**
 * The statuses document systems report about documents (edXML StatusCode), kept as facts: one row
 * per (document, code, instant), so the same status delivered again changes nothing. A status may
 * arrive before or after its document, in the same sync or a later one; what an own arrival (01)
 * does to an incoming document's receipt time is decided when the dataset is read
 * (`RECEIPT_FROM_OWN_ARRIVAL`), so the order of delivery does not matter.
 */
import type { EntityManager } from 'typeorm';
import { parseInstant } from '../../domain/time.js';
import type { DocumentStatusFact } from '../adapters/source-adapter.port.js';
import type { Cell } from '../database/binary-format.js';
import type { Column } from './record-rows.js';
import { arraysOf } from './record-rows.js';

const COLUMNS: Column[] = [
  ['document_id', 'text'],
  ['code', 'text'],
  ['at', 'timestamptz'],
  ['from_organ_id', 'text'],
  ['own', 'boolean'],
];

/**
 * The receipt time of an incoming open document, in SQL over `documents` aliased `d`: its own
 * organ's earliest arrival status (01) when the document was dated only by the transport (the
 * gateway's or the file's time), else `received_at` as stored. The basis goes with it
 * (`RECEIPT_BASIS_FROM_OWN_ARRIVAL`). SOURCES.md §3: "the receipt time comes from the receiver's
 * own arrived status when it has one".
 */
const OWN_ARRIVAL = `(SELECT min(s.at) FROM document_statuses s WHERE s.document_id = d.id AND s.code = '01' AND s.own)`;
const DATED_BY_TRANSPORT = `d.direction = 'incoming' AND d.confidentiality = 'normal' AND d.time_basis IN ('gateway', 'file')`;
export const RECEIPT_FROM_OWN_ARRIVAL = `CASE WHEN ${DATED_BY_TRANSPORT} THEN coalesce(${OWN_ARRIVAL}, d.received_at) ELSE d.received_at END`;
// CASE, not AND: the status table is only looked at (an index probe) for the few documents dated
// by the transport, never for the bulk of an agency's documents.
export const RECEIPT_BASIS_FROM_OWN_ARRIVAL = `CASE WHEN ${DATED_BY_TRANSPORT} THEN CASE WHEN ${OWN_ARRIVAL} IS NOT NULL THEN 'status' ELSE d.time_basis END ELSE d.time_basis END`;

export class DocumentStatusStore {
  /**
   * Stores the statuses inside the caller's transaction; returns the ids of the documents that
   * got a status not stored before (to be evaluated again). A status whose instant cannot be read
   * is not a fact and is skipped (the adapter reports it).
   */
  async write(
    manager: EntityManager,
    statuses: readonly DocumentStatusFact[],
    runId: string | null,
  ): Promise<string[]> {
    const rows: Cell[][] = [];
    for (const s of statuses) {
      const at = parseInstant(s.at);
      if (at !== null) rows.push([s.documentId, s.code, at, s.fromOrganId, s.own]);
    }
    if (rows.length === 0) return [];
    const inserted = (await manager.query(
      `INSERT INTO document_statuses (document_id, code, at, from_organ_id, own, run_id)
       SELECT r.*, $6::bigint FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::boolean[]) AS r
       ON CONFLICT (document_id, code, at) DO NOTHING RETURNING document_id`,
      [...arraysOf(COLUMNS, rows), runId],
    )) as { document_id: string }[];
    return [...new Set(inserted.map((r) => r.document_id))];
  }
}
