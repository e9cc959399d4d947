/**
 * What can be wrong with a bundle, as data, and how a clerk reads it (BUNDLE.md: a rejection
 * names the bundle, the record's kind and id, the field and the reason).
 *
 * Issues are kept with the sync run and printed by the CLI, so they are a disclosure surface:
 * nothing of a confidential document but its id may enter one (DOMAIN.md §4). The record
 * validator never puts a value of such a document into `params`, and the reference rules
 * (reference-rules.ts) withdraw the issues of tasks and drafts that turn out to handle one.
 */
import type { Lang } from '../../i18n/lang.js';
import type { RecordKind } from '../model.js';
import { ARRAY_OF_KIND } from './record-kind.js';
import { visibleText } from './text-rules.js';

/** The format this reader accepts in a bundle's `format` field. */
export const BUNDLE_FORMAT = 'dunghan.bundle.v1';

/** `tombstone`: an entry of a bundle's `deleted`; `bundle`: the file as a whole. */
export type IssueKind = RecordKind | 'tombstone' | 'bundle';

export const ISSUE_CODES = [
  // the file as a whole: the first four stop the import
  'unreadable',
  'invalid_json',
  'wrong_format',
  'not_an_object',
  'not_an_array',
  // a bound of the source (SourceLimits): the whole file when `kind` is `bundle`, else the record
  'over_limit',
  // one record's own content
  'missing_field',
  'wrong_type',
  'invalid_value',
  'invalid_date',
  'invalid_timestamp',
  'missing_offset',
  'invalid_week',
  'implausible_date',
  'disallowed_character',
  'duplicate_key',
  // references across the merged bundles
  'unknown_unit',
  'unknown_task',
  'unknown_document',
  'unknown_person',
  'rejected_reference',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** Why a file is not JSON, as far as the streaming reader can tell. */
export type JsonErrorReason =
  'unexpected_end' | 'unexpected_character' | 'mismatched_bracket' | 'too_deep' | 'invalid_text';

/** A JSON type name as the schema says it. */
export type JsonTypeName = 'string' | 'boolean' | 'number' | 'integer' | 'object' | 'array' | 'null';

/** The facts behind a message; which ones are set depends on the code. */
export interface IssueParams {
  /** The offending value, shortened; never set for a confidential document. */
  value?: string;
  /** wrong_type: the type the field must have. */
  expected?: JsonTypeName;
  /** invalid_value: the values the field accepts. */
  allowed?: readonly string[];
  /** unknown_* and rejected_reference: the id referred to. */
  ref?: string;
  /** rejected_reference: the kind of the record referred to. */
  refKind?: RecordKind;
  /** invalid_json: where (1-based line, 0-based byte offset in the file) and why. */
  line?: number;
  offset?: number;
  reason?: JsonErrorReason;
  /** implausible_date: the plausible range's first and (when there is one) last day, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** disallowed_character: which kind of character, and the first one as `U+0000`. */
  character?: 'nul' | 'control' | 'surrogate';
  codePoint?: string;
  /** unreadable: the system's error code (ENOENT, EACCES…). */
  errno?: string;
  /** over_limit: which of the source's limits (sources.json `limits`), its value, and what was found. */
  limit?: LimitName;
  max?: number;
  actual?: number;
}

/** The source limits (SourceLimits in the adapter port) a bundle issue can name. */
export type LimitName = 'maxFileBytes' | 'maxRecordsPerFile' | 'maxTextLength' | 'maxDepth';

export interface BundleIssue {
  /** The bundle file as the user named it. */
  file: string;
  kind: IssueKind;
  /** The record's id (a weekly schedule's `unitId|week`, a mailbox's `personId`); null when it has none. */
  id: string | null;
  /** The record's position in its array, when known; it locates a record that has no id. */
  index: number | null;
  /** Path of the field inside the record, as `deadlineChanges[0].at`; null for the whole record. */
  field: string | null;
  code: IssueCode;
  params: IssueParams;
  /** `error`: the record (or the bundle) was rejected; `warning`: it was kept. */
  severity: 'error' | 'warning';
}

const KIND_LABEL: Record<Lang, Record<RecordKind | 'tombstone', string>> = {
  vi: {
    unit: 'đơn vị (unit)',
    person: 'cán bộ (person)',
    document: 'văn bản (document)',
    task: 'công việc (task)',
    draft: 'dự thảo (draft)',
    weeklySchedule: 'lịch công tác tuần (weeklySchedule)',
    mailbox: 'hộp thư (mailbox)',
    tombstone: 'mục xoá (deleted)',
  },
  en: {
    unit: 'unit',
    person: 'person',
    document: 'document',
    task: 'task',
    draft: 'draft',
    weeklySchedule: 'weekly schedule',
    mailbox: 'mailbox',
    tombstone: 'deleted entry',
  },
};

/** Short names for a record referred to, inside a sentence. */
const REF_LABEL: Record<Lang, Record<RecordKind, string>> = {
  vi: {
    unit: 'đơn vị',
    person: 'cán bộ',
    document: 'văn bản',
    task: 'công việc',
    draft: 'dự thảo',
    weeklySchedule: 'lịch công tác tuần',
    mailbox: 'hộp thư',
  },
  en: {
    unit: 'unit',
    person: 'person',
    document: 'document',
    task: 'task',
    draft: 'draft',
    weeklySchedule: 'weekly schedule',
    mailbox: 'mailbox',
  },
};

const TYPE_LABEL: Record<Lang, Record<JsonTypeName, string>> = {
  vi: {
    string: 'một chuỗi ký tự',
    boolean: 'true hoặc false',
    number: 'một số',
    integer: 'một số nguyên',
    object: 'một đối tượng { … }',
    array: 'một mảng [ … ]',
    null: 'null',
  },
  en: {
    string: 'a string',
    boolean: 'true or false',
    number: 'a number',
    integer: 'an integer',
    object: 'an object { … }',
    array: 'an array [ … ]',
    null: 'null',
  },
};

const JSON_REASON: Record<Lang, Record<JsonErrorReason, string>> = {
  vi: {
    unexpected_end: 'tệp kết thúc giữa chừng (bị cắt cụt?)',
    unexpected_character: 'gặp ký tự không đúng chỗ',
    mismatched_bracket: 'dấu đóng ngoặc không khớp với dấu mở',
    too_deep: 'lồng nhau quá nhiều cấp',
    invalid_text: 'phần JSON bắt đầu tại đây viết sai cú pháp',
  },
  en: {
    unexpected_end: 'the file ends too early (truncated?)',
    unexpected_character: 'an unexpected character',
    mismatched_bracket: 'a closing bracket that does not match the opening one',
    too_deep: 'nested too deeply',
    invalid_text: 'the JSON starting here is not valid',
  },
};

const REFERRED_KIND = {
  unknown_unit: 'unit',
  unknown_task: 'task',
  unknown_document: 'document',
  unknown_person: 'person',
} as const satisfies Partial<Record<IssueCode, RecordKind>>;

const SHAPED_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?$/;

/** The local time a clerk wrote, as the bundle wants it: `2025-03-14 09:00` → `2025-03-14T09:00:00+07:00`. */
function withOffset(local: string): string {
  const m = LOCAL_TIME.exec(local);
  return m === null ? `${local}+07:00` : `${m[1]}T${m[2]}${m[3] ?? ':00'}+07:00`;
}
const EXAMPLE_INSTANT = '2025-03-10T09:15:00+07:00';

function reason(issue: BundleIssue, lang: Lang): string {
  const p = issue.params;
  const v = p.value;
  const vi = lang === 'vi';
  const kept = issue.severity === 'warning';
  switch (issue.code) {
    case 'unreadable':
      return vi
        ? `không đọc được tệp (${p.errno ?? 'lỗi hệ thống'}); kiểm tra đường dẫn và quyền đọc`
        : `cannot read the file (${p.errno ?? 'system error'}); check the path and read permission`;
    case 'invalid_json': {
      const why = JSON_REASON[lang][p.reason ?? 'unexpected_character'];
      return vi
        ? `tệp không phải JSON hợp lệ: ${why} (dòng ${p.line ?? '?'}, byte ${p.offset ?? '?'})`
        : `not valid JSON: ${why} (line ${p.line ?? '?'}, byte ${p.offset ?? '?'})`;
    }
    case 'wrong_format':
      if (v === undefined) {
        return vi
          ? `thiếu "format": "${BUNDLE_FORMAT}"; đây không phải tệp dữ liệu của Đúng hạn`
          : `no "format": "${BUNDLE_FORMAT}"; this is not a Đúng hạn bundle`;
      }
      return vi
        ? `là "${v}", cần "${BUNDLE_FORMAT}"; đây không phải tệp dữ liệu của Đúng hạn hoặc là phiên bản khác`
        : `is "${v}", expected "${BUNDLE_FORMAT}"; this is not a Đúng hạn bundle or another version of it`;
    case 'not_an_object':
      if (issue.kind === 'bundle') {
        return vi
          ? 'nội dung tệp phải là một đối tượng JSON { "format": …, "units": […], … }'
          : 'the file must hold one JSON object { "format": …, "units": […], … }';
      }
      return vi ? 'bản ghi phải là một đối tượng JSON { … }' : 'the record must be a JSON object { … }';
    case 'not_an_array':
      return vi
        ? 'phải là một mảng [ … ] (hoặc null); phần này bị bỏ qua'
        : 'must be an array [ … ] (or null); it was skipped';
    case 'over_limit':
      return overLimit(issue, lang);
    case 'missing_field':
      return vi ? 'bắt buộc nhưng bị thiếu hoặc để trống' : 'is required but missing or empty';
    case 'wrong_type': {
      const t = TYPE_LABEL[lang][p.expected ?? 'string'];
      return vi ? `phải là ${t}` : `must be ${t}`;
    }
    case 'invalid_value': {
      const allowed = (p.allowed ?? []).join(', ');
      if (v === undefined)
        return vi
          ? `giá trị không hợp lệ; chỉ nhận: ${allowed}`
          : `not an allowed value; expected one of: ${allowed}`;
      return vi
        ? `giá trị "${v}" không hợp lệ; chỉ nhận: ${allowed}`
        : `"${v}" is not allowed; expected one of: ${allowed}`;
    }
    case 'invalid_date':
      if (v === undefined) {
        return vi
          ? 'không phải ngày hợp lệ (YYYY-MM-DD, có trên lịch)'
          : 'not a valid date (YYYY-MM-DD, on the calendar)';
      }
      if (SHAPED_DATE.test(v))
        return vi ? `ngày ${v} không có trên lịch` : `${v} is not a date on the calendar`;
      return vi ? `"${v}" không phải ngày dạng YYYY-MM-DD` : `"${v}" is not a date in the form YYYY-MM-DD`;
    case 'invalid_timestamp':
      if (v === undefined) {
        return vi
          ? `không phải thời điểm hợp lệ; cần dạng ${EXAMPLE_INSTANT}`
          : `not a valid timestamp; expected the form ${EXAMPLE_INSTANT}`;
      }
      return vi
        ? `"${v}" không phải thời điểm hợp lệ; cần dạng ${EXAMPLE_INSTANT}`
        : `"${v}" is not a valid timestamp; expected the form ${EXAMPLE_INSTANT}`;
    case 'missing_offset':
      if (v === undefined) {
        return vi
          ? 'thời điểm thiếu múi giờ; cần ghi rõ, ví dụ +07:00'
          : 'the timestamp has no UTC offset; write one, e.g. +07:00';
      }
      return vi
        ? `thời điểm ${v} thiếu múi giờ; cần ghi rõ, ví dụ ${withOffset(v)}`
        : `timestamp ${v} has no UTC offset; write one, e.g. ${withOffset(v)}`;
    case 'invalid_week':
      return vi
        ? `tuần ${v === undefined ? '' : `"${v}" `}không hợp lệ; cần dạng 2025-W11, là một tuần ISO có trong năm đó`
        : `week ${v === undefined ? '' : `"${v}" `}is not valid; expected the form 2025-W11, an ISO week of that year`;
    case 'implausible_date': {
      const what = v === undefined ? '' : `${v} `;
      const range =
        p.to === undefined
          ? vi
            ? `từ ${p.from ?? '?'}`
            : `from ${p.from ?? '?'}`
          : `${p.from ?? '?'} – ${p.to}`;
      return vi
        ? `ngày ${what}nằm ngoài khoảng hợp lý (${range}); có thể là giá trị "không có ngày" của hệ thống nguồn (như 0001-01-01) hoặc năm gõ sai`
        : `date ${what}is outside the plausible range (${range}); perhaps the source system's "no date" value (such as 0001-01-01) or a mistyped year`;
    }
    case 'duplicate_key':
      return vi
        ? 'khoá này xuất hiện hai lần trong cùng một bản ghi; không biết giá trị nào đúng nên bản ghi bị loại'
        : 'this key appears twice in the same record; which value is meant cannot be known, so the record was rejected';
    case 'disallowed_character':
      switch (p.character) {
        case 'nul':
          return vi
            ? 'chứa ký tự NUL (U+0000), không lưu được; hệ thống nguồn cần xuất lại bản ghi này'
            : 'contains a NUL character (U+0000), which cannot be stored; the source system must export this record again';
        case 'surrogate':
          return vi
            ? `chứa ký tự UTF-16 hỏng (nửa cặp thay thế ${p.codePoint ?? ''}); hệ thống nguồn cần xuất lại bản ghi này`
            : `contains a broken UTF-16 character (a lone surrogate ${p.codePoint ?? ''}); the source system must export this record again`;
        default:
          return vi
            ? `chứa ký tự điều khiển ${p.codePoint ?? ''}, không được có trong mã định danh hay địa chỉ`
            : `contains the control character ${p.codePoint ?? ''}, not allowed in an id or address`;
      }
    case 'unknown_unit':
    case 'unknown_task':
    case 'unknown_document':
    case 'unknown_person': {
      const refKind = REFERRED_KIND[issue.code];
      const label = REF_LABEL[lang][refKind];
      if (vi) {
        return `${label} ${p.ref ?? ''} không có trong dữ liệu đã nhập; ${kept ? 'bản ghi vẫn được giữ' : 'bản ghi bị loại'}`;
      }
      return `${label} ${p.ref ?? ''} is not in the imported data; ${kept ? 'the record was kept' : 'the record was rejected'}`;
    }
    case 'rejected_reference': {
      const label = REF_LABEL[lang][p.refKind ?? 'task'];
      if (vi) {
        return `${label} ${p.ref ?? ''} mà bản ghi này trỏ tới đã bị loại vì lỗi riêng của nó (xem lỗi đó); ${
          kept ? 'bản ghi này vẫn được giữ' : 'bản ghi này cũng bị loại'
        }`;
      }
      return `${label} ${p.ref ?? ''} that this record refers to was rejected for its own error (see that one); ${
        kept ? 'this record was kept' : 'this record was rejected too'
      }`;
    }
  }
}

function overLimit(issue: BundleIssue, lang: Lang): string {
  const p = issue.params;
  const vi = lang === 'vi';
  const n = (x: number | undefined) => (x === undefined ? '?' : x.toLocaleString(vi ? 'vi-VN' : 'en-US'));
  // The setting as it is written in sources.json, so it can be copied there.
  const setting = `${p.limit ?? '?'} = ${p.max ?? '?'}`;
  const at =
    p.offset === undefined
      ? ''
      : vi
        ? ` (dòng ${p.line ?? '?'}, byte ${p.offset})`
        : ` (line ${p.line ?? '?'}, byte ${p.offset})`;
  if (issue.kind !== 'bundle') {
    return vi
      ? `dài ${n(p.actual)} ký tự, vượt giới hạn ${setting} ký tự của nguồn; bản ghi bị loại`
      : `is ${n(p.actual)} characters long, over the source's limit ${setting} characters; the record was rejected`;
  }
  switch (p.limit) {
    case 'maxFileBytes':
      return vi
        ? `tệp ${n(p.actual)} byte, vượt giới hạn ${setting} byte của nguồn; tệp không được đọc`
        : `the file is ${n(p.actual)} bytes, over the source's limit ${setting} bytes; it was not read`;
    case 'maxRecordsPerFile':
      return vi
        ? `tệp có hơn ${n(p.max)} bản ghi, vượt giới hạn ${setting} của nguồn`
        : `the file holds more than ${n(p.max)} records, over the source's limit ${setting}`;
    case 'maxDepth':
      return vi
        ? `dữ liệu lồng nhau sâu hơn ${n(p.max)} cấp${at}, vượt giới hạn ${setting} của nguồn`
        : `values nested deeper than ${n(p.max)} levels${at}, over the source's limit ${setting}`;
    default:
      return vi
        ? `một chuỗi ký tự dài hơn ${n(p.actual)} byte${at}, vượt giới hạn ${setting} ký tự của nguồn`
        : `a string longer than ${n(p.actual)} bytes${at}, over the source's limit ${setting} characters`;
  }
}

function subject(issue: BundleIssue, lang: Lang): string | null {
  if (issue.kind === 'bundle') return null;
  const label = KIND_LABEL[lang][issue.kind];
  if (issue.id !== null) return `${label} ${issue.id}`;
  const noId = lang === 'vi' ? '(không có id)' : '(no id)';
  if (issue.index === null) return `${label} ${noId}`;
  const where = `${ARRAY_OF_KIND[issue.kind]}[${issue.index}]`;
  return lang === 'vi' ? `${label} tại ${where} ${noId}` : `${label} at ${where} ${noId}`;
}

/**
 * One line a clerk can act on: `bundle.json: công việc (task) t1, trường deadline: ngày 2025-02-30
 * không có trên lịch`. Vietnamese unless asked otherwise.
 */
export function formatIssue(issue: BundleIssue, lang: Lang = 'vi'): string {
  const head: string[] = [];
  const who = subject(issue, lang);
  if (who !== null) head.push(who);
  if (issue.field !== null) head.push(lang === 'vi' ? `trường ${issue.field}` : `field ${issue.field}`);
  const prefix = head.length === 0 ? issue.file : `${issue.file}: ${head.join(', ')}`;
  return `${prefix}: ${reason(issue, lang)}`;
}

/** Shortens a value for a message, so a runaway field cannot flood a log line. */
export function shownValue(value: unknown): string {
  const raw = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  // A NUL in a message would fail the rejection's own insert (text-rules.ts).
  const text = visibleText(raw);
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}
