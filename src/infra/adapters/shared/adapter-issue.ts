import type { AdapterIssue } from '../source-adapter.port.js';

/** An issue in both languages; Vietnamese first because a clerk reads it (port contract). */
export function adapterIssue(
  location: string,
  record: string | null,
  field: string | null,
  reason: string,
  reasonEn: string,
): AdapterIssue {
  return { location, record, field, reason, reasonEn };
}
