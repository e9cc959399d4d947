/**
 * Turns the rows of one register sheet into documents (and, from the follow-up register, tasks).
 * A row that cannot be read is reported with its row number and column and left out; the other
 * rows go in. Nothing here judges whether a document was registered in time.
 */
import type { Channel, Confidentiality, Urgency } from '../../../domain/model.js';
import type { AdapterIssue } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import type { BundlePartBuilder } from '../shared/bundle-part.builder.js';
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
import { MIN_RECOGNISED, type RegisterColumn, type RegisterLayout, columnsOf } from './register-columns.js';
import type { Cell, TableRow } from './register-table.reader.js';

export interface RegisterMappingConfig {
  idPrefix: string;
  channel: Channel;
  /** Folded unit name or abbreviation → unit id. */
  unitMap: ReadonlyMap<string, string>;
}

export interface RegisterSheetContext {
  file: string;
  /** Named in messages only when the workbook has several sheets. */
  sheet: string | null;
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

export function mapRegisterRows(
  rows: readonly TableRow[],
  layout: RegisterLayout,
  context: RegisterSheetContext,
  config: RegisterMappingConfig,
  out: BundlePartBuilder,
): AdapterIssue[] {
  const issues: AdapterIssue[] = [];
  const { file, sheet } = context;
  const sheetVi = sheet === null ? '' : `, trang tính "${sheet}"`;
  const sheetEn = sheet === null ? '' : `, sheet "${sheet}"`;
  const seen = new Map<string, number>();
  const direction = layout.kind === 'outgoing' ? 'outgoing' : 'incoming';

  for (const row of rows.slice(layout.headerRow + 1)) {
    const texts = row.cells.map(cellText);
    if (texts.every((t) => t === '') || isColumnNumberRow(texts) || columnsOf(texts).size >= MIN_RECOGNISED)
      continue;

    const record = sheet === null ? String(row.number) : `${sheet}!${row.number}`;
    const rowIssues: AdapterIssue[] = [];
    const header = (column: RegisterColumn) => layout.columns.get(column)?.header ?? column;
    const raw = (column: RegisterColumn): Cell | undefined => {
      const c = layout.columns.get(column);
      return c === undefined ? undefined : row.cells[c.index];
    };
    const text = (column: RegisterColumn) => cellText(raw(column));
    const report = (column: RegisterColumn, vi: string, en: string, skipped: boolean) => {
      const list = skipped ? rowIssues : issues;
      list.push(
        adapterIssue(
          file,
          record,
          header(column),
          `Tệp "${file}"${sheetVi}, dòng ${row.number}, cột "${header(column)}": ${vi}${skipped ? '; bỏ qua dòng này.' : '.'}`,
          `File "${file}"${sheetEn}, row ${row.number}, column "${header(column)}": ${en}${skipped ? '; row skipped.' : '.'}`,
        ),
      );
    };
    const requiredDate = (column: RegisterColumn): LocalDateParts | null => {
      const d = dateCell(raw(column));
      if (d.kind === 'ok') return d.parts;
      if (d.kind === 'empty') report(column, 'bỏ trống', 'is empty', true);
      else
        report(
          column,
          `ngày "${d.shown}" không hợp lệ (cần dd/mm/yyyy)`,
          `date "${d.shown}" is not valid (expected dd/mm/yyyy)`,
          true,
        );
      return null;
    };
    const requiredText = (column: RegisterColumn): string | null => {
      const t = text(column);
      if (t === '') report(column, 'bỏ trống', 'is empty', true);
      return t === '' ? null : t;
    };
    const optionalDate = (column: RegisterColumn): LocalDateParts | null => {
      if (!layout.columns.has(column)) return null;
      const d = dateCell(raw(column));
      if (d.kind === 'bad') {
        report(
          column,
          `ngày "${d.shown}" không hợp lệ (cần dd/mm/yyyy)`,
          `date "${d.shown}" is not valid (expected dd/mm/yyyy)`,
          true,
        );
      }
      return d.kind === 'ok' ? d.parts : null;
    };

    // Secrecy first: it decides which columns may be read at all (DOMAIN.md §4).
    let confidentiality: Confidentiality = 'normal';
    if (layout.columns.has('secrecy')) {
      const level = secrecyLevelOf(text('secrecy'));
      if (level === undefined) {
        report(
          'secrecy',
          `độ mật "${text('secrecy')}" không hợp lệ (Mật, Tối mật, Tuyệt mật hoặc để trống)`,
          `secrecy "${text('secrecy')}" is not valid (Mật, Tối mật, Tuyệt mật or empty)`,
          true,
        );
      } else confidentiality = level;
    }
    const stamp = secrecyStampIn(text('note'));
    if (stamp && RANK[stamp] > RANK[confidentiality]) confidentiality = stamp;
    const secret = confidentiality !== 'normal';

    const received = direction === 'incoming' ? requiredDate('receivedDate') : null;
    const arrivalNumber = direction === 'incoming' ? requiredText('arrivalNumber') : null;
    // Only the key of a confidential outgoing row is read from its number, and it is hashed.
    const number = direction === 'outgoing' ? requiredText('number') : null;
    const documentDate = requiredDate('documentDate');

    let urgency: Urgency | null = null;
    let deadline: LocalDateParts | null = null;
    let issued: LocalDateParts | null = null;
    if (!secret) {
      if (layout.columns.has('urgency')) {
        const u = URGENCY.get(foldText(text('urgency')));
        if (u === undefined) {
          report(
            'urgency',
            `độ khẩn "${text('urgency')}" không hợp lệ (Khẩn, Thượng khẩn, Hỏa tốc hoặc để trống)`,
            `urgency "${text('urgency')}" is not valid (Khẩn, Thượng khẩn, Hỏa tốc or empty)`,
            true,
          );
        } else urgency = u;
      }
      if (layout.kind === 'follow_up') deadline = optionalDate('deadline');
      if (layout.kind === 'outgoing') issued = optionalDate('issuedDate');
    }

    if (rowIssues.length > 0 || documentDate === null) {
      issues.push(...rowIssues);
      continue;
    }

    // Số đến restarts every year (Decree 30, art. 22), so the year is part of the key; a
    // separate register of confidential documents keeps its own sequence, hence the marker.
    const year = String(direction === 'incoming' ? received!.year : documentDate.year);
    const natural = direction === 'incoming' ? keyText(arrivalNumber!) : keyText(number!);
    const key = [year, secret ? 'mat' : '', natural];
    const keyColumn = direction === 'incoming' ? 'arrivalNumber' : 'number';
    const seenKey = key.join('|');
    const earlier = seen.get(seenKey);
    if (earlier !== undefined) {
      // The value itself is not quoted: for an outgoing confidential row it is the number.
      report(
        keyColumn,
        `trùng với dòng ${earlier} (cùng năm ${year}); dòng sau được giữ`,
        `same as row ${earlier} (same year ${year}); the later row is kept`,
        false,
      );
    }
    seen.set(seenKey, row.number);

    const id = recordId(`${config.idPrefix}:${direction === 'incoming' ? 'in' : 'out'}`, ...key);
    const taskId = recordId(`${config.idPrefix}:task`, ...key);
    const date = formatLocalDate(documentDate);

    if (secret) {
      out.put('documents', { id, direction, confidentiality, date });
      if (layout.kind === 'follow_up') out.put('tasks', { id: taskId, documentId: id });
      continue;
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

    const typeAndSubject = text('typeAndSubject');
    const receivedAt = received ? formatLocalInstant(received) : null;
    out.put('documents', {
      id,
      direction,
      number: direction === 'outgoing' ? number : text('number') || null,
      type: typeAndSubject ? documentTypeOf(typeAndSubject) : null,
      subject: typeAndSubject || null,
      confidentiality,
      urgency,
      date,
      receivedAt,
      issuedAt: direction === 'outgoing' ? formatLocalInstant(issued ?? documentDate) : null,
      deadline: null,
      channel: config.channel,
      unitId: unitId ?? null,
    });

    if (layout.kind === 'follow_up' && unitId !== undefined && unitId !== null) {
      out.put('tasks', {
        id: taskId,
        documentId: id,
        title: typeAndSubject || null,
        unitId,
        assigneeId: null,
        // The register does not record when the document was assigned; it is assigned on the
        // day it is registered, so the arrival is the closest fact the source has.
        assignedAt: receivedAt,
        deadline: deadline ? formatLocalDate(deadline) : null,
        completedAt: completedAtOf(raw('progress'), () =>
          report(
            'progress',
            `"${text('progress')}" cho biết đã giải quyết nhưng không ghi ngày; chưa ghi nhận hoàn thành`,
            `"${text('progress')}" says it is done but gives no date; completion not recorded`,
            false,
          ),
        ),
        cancelledAt: null,
      });
    }
  }
  return issues;
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
