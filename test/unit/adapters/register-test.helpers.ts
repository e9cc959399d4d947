/** Register files the tests write themselves: XLSX through exceljs, CSV as Excel saves it under a Vietnamese locale. */
import { crc32, deflateRawSync } from 'node:zlib';
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
export function semicolonCsv(rows: readonly (readonly (string | number | Date)[])[]): Buffer {
  const quote = (v: string | number | Date) => {
    const t = String(v);
    return /[;"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const text = rows.map((r) => r.map(quote).join(';')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/**
 * A zip archive (deflated entries) built by hand, for a workbook whose directory must say something
 * exceljs would never write: an entry that expands to far more than the file weighs.
 */
export function zipOf(entries: { name: string; data: Buffer; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declare } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    // A directory may lie about what an entry expands to.
    central.writeUInt32LE(declare ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
