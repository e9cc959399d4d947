/**
 * The columns of the Decree 30/2020/NĐ-CP registers (Appendix IV) and how to find them in a sheet
 * a clerk kept: headers typed with or without diacritics, with line breaks or column numbers
 * ("Số đến (2)"), below merged title rows ("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN — NĂM 2025").
 */
import { foldText } from '../shared/vietnamese-text.util.js';

export type RegisterKind = 'incoming' | 'outgoing' | 'follow_up';

export type RegisterColumn =
  | 'receivedDate'
  | 'arrivalNumber'
  | 'author'
  | 'number'
  | 'documentDate'
  | 'typeAndSubject'
  | 'recipient'
  | 'signedFor'
  | 'note'
  | 'signer'
  | 'destinations'
  | 'archiveCopy'
  | 'copies'
  | 'deadline'
  | 'progress'
  | 'handler'
  | 'secrecy'
  | 'urgency'
  | 'issuedDate';

/** Headers as the forms print them; the first is the name used in messages. */
export const REGISTER_HEADERS: Readonly<Record<RegisterColumn, readonly string[]>> = {
  receivedDate: ['Ngày đến', 'Ngày, giờ đến', 'Ngày giờ đến'],
  arrivalNumber: ['Số đến'],
  author: ['Tác giả', 'Cơ quan ban hành', 'Nơi gửi'],
  number: ['Số, ký hiệu', 'Số, ký hiệu văn bản', 'Số và ký hiệu văn bản'],
  documentDate: ['Ngày tháng văn bản', 'Ngày, tháng văn bản', 'Ngày, tháng, năm văn bản', 'Ngày văn bản'],
  typeAndSubject: [
    'Tên loại và trích yếu nội dung',
    'Tên loại và trích yếu nội dung văn bản',
    'Tên loại và trích yếu',
    'Trích yếu nội dung',
    'Trích yếu',
  ],
  recipient: ['Đơn vị hoặc người nhận', 'Đơn vị, người nhận'],
  signedFor: ['Ký nhận'],
  note: ['Ghi chú'],
  signer: ['Người ký'],
  destinations: ['Nơi nhận văn bản', 'Nơi nhận'],
  archiveCopy: ['Đơn vị, người nhận bản lưu'],
  copies: ['Số lượng bản'],
  deadline: ['Thời hạn giải quyết'],
  progress: ['Tiến độ giải quyết'],
  handler: ['Đơn vị/người giải quyết', 'Đơn vị hoặc người giải quyết'],
  secrecy: ['Độ mật', 'Mức độ mật'],
  urgency: ['Độ khẩn', 'Mức độ khẩn'],
  issuedDate: ['Ngày ban hành', 'Ngày phát hành'],
};

export const REQUIRED_COLUMNS: Readonly<Record<RegisterKind, readonly RegisterColumn[]>> = {
  incoming: ['receivedDate', 'arrivalNumber', 'documentDate'],
  outgoing: ['number', 'documentDate'],
  follow_up: ['receivedDate', 'arrivalNumber', 'documentDate', 'deadline'],
};

export const REGISTER_NAMES: Readonly<Record<RegisterKind, { vi: string; en: string }>> = {
  incoming: { vi: 'sổ đăng ký văn bản đến', en: 'incoming document register' },
  outgoing: { vi: 'sổ đăng ký văn bản đi', en: 'outgoing document register' },
  follow_up: { vi: 'sổ theo dõi giải quyết văn bản đến', en: 'incoming document follow-up register' },
};

const HEADER_LOOKUP: ReadonlyMap<string, RegisterColumn> = new Map(
  (Object.entries(REGISTER_HEADERS) as [RegisterColumn, readonly string[]][]).flatMap(([column, headers]) =>
    headers.map((h) => [foldHeader(h), column] as const),
  ),
);

/** Folded header text without a trailing column number: "Số đến\n(2)" → "so den". */
export function foldHeader(text: string): string {
  return foldText(text.replace(/\(\s*\d+\s*\)\s*$/, ''));
}

export interface HeaderColumn {
  index: number;
  /** The header as written in the file, for messages. */
  header: string;
}

export interface RegisterLayout {
  kind: RegisterKind;
  /** Index (0-based) of the header row among the table's rows. */
  headerRow: number;
  columns: ReadonlyMap<RegisterColumn, HeaderColumn>;
  missing: RegisterColumn[];
}

/** How far down a title block may push the header row. */
const HEADER_SEARCH_ROWS = 30;
/** Fewer recognised headers than this is a title or a data row, not the header. */
export const MIN_RECOGNISED = 3;

export function columnsOf(cells: readonly string[]): Map<RegisterColumn, HeaderColumn> {
  const columns = new Map<RegisterColumn, HeaderColumn>();
  cells.forEach((text, index) => {
    const column = HEADER_LOOKUP.get(foldHeader(text));
    // A merged header cell repeats its text across the merge; the first cell is the column.
    if (column && !columns.has(column))
      columns.set(column, { index, header: text.replace(/\s+/g, ' ').trim() });
  });
  return columns;
}

function kindOf(columns: ReadonlyMap<RegisterColumn, HeaderColumn>): RegisterKind | null {
  if (columns.has('deadline') || columns.has('progress') || columns.has('handler')) return 'follow_up';
  if (columns.has('arrivalNumber') || columns.has('receivedDate')) return 'incoming';
  if (
    columns.has('signer') ||
    columns.has('destinations') ||
    columns.has('archiveCopy') ||
    columns.has('copies')
  ) {
    return 'outgoing';
  }
  return null;
}

/**
 * The header row (the row of the first `HEADER_SEARCH_ROWS` that names the most known columns),
 * which register it heads, and the required columns it lacks. Null when no row looks like a
 * register header.
 */
export function detectRegisterLayout(rows: readonly (readonly string[])[]): RegisterLayout | null {
  let best: { row: number; columns: Map<RegisterColumn, HeaderColumn> } | null = null;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, row) => {
    const columns = columnsOf(cells);
    if (columns.size >= MIN_RECOGNISED && (best === null || columns.size > best.columns.size))
      best = { row, columns };
  });
  if (best === null) return null;
  const { row, columns } = best as { row: number; columns: Map<RegisterColumn, HeaderColumn> };
  const kind = kindOf(columns);
  if (kind === null) return null;
  return { kind, headerRow: row, columns, missing: REQUIRED_COLUMNS[kind].filter((c) => !columns.has(c)) };
}
