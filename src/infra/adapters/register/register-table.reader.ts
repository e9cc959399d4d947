/**
 * Reads a register file (XLSX or CSV) as a stream of sheets of rows. Nothing here knows about
 * registers beyond finding a CSV's delimiter; it hides the two formats' differences from the row
 * mapper, and it never holds a whole file: a workbook is read with exceljs's streaming reader
 * after its zip directory has shown it expands to no more than `maxExpandedBytes`, a CSV is parsed
 * as it is read. What cannot be read is a `TableReadError` (a clerk's message); an I/O error of the
 * file system is thrown as it is, so the sync retries rather than skipping the file.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsv } from 'csv-parse/sync';
import { detectRegisterLayout } from './register-columns.js';

export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  /** The row number a person sees when opening the file (1-based). */
  number: number;
  cells: Cell[];
}

export interface SheetRows {
  /** Worksheet name, or null for a CSV file. */
  sheet: string | null;
  /** 0-based position of the sheet in the file, for a cursor. */
  index: number;
  rows: AsyncIterable<TableRow>;
}

/** The file cannot be read as a table: the reason a clerk reads, and the technical one. */
export class TableReadError extends Error {
  constructor(
    readonly reason: string,
    readonly reasonEn: string,
  ) {
    super(reasonEn);
  }
}

/** An error of the file system (EACCES, EIO…), as opposed to one of the file's content. */
export function isSystemError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && 'syscall' in (error as object);
}

/** exceljs cell values come in several wrappers (rich text, formulas, hyperlinks); unwrap them. */
function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: string }) => r.text ?? '').join('');
    if ('result' in v) return xlsxCell(v.result);
    if ('text' in v) return xlsxCell(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

const NOT_XLSX = (detail: string) =>
  new TableReadError('không phải tệp Excel (.xlsx) hợp lệ', `not a valid Excel (.xlsx) file (${detail})`);

/** An entry of a zip's central directory: where its data is and what it claims to expand to. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  localOffset: number;
  compressedBytes: number;
  declaredBytes: number;
}

/**
 * What the zip's central directory says the workbook holds and expands to, read from the end of
 * the file without inflating anything: a 0.4 MB file that expands to 450 MB is refused before a
 * byte of it is inflated. A directory can lie; `inflatedBytes` checks what it said.
 */
export async function zipDirectory(
  path: string,
  size: number,
): Promise<{ expandedBytes: number; sheets: number; entries: ZipEntry[] }> {
  const file = await open(path, 'r');
  try {
    const read = async (length: number, position: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await read(tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw NOT_XLSX('no zip directory');
    let count = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      // ZIP64: the locator sits just before the classic end record.
      const locatorAt = size - tailLength + eocd - 20;
      const locator = locatorAt >= 0 ? await read(20, locatorAt) : Buffer.alloc(0);
      if (locator.length < 20 || locator.readUInt32LE(0) !== 0x07064b50)
        throw NOT_XLSX('broken ZIP64 directory');
      const record = await read(56, Number(locator.readBigUInt64LE(8)));
      if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50)
        throw NOT_XLSX('broken ZIP64 directory');
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > size) throw NOT_XLSX('zip directory outside the file');
    const directory = await read(directorySize, directoryOffset);
    const entries: ZipEntry[] = [];
    let total = 0;
    let sheets = 0;
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50)
        throw NOT_XLSX('broken zip directory');
      const method = directory.readUInt16LE(at + 10);
      let compressedBytes = directory.readUInt32LE(at + 20);
      let declaredBytes = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let localOffset = directory.readUInt32LE(at + 42);
      if (declaredBytes === 0xffffffff || compressedBytes === 0xffffffff || localOffset === 0xffffffff) {
        // The ZIP64 extra field holds, in this order, the 64-bit values of the fields set to all ones.
        let e = at + 46 + nameLength;
        const end = e + extraLength;
        while (e + 4 <= end) {
          const id = directory.readUInt16LE(e);
          const length = directory.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let v = e + 4;
            const next = (): number => {
              if (v + 8 > e + 4 + length) throw NOT_XLSX('broken ZIP64 field');
              const value = Number(directory.readBigUInt64LE(v));
              v += 8;
              return value;
            };
            if (declaredBytes === 0xffffffff) declaredBytes = next();
            if (compressedBytes === 0xffffffff) compressedBytes = next();
            if (localOffset === 0xffffffff) localOffset = next();
            break;
          }
          e += 4 + length;
        }
      }
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      entries.push({ name, method, localOffset, compressedBytes, declaredBytes });
      total += declaredBytes;
      if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) sheets++;
      at += 46 + nameLength + extraLength + commentLength;
    }
    return { expandedBytes: total, sheets, entries };
  } finally {
    await file.close();
  }
}

/**
 * What the entries really inflate to, counted without keeping a byte, stopping as soon as the sum
 * passes `limit`: a directory that understates its entries' sizes (the streaming reader trusts the
 * data, not the directory) is caught before anything is parsed. Each entry is inflated from its
 * local header until its deflate stream ends, whatever size is declared. Inflating costs a few
 * seconds for a 1,000,000-row workbook, against minutes of parsing it.
 */
export async function inflatedBytes(
  path: string,
  entries: readonly ZipEntry[],
  limit: number,
): Promise<number> {
  let total = 0;
  const file = await open(path, 'r');
  try {
    for (const entry of entries) {
      const header = Buffer.alloc(30);
      const { bytesRead } = await file.read(header, 0, 30, entry.localOffset);
      if (bytesRead < 30 || header.readUInt32LE(0) !== 0x04034b50)
        throw NOT_XLSX(`broken entry ${entry.name}`);
      const dataAt = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (entry.method === 0) {
        total += entry.compressedBytes;
      } else if (entry.method === 8) {
        const inflate = pipeline(
          createReadStream(path, { start: dataAt }),
          createInflateRaw(),
          () => undefined,
        );
        try {
          for await (const chunk of inflate as AsyncIterable<Buffer>) {
            total += chunk.length;
            if (total > limit) break;
          }
        } catch (error) {
          if (isSystemError(error)) throw error;
          throw NOT_XLSX(`entry ${entry.name}: ${(error as Error).message}`);
        } finally {
          inflate.destroy();
        }
      } else {
        throw NOT_XLSX(`entry ${entry.name} compressed with method ${entry.method}`);
      }
      if (total > limit) return total;
    }
    return total;
  } finally {
    await file.close();
  }
}

/**
 * The worksheets of a workbook, in the order the file stores them, each as a stream of its
 * non-empty rows. The rows of a sheet must be consumed before the next sheet is asked for.
 */
export async function* xlsxSheets(path: string): AsyncGenerator<SheetRows> {
  // Loaded on first use: exceljs takes a quarter of a second to load, and most runs read no XLSX.
  const { default: excel } = await import('exceljs');
  const input = createReadStream(path);
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number; hyperlinks and the rest are not needed.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let index = 0;
  try {
    for await (const worksheet of contentErrors(reader)) {
      const ws = worksheet as unknown as {
        name: string;
        [Symbol.asyncIterator](): AsyncIterator<{
          number: number;
          cellCount: number;
          getCell(c: number): { value: unknown };
        }>;
      };
      yield {
        sheet: ws.name,
        index: index++,
        rows: (async function* () {
          for await (const row of contentErrors(ws)) {
            const cells: Cell[] = [];
            for (let c = 1; c <= row.cellCount; c++) cells.push(xlsxCell(row.getCell(c).value));
            if (cells.some((c) => c !== null && c !== '')) yield { number: row.number, cells };
          }
        })(),
      };
    }
  } finally {
    input.destroy();
  }
}

/** Iterates `source`, turning what is wrong with the content (not the disk) into a TableReadError. */
async function* contentErrors<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    for await (const item of source) yield item;
  } catch (error) {
    if (error instanceof TableReadError || isSystemError(error)) throw error;
    throw NOT_XLSX((error as Error).message ?? String(error));
  }
}

/**
 * UTF-8 (with or without a BOM) or, from Excel's "Unicode text", UTF-16LE; anything else
 * (Windows-1258, TCVN3) would turn Vietnamese into mojibake no later step can detect, so it is
 * refused instead of guessed.
 */
class ExportTextDecoder extends Transform {
  private decoder: { decode(input?: Uint8Array, options?: { stream?: boolean }): string } | null = null;

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.decoder ??=
        chunk[0] === 0xff && chunk[1] === 0xfe
          ? new TextDecoder('utf-16le', { ignoreBOM: false })
          : new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      done(null, this.decoder.decode(chunk, { stream: true }));
    } catch {
      done(NOT_UTF8());
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, this.decoder?.decode() ?? '');
    } catch {
      done(NOT_UTF8());
    }
  }
}

const NOT_UTF8 = () =>
  new TableReadError(
    'không phải văn bản UTF-8; hãy lưu lại dưới dạng "CSV UTF-8"',
    'not UTF-8 text; save it again as "CSV UTF-8"',
  );

/** How much of a CSV is read to find its delimiter: the title block and the header are near the top. */
const SNIFF_CHARS = 64 * 1024;
const SNIFF_LINES = 40;

/** The decoded beginning of a file, to sniff its delimiter. */
async function headText(path: string): Promise<string> {
  const stream = pipeline(
    createReadStream(path, { start: 0, end: SNIFF_CHARS * 2 }),
    new ExportTextDecoder(),
    () => undefined,
  );
  let text = '';
  try {
    for await (const chunk of stream) {
      text += String(chunk);
      if (text.length >= SNIFF_CHARS) break;
    }
  } catch (error) {
    // The cut may fall inside a UTF-8 sequence: only an error before it counts.
    if (!(error instanceof TableReadError) || text.length < SNIFF_CHARS / 2) throw error;
  } finally {
    stream.destroy();
  }
  return text;
}

/**
 * CSV exported from Excel uses a comma or, under a Vietnamese locale, a semicolon (or a tab for
 * "Unicode text"). The delimiter under which a register header is found in the first lines wins.
 */
async function csvDelimiter(path: string): Promise<string> {
  const head = await headText(path);
  let first: string | null = null;
  for (const d of [',', ';', '\t']) {
    let records: string[][];
    try {
      records = parseCsv(head, {
        delimiter: d,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        to_line: SNIFF_LINES,
      }) as string[][];
    } catch {
      continue;
    }
    first ??= d;
    if (detectRegisterLayout(records) !== null) return d;
  }
  return first ?? ',';
}

/** The one table of a CSV file, its rows numbered as Excel shows them (a cell spanning lines is one row). */
export async function* csvSheets(path: string, delimiter?: string): AsyncGenerator<SheetRows> {
  const d = delimiter ?? (await csvDelimiter(path));
  yield {
    sheet: null,
    index: 0,
    rows: (async function* () {
      const input = createReadStream(path);
      // pipeline: an error anywhere (the disk, the decoding) ends the parser's iteration with it.
      const parser = pipeline(
        input,
        new ExportTextDecoder(),
        parseCsvStream({ delimiter: d, bom: true, relax_column_count: true, relax_quotes: true }),
        () => undefined,
      );
      let number = 0;
      try {
        for await (const cells of parser as AsyncIterable<string[]>) {
          number++;
          yield { number, cells };
        }
      } catch (error) {
        if (error instanceof TableReadError || isSystemError(error)) throw error;
        throw new TableReadError(
          `CSV không hợp lệ từ dòng ${number + 1} (${(error as Error).message})`,
          `invalid CSV from row ${number + 1} (${(error as Error).message})`,
        );
      } finally {
        input.destroy();
        parser.destroy();
      }
    })(),
  };
}
