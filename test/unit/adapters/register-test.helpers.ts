/** Register files the tests write themselves: XLSX through exceljs, CSV as Excel saves it under a Vietnamese locale. */
import ExcelJS from 'exceljs';
import { recordId } from '../../../src/infra/adapters/shared/record-id.util.js';

export const UNITS = { 'Văn phòng': 'VP', 'Phòng TCBC': 'TCBC', TCBC: 'TCBC' };

export const incomingId = (year: string, arrival: string, secret = false) =>
  recordId('register:in', year, secret ? 'mat' : '', arrival);
export const taskId = (year: string, arrival: string, secret = false) =>
  recordId('register:task', year, secret ? 'mat' : '', arrival);

/** Excel stores wall-clock time; exceljs hands it over as a Date whose UTC fields are that clock. */
export const day = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, m - 1, d, h, mi));

export type Sheet = { name: string; rows: ExcelJS.CellValue[][]; merges?: string[] };

export async function xlsx(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name);
    s.rows.forEach((values, i) => {
      values.forEach((v, c) => {
        if (v !== undefined && v !== null && v !== '') ws.getCell(i + 1, c + 1).value = v;
      });
    });
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A `;` CSV with a UTF-8 BOM and CRLF, as Excel's "CSV UTF-8" writes it under a Vietnamese locale. */
export function semicolonCsv(rows: (string | number)[][]): Buffer {
  const quote = (v: string | number) => {
    const t = String(v);
    return /[;"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const text = rows.map((r) => r.map(quote).join(';')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
