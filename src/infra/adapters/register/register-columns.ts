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
  | 'issuedDate'
  // Appendix VI (electronic registers): number and notation apart, the type apart from the
  // subject, urgency and secrecy in one column.
  | 'numberPart'
  | 'notation'
  | 'typeName'
  | 'urgencySecrecy'
  // The follow-up register's own columns.
  | 'documentSummary'
  | 'replyNumber';

/** Headers as the forms print them; the first is the name used in messages. */
export const REGISTER_HEADERS: Readonly<Record<RegisterColumn, readonly string[]>> = {
  receivedDate: ['Ngày đến', 'Ngày, giờ đến', 'Ngày giờ đến', 'Ngày, tháng, năm đến', 'Ngày tháng năm đến'],
  arrivalNumber: ['Số đến'],
  author: [
    'Tác giả',
    'Cơ quan ban hành',
    'Nơi gửi',
    'Tên cơ quan, tổ chức ban hành văn bản',
    'Tên cơ quan, tổ chức ban hành',
    'Cơ quan, tổ chức ban hành văn bản',
  ],
  number: ['Số, ký hiệu', 'Số, ký hiệu văn bản', 'Số và ký hiệu văn bản'],
  documentDate: [
    'Ngày tháng văn bản',
    'Ngày, tháng văn bản',
    'Ngày, tháng, năm văn bản',
    'Ngày tháng năm văn bản',
    'Ngày văn bản',
    // Appendix IV prints "Ngày tháng" under the document's group header.
    'Ngày tháng',
    'Ngày, tháng',
  ],
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
  numberPart: ['Số của văn bản', 'Số văn bản'],
  notation: ['Ký hiệu của văn bản', 'Ký hiệu văn bản', 'Ký hiệu'],
  typeName: ['Tên loại văn bản', 'Loại văn bản'],
  urgencySecrecy: ['Mức độ khẩn, độ mật', 'Độ khẩn, độ mật', 'Độ mật, độ khẩn', 'Mức độ mật, độ khẩn'],
  documentSummary: ['Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản'],
  replyNumber: ['Số, ký hiệu văn bản trả lời', 'Số, ký hiệu của văn bản trả lời'],
};

/**
 * Headers too long to be typed the same way twice, matched by how their folded text begins: the
 * follow-up register's second column is printed "Tên loại, số, ký hiệu, ngày, tháng và tên cơ
 * quan, tổ chức ban hành văn bản", and clerks shorten its tail.
 */
const HEADER_PATTERNS: readonly [RegExp, RegisterColumn][] = [
  [/^ten loai so ky hieu/, 'documentSummary'],
  [/^so (va )?ky hieu (cua )?van ban tra loi/, 'replyNumber'],
];

/**
 * The follow-up register (Appendix IV) has no arrival date and no document date: it is joined to
 * the incoming register by year and Số đến. A sheet that has both dates (an electronic register
 * with "Thời hạn giải quyết") stands alone; one with only one of them lacks the other.
 */
export const REQUIRED_COLUMNS: Readonly<Record<RegisterKind, readonly RegisterColumn[]>> = {
  incoming: ['receivedDate', 'arrivalNumber', 'documentDate'],
  outgoing: ['number', 'documentDate'],
  follow_up: ['arrivalNumber', 'deadline'],
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
  /** A follow-up register without dates of its own, read through the incoming register. */
  joined: boolean;
}

/** How far down a title block may push the header row. */
export const HEADER_SEARCH_ROWS = 30;
/** Fewer recognised headers than this is a title or a data row, not the header. */
export const MIN_RECOGNISED = 3;

export function columnsOf(cells: readonly string[]): Map<RegisterColumn, HeaderColumn> {
  const columns = new Map<RegisterColumn, HeaderColumn>();
  cells.forEach((text, index) => {
    const folded = foldHeader(text);
    const column = HEADER_LOOKUP.get(folded) ?? HEADER_PATTERNS.find(([p]) => p.test(folded))?.[1];
    // A merged header cell repeats its text across the merge; the first cell is the column.
    if (column && !columns.has(column))
      columns.set(column, { index, header: text.replace(/\s+/g, ' ').trim() });
  });
  return columns;
}

function kindOf(columns: ReadonlyMap<RegisterColumn, HeaderColumn>): RegisterKind | null {
  if (
    columns.has('deadline') ||
    columns.has('progress') ||
    columns.has('handler') ||
    columns.has('documentSummary') ||
    columns.has('replyNumber')
  )
    return 'follow_up';
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
  const missing = REQUIRED_COLUMNS[kind].filter(
    // "Số của văn bản" and "Ký hiệu của văn bản" apart stand for "Số, ký hiệu".
    (c) => !columns.has(c) && !(c === 'number' && columns.has('numberPart')),
  );
  let joined = false;
  if (kind === 'follow_up') {
    const hasReceived = columns.has('receivedDate');
    const hasDate = columns.has('documentDate');
    if (hasReceived && !hasDate) missing.push('documentDate');
    if (hasDate && !hasReceived) missing.push('receivedDate');
    joined = !hasReceived && !hasDate;
  }
  return { kind, headerRow: row, columns, missing, joined };
}
