/**
 * Turns the rows of one register sheet, one at a time, into documents and tasks, and into the
 * entries the follow-up register is joined on (year, Số đến). A row that cannot be read is
 * reported with its sheet, row number, column and what was expected, and left out; a row kept
 * without something (a unit the map does not know) is reported as a warning. Nothing here judges
 * whether a document was registered in time.
 */
import type { Channel, Confidentiality, Urgency } from '../../../domain/model.js';
import type { AdapterIssue } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import {
  type LocalDateParts,
  formatLocalDate,
  formatLocalInstant,
  parseLocalDateText,
  partsFromExcelSerial,
  partsFromSpreadsheetDate,
} from '../shared/local-time.util.js';
import { recordId } from '../shared/record-id.util.js';
import { cleanText, foldText, secrecyLevelOf, secrecyStampIn } from '../shared/vietnamese-text.util.js';
import {
  MIN_RECOGNISED,
  type RegisterColumn,
  type RegisterLayout,
  columnsOf,
  foldHeader,
} from './register-columns.js';
import type { Cell, TableRow } from './register-table.reader.js';

export interface RegisterMappingConfig {
  idPrefix: string;
  channel: Channel;
  /** Folded unit name or abbreviation → unit id. */
  unitMap: ReadonlyMap<string, string>;
  /** Characters of one cell; a longer one refuses its row. */
  maxTextLength: number;
}

export interface RegisterSheetContext {
  file: string;
  /** The worksheet, named in every message about it; null for a CSV file. */
  sheet: string | null;
  /** The register's year, for a follow-up register without dates of its own (its title, sheet or file name). */
  year: number | null;
}

/** What the incoming register says of an entry, for the follow-up register joined to it. */
export interface IncomingEntry {
  documentId: string;
  secret: boolean;
  receivedAt: string;
  unitId: string | null;
  title: string | null;
}

/** A follow-up register row waiting for (or joined to) its incoming entry. */
export interface FollowUpEntry {
  taskId: string;
  secret: boolean;
  /** undefined: a unit name the map does not know (reported when the row was read). */
  unitId: string | null | undefined;
  title: string | null;
  deadline: string | null;
  completedAt: string | null;
  /** Where the row is, for a message about the join. */
  where: { file: string; sheet: string | null; row: number; unitHeader: string };
}

export interface MappedRow {
  issues: AdapterIssue[];
  document: (Record<string, unknown> & { id: string }) | null;
  task: (Record<string, unknown> & { id: string }) | null;
  /** The join key: year, secrecy marker and Số đến. */
  key: string | null;
  incoming: IncomingEntry | null;
  followUp: FollowUpEntry | null;
}

/** An issue of a record that is kept all the same. */
export function asWarning(issue: AdapterIssue): AdapterIssue {
  return { ...issue, severity: 'warning' };
}

const RANK: Readonly<Record<Confidentiality, number>> = {
  normal: 0,
  confidential: 1,
  secret: 2,
  top_secret: 3,
};

/** "Độ khẩn" values (Decree 30: Khẩn, Thượng khẩn, Hỏa tốc); "hỏa tốc hẹn giờ" is still flash. */
const URGENCY: ReadonlyMap<string, Urgency> = new Map([
  ['', 'normal'],
  ['thuong', 'normal'],
  ['binh thuong', 'normal'],
  ['khan', 'urgent'],
  ['thuong khan', 'very_urgent'],
  ['hoa toc', 'flash'],
  ['hoa toc hen gio', 'flash'],
]);

/**
 * The document types of Decree 30/2020 Appendix III, to split "Tên loại và trích yếu nội dung"
 * into a type; the cell as a whole stays the subject. Matched as a whole-word prefix, longest
 * first, so a type name that begins another can never shadow it.
 */
const DOCUMENT_TYPES = [
  'Nghị quyết',
  'Quyết định',
  'Chỉ thị',
  'Quy chế',
  'Quy định',
  'Thông cáo',
  'Thông báo',
  'Hướng dẫn',
  'Chương trình',
  'Kế hoạch',
  'Phương án',
  'Đề án',
  'Dự án',
  'Báo cáo',
  'Biên bản',
  'Tờ trình',
  'Hợp đồng',
  'Công văn',
  'Công điện',
  'Bản ghi nhớ',
  'Bản thỏa thuận',
  'Giấy ủy quyền',
  'Giấy mời',
  'Giấy giới thiệu',
  'Giấy nghỉ phép',
  'Phiếu gửi',
  'Phiếu chuyển',
  'Phiếu báo',
  'Thư công',
].sort((a, b) => b.length - a.length);

/** Urgency written in a note ("Hỏa tốc", "Thượng khẩn"), with diacritics on whole words. */
function urgencyInNote(text: string): Urgency | null {
  const t = text.normalize('NFC').toLowerCase();
  const word = (phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}])${phrase}(?![\\p{L}\\p{N}])`, 'u').test(t);
  if (word('hỏa tốc') || word('hoả tốc')) return 'flash';
  if (word('thượng khẩn')) return 'very_urgent';
  return null;
}

const URGENCY_RANK: Readonly<Record<Urgency, number>> = { normal: 0, urgent: 1, very_urgent: 2, flash: 3 };

/**
 * A "Mức độ khẩn, độ mật" cell (Appendix VI): an urgency, a secrecy level, both ("Khẩn, Mật",
 * "Hỏa tốc - Tối mật"), or nothing. undefined when a part is neither.
 */
function urgencyAndSecrecyOf(text: string): { urgency: Urgency; secrecy: Confidentiality } | undefined {
  let urgency: Urgency = 'normal';
  let secrecy: Confidentiality = 'normal';
  for (const part of text.split(/[,;/\n+]|\s-\s/)) {
    const folded = foldText(part);
    if (folded === '') continue;
    const u = URGENCY.get(folded);
    const s = secrecyLevelOf(part);
    if (u !== undefined && u !== 'normal') urgency = u;
    else if (s !== undefined && s !== 'normal') secrecy = s;
    else if (u === undefined && s === undefined) return undefined;
  }
  return { urgency, secrecy };
}

const DONE_WORDS = ['da giai quyet', 'hoan thanh', 'da xu ly', 'da xong', 'da tra loi', 'ket thuc'];

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) {
    const p = partsFromSpreadsheetDate(cell);
    return p ? `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}` : '';
  }
  return cleanText(String(cell));
}

type DateCell = { kind: 'empty' } | { kind: 'ok'; parts: LocalDateParts } | { kind: 'bad'; shown: string };

function dateCell(cell: Cell | undefined): DateCell {
  if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === ''))
    return { kind: 'empty' };
  const parts =
    cell instanceof Date
      ? partsFromSpreadsheetDate(cell)
      : typeof cell === 'number'
        ? partsFromExcelSerial(cell)
        : parseLocalDateText(String(cell));
  return parts ? { kind: 'ok', parts } : { kind: 'bad', shown: cellText(cell) };
}

/** "1", "001" and a numeric cell 1 are the same arrival number; "12/UBND-VP" and "12/ubnd-vp" the same number. */
function keyText(text: string): string {
  const t = text.replace(/\s+/g, '').toUpperCase();
  return /^\d+$/.test(t) ? String(Number(t)) : t;
}

/** The row of column numbers printed under a register's header: (1) (2) (3)… or 1 2 3… */
function isColumnNumberRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c !== '');
  if (filled.length < MIN_RECOGNISED || !filled.every((c) => /^\(?\d{1,2}\)?$/.test(c))) return false;
  const numbers = filled.map((c) => Number(c.replace(/[()]/g, '')));
  return numbers.every((n, i) => i === 0 || n > numbers[i - 1]);
}

function documentTypeOf(text: string): string | null {
  const lower = text.normalize('NFC').toLowerCase();
  const type = DOCUMENT_TYPES.find((t) => {
    const name = t.toLowerCase();
    return lower.startsWith(name) && !/[\p{L}\p{N}]/u.test(lower.charAt(name.length));
  });
  return type ?? null;
}

/** What a required column must hold, for the message when it does not. */
const EXPECTED: Partial<Record<RegisterColumn, { vi: string; en: string }>> = {
  receivedDate: { vi: 'ngày đến dd/mm/yyyy', en: 'the arrival date, dd/mm/yyyy' },
  documentDate: { vi: 'ngày của văn bản dd/mm/yyyy', en: "the document's date, dd/mm/yyyy" },
  arrivalNumber: { vi: 'số đến', en: 'the arrival number' },
  number: { vi: 'số, ký hiệu của văn bản', en: "the document's number and notation" },
  numberPart: { vi: 'số của văn bản', en: "the document's number" },
};

/** Maps the rows of one sheet whose layout is known, in order; remembers numbers seen for duplicates. */
export class RegisterSheetMapper {
  private readonly seen = new Map<string, number>();
  private readonly sheetVi: string;
  private readonly sheetEn: string;
  private readonly direction: 'incoming' | 'outgoing';
  private readonly headers: string[] = [];
  private readonly firstHeader: { index: number; folded: string } | null;

  constructor(
    private readonly layout: RegisterLayout,
    private readonly context: RegisterSheetContext,
    private readonly config: RegisterMappingConfig,
  ) {
    this.sheetVi = context.sheet === null ? '' : `, trang tính "${context.sheet}"`;
    this.sheetEn = context.sheet === null ? '' : `, sheet "${context.sheet}"`;
    this.direction = layout.kind === 'outgoing' ? 'outgoing' : 'incoming';
    for (const { index, header } of layout.columns.values()) this.headers[index] = header;
    const first = [...layout.columns.values()].sort((a, b) => a.index - b.index)[0];
    this.firstHeader = first ? { index: first.index, folded: foldHeader(first.header) } : null;
  }

  /**
   * A header repeated down the sheet (a register printed page by page). Folding every cell of
   * every row to find out cost a tenth of a large file's reading time: only a row whose first
   * header cell reads as that header is looked at whole.
   */
  private isRepeatedHeader(texts: readonly string[]): boolean {
    const first = this.firstHeader;
    if (first === null || foldHeader(texts[first.index] ?? '') !== first.folded) return false;
    return columnsOf(texts).size >= MIN_RECOGNISED;
  }

  /** The row's records and entries; null for a row that is no entry (empty, numbering, a repeated header). */
  map(row: TableRow): MappedRow | null {
    const { layout, config, context } = this;
    const { file } = context;
    const texts = row.cells.map(cellText);
    if (texts.every((t) => t === '') || isColumnNumberRow(texts) || this.isRepeatedHeader(texts)) return null;

    const record = context.sheet === null ? String(row.number) : `${context.sheet}!${row.number}`;
    const issues: AdapterIssue[] = [];
    const rowIssues: AdapterIssue[] = [];
    const result: MappedRow = {
      issues,
      document: null,
      task: null,
      key: null,
      incoming: null,
      followUp: null,
    };
    const header = (column: RegisterColumn) => layout.columns.get(column)?.header ?? column;
    const raw = (column: RegisterColumn): Cell | undefined => {
      const c = layout.columns.get(column);
      return c === undefined ? undefined : row.cells[c.index];
    };
    const text = (column: RegisterColumn) => cellText(raw(column));
    const issueAt = (columnHeader: string, vi: string, en: string, skipped: boolean) =>
      adapterIssue(
        file,
        record,
        columnHeader,
        `Tệp "${file}"${this.sheetVi}, dòng ${row.number}, cột "${columnHeader}": ${vi}${skipped ? '; bỏ qua dòng này.' : '.'}`,
        `File "${file}"${this.sheetEn}, row ${row.number}, column "${columnHeader}": ${en}${skipped ? '; row skipped.' : '.'}`,
      );
    const report = (column: RegisterColumn, vi: string, en: string, skipped: boolean) => {
      const issue = issueAt(header(column), vi, en, skipped);
      if (skipped) rowIssues.push(issue);
      else issues.push(asWarning(issue));
    };
    const empty = (column: RegisterColumn) => {
      const expected = EXPECTED[column];
      report(
        column,
        expected ? `bỏ trống (cần ${expected.vi})` : 'bỏ trống',
        expected ? `is empty (expected ${expected.en})` : 'is empty',
        true,
      );
    };
    const badDate = (column: RegisterColumn, shown: string) =>
      report(
        column,
        `ngày "${shown}" không hợp lệ (cần dd/mm/yyyy)`,
        `date "${shown}" is not valid (expected dd/mm/yyyy)`,
        true,
      );
    const requiredDate = (column: RegisterColumn): LocalDateParts | null => {
      const d = dateCell(raw(column));
      if (d.kind === 'ok') return d.parts;
      if (d.kind === 'empty') empty(column);
      else badDate(column, d.shown);
      return null;
    };
    const requiredText = (column: RegisterColumn): string | null => {
      const t = text(column);
      if (t === '') empty(column);
      return t === '' ? null : t;
    };
    const optionalDate = (column: RegisterColumn): LocalDateParts | null => {
      if (!layout.columns.has(column)) return null;
      const d = dateCell(raw(column));
      if (d.kind === 'bad') badDate(column, d.shown);
      return d.kind === 'ok' ? d.parts : null;
    };

    // A text longer than the source allows refuses its row; its value is never quoted.
    for (let c = 0; c < row.cells.length; c++) {
      const cell = row.cells[c];
      if (typeof cell === 'string' && cell.length > config.maxTextLength) {
        rowIssues.push(
          issueAt(
            this.headers[c] ?? `cột ${c + 1}`,
            `nội dung dài ${cell.length} ký tự, quá giới hạn ${config.maxTextLength} ký tự của nguồn`,
            `the text is ${cell.length} characters long, over the source's limit of ${config.maxTextLength}`,
            true,
          ),
        );
      }
    }
    if (rowIssues.length > 0) {
      issues.push(...rowIssues);
      return result;
    }

    // Secrecy first: it decides which columns may be read at all (DOMAIN.md §4).
    let confidentiality: Confidentiality = 'normal';
    let urgency: Urgency | null = null;
    if (layout.columns.has('secrecy')) {
      const level = secrecyLevelOf(text('secrecy'));
      if (level === undefined) {
        report(
          'secrecy',
          `độ mật "${text('secrecy')}" không hợp lệ (cần Mật, Tối mật, Tuyệt mật hoặc để trống)`,
          `secrecy "${text('secrecy')}" is not valid (expected Mật, Tối mật, Tuyệt mật or empty)`,
          true,
        );
      } else confidentiality = level;
    }
    if (layout.columns.has('urgencySecrecy')) {
      const both = urgencyAndSecrecyOf(text('urgencySecrecy'));
      if (both === undefined) {
        // Not quoted: the cell may name a secrecy level next to a typo.
        report(
          'urgencySecrecy',
          'không phải mức độ khẩn, độ mật (cần Khẩn, Thượng khẩn, Hỏa tốc và/hoặc Mật, Tối mật, Tuyệt mật, hoặc để trống)',
          'is not an urgency or secrecy level (expected Khẩn, Thượng khẩn, Hỏa tốc and/or Mật, Tối mật, Tuyệt mật, or empty)',
          true,
        );
      } else {
        if (RANK[both.secrecy] > RANK[confidentiality]) confidentiality = both.secrecy;
        urgency = both.urgency;
      }
    }
    const note = text('note');
    const stamp = secrecyStampIn(note);
    if (stamp && RANK[stamp] > RANK[confidentiality]) confidentiality = stamp;
    const secret = confidentiality !== 'normal';

    if (layout.joined)
      return this.followUpRow(result, rowIssues, {
        text,
        raw,
        report,
        requiredText,
        optionalDate,
        secret,
        row,
      });

    const received = this.direction === 'incoming' ? requiredDate('receivedDate') : null;
    const arrivalNumber = this.direction === 'incoming' ? requiredText('arrivalNumber') : null;
    // Only the key of a confidential outgoing row is read from its number, and it is hashed.
    const number = this.direction === 'outgoing' ? this.documentNumber(text, requiredText) : null;
    const documentDate = requiredDate('documentDate');

    let deadline: LocalDateParts | null = null;
    let issued: LocalDateParts | null = null;
    if (!secret) {
      if (layout.columns.has('urgency')) {
        const u = URGENCY.get(foldText(text('urgency')));
        if (u === undefined) {
          report(
            'urgency',
            `độ khẩn "${text('urgency')}" không hợp lệ (cần Khẩn, Thượng khẩn, Hỏa tốc hoặc để trống)`,
            `urgency "${text('urgency')}" is not valid (expected Khẩn, Thượng khẩn, Hỏa tốc or empty)`,
            true,
          );
        } else urgency = u;
      }
      const noted = urgencyInNote(note);
      if (noted !== null && (urgency === null || URGENCY_RANK[noted] > URGENCY_RANK[urgency]))
        urgency = noted;
      if (layout.kind === 'follow_up') deadline = optionalDate('deadline');
      if (layout.kind === 'outgoing') issued = optionalDate('issuedDate');
    }

    if (rowIssues.length > 0 || documentDate === null) {
      issues.push(...rowIssues);
      return result;
    }

    // Số đến restarts every year (Decree 30, art. 22), so the year is part of the key; a
    // separate register of confidential documents keeps its own sequence, hence the marker.
    const year = String(this.direction === 'incoming' ? received!.year : documentDate.year);
    const natural = this.direction === 'incoming' ? keyText(arrivalNumber!) : keyText(number!);
    const key = [year, secret ? 'mat' : '', natural];
    const keyColumn: RegisterColumn =
      this.direction === 'incoming'
        ? 'arrivalNumber'
        : layout.columns.has('number')
          ? 'number'
          : 'numberPart';
    this.checkRepeated(key, year, row.number, (vi, en) => report(keyColumn, vi, en, false));

    const id = recordId(`${config.idPrefix}:${this.direction === 'incoming' ? 'in' : 'out'}`, ...key);
    const taskId = recordId(`${config.idPrefix}:task`, ...key);
    const date = formatLocalDate(documentDate);
    result.key = key.join('|');
    const receivedAt = received ? formatLocalInstant(received) : null;

    if (secret) {
      result.document = { id, direction: this.direction, confidentiality, date };
      if (layout.kind === 'follow_up') result.task = { id: taskId, documentId: id };
      if (receivedAt !== null)
        result.incoming = { documentId: id, secret, receivedAt, unitId: null, title: null };
      return result;
    }

    const unitColumn: RegisterColumn =
      layout.kind === 'outgoing'
        ? 'archiveCopy'
        : layout.kind === 'follow_up' && layout.columns.has('handler')
          ? 'handler'
          : 'recipient';
    const unitText = text(unitColumn);
    const unitId = resolveUnit(unitText, config.unitMap);
    if (unitId === undefined) {
      const noTask = layout.kind === 'follow_up';
      report(
        unitColumn,
        `không có đơn vị "${unitText}" trong bảng ánh xạ đơn vị; văn bản vẫn được nhập nhưng chưa gắn đơn vị${noTask ? ', không tạo nhiệm vụ' : ''}`,
        `unit "${unitText}" is not in the unit mapping; the document is imported without a unit${noTask ? ' and no task is created' : ''}`,
        false,
      );
    }

    const subject = text('typeAndSubject');
    const typeName = text('typeName');
    result.document = {
      id,
      direction: this.direction,
      number: this.direction === 'outgoing' ? number : this.documentNumber(text, null) || null,
      type: typeName || (subject ? documentTypeOf(subject) : null),
      subject: subject || null,
      confidentiality,
      urgency,
      date,
      receivedAt,
      issuedAt: this.direction === 'outgoing' ? formatLocalInstant(issued ?? documentDate) : null,
      deadline: null,
      channel: config.channel,
      unitId: unitId ?? null,
    };
    const title = typeName && subject ? `${typeName} ${subject}` : subject || typeName || null;
    if (receivedAt !== null)
      result.incoming = { documentId: id, secret, receivedAt, unitId: unitId ?? null, title };

    if (layout.kind === 'follow_up' && unitId !== undefined && unitId !== null) {
      result.task = {
        id: taskId,
        documentId: id,
        title,
        unitId,
        assigneeId: null,
        // The register does not record when the document was assigned; it is assigned on the
        // day it is registered, so the arrival is the closest fact the source has.
        assignedAt: receivedAt,
        deadline: deadline ? formatLocalDate(deadline) : null,
        completedAt: this.completion(raw, text, report),
        cancelledAt: null,
      };
    }
    return result;
  }

  /**
   * A row of the follow-up register proper (Appendix IV): Số đến, the document in one cell, the
   * unit, the deadline, the progress, the reply's number. It becomes a task once joined to its
   * incoming entry (register.adapter.ts); its document is the incoming register's.
   */
  private followUpRow(
    result: MappedRow,
    rowIssues: AdapterIssue[],
    r: {
      text: (c: RegisterColumn) => string;
      raw: (c: RegisterColumn) => Cell | undefined;
      report: (c: RegisterColumn, vi: string, en: string, skipped: boolean) => void;
      requiredText: (c: RegisterColumn) => string | null;
      optionalDate: (c: RegisterColumn) => LocalDateParts | null;
      secret: boolean;
      row: TableRow;
    },
  ): MappedRow {
    const { layout, config, context } = this;
    const arrivalNumber = r.requiredText('arrivalNumber');
    const deadline = r.secret ? null : r.optionalDate('deadline');
    if (rowIssues.length > 0 || arrivalNumber === null || context.year === null) {
      result.issues.push(...rowIssues);
      return result;
    }
    const year = String(context.year);
    const key = [year, r.secret ? 'mat' : '', keyText(arrivalNumber)];
    this.checkRepeated(key, year, r.row.number, (vi, en) => r.report('arrivalNumber', vi, en, false));
    result.key = key.join('|');
    const unitColumn: RegisterColumn = layout.columns.has('handler') ? 'handler' : 'recipient';
    const where = {
      file: context.file,
      sheet: context.sheet,
      row: r.row.number,
      unitHeader: layout.columns.get(unitColumn)?.header ?? 'Đơn vị hoặc người nhận',
    };
    const taskId = recordId(`${config.idPrefix}:task`, ...key);
    if (r.secret) {
      result.followUp = {
        taskId,
        secret: true,
        unitId: null,
        title: null,
        deadline: null,
        completedAt: null,
        where,
      };
      return result;
    }
    const unitText = r.text(unitColumn);
    const unitId = resolveUnit(unitText, config.unitMap);
    if (unitId === undefined) {
      r.report(
        unitColumn,
        `không có đơn vị "${unitText}" trong bảng ánh xạ đơn vị; nhiệm vụ giao cho đơn vị nhận ghi ở sổ đến (nếu có)`,
        `unit "${unitText}" is not in the unit mapping; the task goes to the recipient the incoming register names (if any)`,
        false,
      );
    }
    const summary = r.text('documentSummary') || r.text('typeAndSubject');
    result.followUp = {
      taskId,
      secret: false,
      unitId,
      title: summary || null,
      deadline: deadline ? formatLocalDate(deadline) : null,
      completedAt: this.completion(r.raw, r.text, r.report),
      where,
    };
    return result;
  }

  /** "Số, ký hiệu", or "Số của văn bản" and "Ký hiệu của văn bản" apart (Appendix VI): "215" + "UBND-KGVX". */
  private documentNumber(
    text: (c: RegisterColumn) => string,
    required: ((c: RegisterColumn) => string | null) | null,
  ): string | null {
    if (this.layout.columns.has('number')) return required ? required('number') : text('number');
    const part = required ? required('numberPart') : text('numberPart');
    if (part === null || part === '') return part;
    const notation = text('notation');
    if (notation === '') return part;
    return notation.startsWith('/') || part.endsWith('/') ? `${part}${notation}` : `${part}/${notation}`;
  }

  private checkRepeated(
    key: string[],
    year: string,
    rowNumber: number,
    warn: (vi: string, en: string) => void,
  ): void {
    const seenKey = key.join('|');
    const earlier = this.seen.get(seenKey);
    if (earlier !== undefined) {
      // The value itself is not quoted: for an outgoing confidential row it is the number.
      warn(
        `trùng với dòng ${earlier} (cùng năm ${year}); dòng sau được giữ`,
        `same as row ${earlier} (same year ${year}); the later row is kept`,
      );
    }
    this.seen.set(seenKey, rowNumber);
  }

  private completion(
    raw: (c: RegisterColumn) => Cell | undefined,
    text: (c: RegisterColumn) => string,
    report: (c: RegisterColumn, vi: string, en: string, skipped: boolean) => void,
  ): string | null {
    const completedAt = completedAtOf(raw('progress'), () =>
      report(
        'progress',
        `"${text('progress')}" cho biết đã giải quyết nhưng không ghi ngày; chưa ghi nhận hoàn thành`,
        `"${text('progress')}" says it is done but gives no date; completion not recorded`,
        false,
      ),
    );
    if (completedAt === null && this.layout.columns.has('replyNumber') && text('replyNumber') !== '') {
      report(
        'replyNumber',
        `đã có văn bản trả lời "${text('replyNumber')}" nhưng cột "${this.layout.columns.get('progress')?.header ?? 'Tiến độ giải quyết'}" không ghi ngày giải quyết; chưa ghi nhận hoàn thành`,
        `a reply "${text('replyNumber')}" is recorded but "${this.layout.columns.get('progress')?.header ?? 'Tiến độ giải quyết'}" gives no date; completion not recorded`,
        false,
      );
    }
    return completedAt;
  }
}

/** undefined: a name the map does not know; null: nothing written. */
function resolveUnit(text: string, unitMap: ReadonlyMap<string, string>): string | null | undefined {
  if (text === '') return null;
  const whole = unitMap.get(foldText(text));
  if (whole !== undefined) return whole;
  // "Lưu: VT, TCCB", "Phòng TCCB/Nguyễn Văn A": the unit is one of the parts.
  for (const part of text.replace(/^lưu\s*:/i, '').split(/[,;/\n]+/)) {
    const id = unitMap.get(foldText(part));
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * "Tiến độ giải quyết" is free text. A bare date, or a done word with a date ("Đã giải quyết
 * 18/03/2025"), is a completion; anything else ("Đang xử lý", "Chưa hoàn thành") is not.
 */
function completedAtOf(cell: Cell | undefined, doneWithoutDate: () => void): string | null {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date || typeof cell === 'number') {
    const d = dateCell(cell);
    return d.kind === 'ok' ? formatLocalInstant(d.parts) : null;
  }
  const t = cleanText(String(cell));
  if (t === '') return null;
  const bare = parseLocalDateText(t);
  if (bare) return formatLocalInstant(bare);
  const folded = foldText(t);
  if (folded.includes('chua') || !DONE_WORDS.some((w) => folded.includes(w))) return null;
  const found = /\d{1,2}[/.-]\d{1,2}[/.-]\d{4}/.exec(t);
  const parts = found ? parseLocalDateText(found[0]) : null;
  if (!parts) {
    doneWithoutDate();
    return null;
  }
  return formatLocalInstant(parts);
}
