/**
 * The text of the administrative frame around the review export (Nghị định 30/2020/NĐ-CP,
 * Phụ lục I): the agency under its superior on the left, the national motto on the right, the
 * place and date line under the motto, and the signers' titles and names. The XLSX and the CSV
 * print the same lines.
 */
import type { ExportFrame } from '../../config/export-frame.js';
import type { Instant } from '../../domain/time.js';
import { localDay, ymd } from '../../domain/time.js';

export const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;

/**
 * "Hà Nam, ngày 15 tháng 6 năm 2025", on the day the version was frozen (local time), so an export
 * of the same version reads the same whatever day it is made. The decree writes a day below 10 and
 * the months 1 and 2 with a leading zero ("ngày 05 tháng 02 năm 2025").
 */
export function placeDateLine(place: string, frozenAt: Instant): string {
  const { year, month, day } = ymd(localDay(frozenAt));
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/** The header's two columns, row by row: [left, right]; empty text where a side has nothing. */
export function frameHeader(frame: ExportFrame, frozenAt: Instant): [string, string][] {
  const left = frame.superior === null ? [frame.agency, ''] : [frame.superior, frame.agency];
  return [
    [left[0], MOTTO[0]],
    [left[1], MOTTO[1]],
    ['', placeDateLine(frame.place, frozenAt)],
  ];
}

/** Which line of the header's left side is the agency (bold; the superior is not). */
export const agencyRow = (frame: ExportFrame) => (frame.superior === null ? 0 : 1);

/**
 * The signature block, row by row, one text per signer: on whose behalf (when any signer has
 * one), the title, blank rows to sign in, the name.
 */
export function signatureRows(frame: ExportFrame, blankRows: number): { texts: string[]; role: SignRole }[] {
  const rows: { texts: string[]; role: SignRole }[] = [];
  if (frame.signers.some((s) => s.authority !== null))
    rows.push({ texts: frame.signers.map((s) => s.authority ?? ''), role: 'title' });
  rows.push({ texts: frame.signers.map((s) => s.title), role: 'title' });
  for (let i = 0; i < blankRows; i++) rows.push({ texts: frame.signers.map(() => ''), role: 'blank' });
  rows.push({ texts: frame.signers.map((s) => s.name), role: 'name' });
  return rows;
}

export type SignRole = 'title' | 'blank' | 'name';
