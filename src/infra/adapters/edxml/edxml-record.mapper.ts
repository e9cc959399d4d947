/**
 * Turns one parsed edXML message into bundle records. Translation only: which document it is,
 * which way it went, what it says. Whether anything was late is the rule engine's business.
 */
import type { Confidentiality, Direction, Urgency } from '../../../domain/model.js';
import { parseInstant } from '../../../domain/time.js';
import type { AdapterIssue } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import type { BundlePartBuilder } from '../shared/bundle-part.builder.js';
import { formatLocalDate, formatLocalInstant, parseLocalDateText } from '../shared/local-time.util.js';
import { recordId } from '../shared/record-id.util.js';
import { foldText } from '../shared/vietnamese-text.util.js';
import type { EdxmlDocumentMessage, EdxmlMessage, EdxmlStatusMessage } from './edxml-message.parser.js';

export const EDXML_ID_PREFIX = 'edxml';

/**
 * `OtherInfo/Priority`. 4 is "hỏa tốc hẹn giờ" (flash with a set time): the bundle has no such
 * level and the set time is not carried, so it reads as flash.
 */
const PRIORITY: Readonly<Record<string, Urgency>> = {
  '0': 'normal',
  '1': 'urgent',
  '2': 'very_urgent',
  '3': 'flash',
  '4': 'flash',
};

/** `TraceHeaderList/Bussiness/BussinessDocType` (the standard's spelling). */
const BUSINESS_DOC_TYPES: Readonly<Record<string, 'new' | 'recalled' | 'updated' | 'replaced'>> = {
  '0': 'new',
  '1': 'recalled',
  '2': 'updated',
  '3': 'replaced',
};

export interface EdxmlStatusCode {
  vi: string;
  en: string;
  /** `note`: nothing in the bundle changes; `tombstone`: the document is deleted. */
  effect: 'note' | 'tombstone';
}

/**
 * Status codes of QCVN 102:2016 status messages and what each does to the bundle. Published
 * descriptions disagree on some rows (04 and 05 above all); where they do, the regulation's own
 * table governs — correct the row here and nowhere else. A code not listed is reported, not
 * guessed.
 */
export const EDXML_STATUS_CODES: Readonly<Record<string, EdxmlStatusCode>> = {
  '01': { vi: 'đã đến', en: 'arrived', effect: 'note' },
  '02': { vi: 'từ chối tiếp nhận', en: 'refused', effect: 'note' },
  '03': { vi: 'đã tiếp nhận', en: 'accepted', effect: 'note' },
  '04': { vi: 'phân công xử lý', en: 'assigned for handling', effect: 'note' },
  '05': { vi: 'đang xử lý', en: 'being handled', effect: 'note' },
  '06': { vi: 'hoàn thành', en: 'done', effect: 'note' },
  '13': { vi: 'thu hồi', en: 'recalled', effect: 'tombstone' },
  '15': { vi: 'đồng ý thu hồi/cập nhật', en: 'recall/update agreed', effect: 'note' },
  '16': { vi: 'từ chối thu hồi/cập nhật', en: 'recall/update refused', effect: 'note' },
};

export interface EdxmlMappingConfig {
  /** Upper-cased organ ids (mã định danh) of the agency this source belongs to. */
  ownOrganIds: ReadonlySet<string>;
  /** Folded secret-level text → confidentiality. */
  secretLevels: ReadonlyMap<string, Confidentiality>;
  /** The element path (under MessageHeader) of the secret level, for messages. */
  secretLevelPath: readonly string[];
  /** Upper-cased organ id → unit id. */
  unitByOrganId: ReadonlyMap<string, string>;
  /** Upper-cased last segment of an outgoing CodeNotation (the drafting unit) → unit id. */
  unitByNotationSuffix: ReadonlyMap<string, string>;
}

export interface EdxmlTranslation {
  issues: AdapterIssue[];
  notes: AdapterIssue[];
}

const organKey = (id: string) => id.trim().toUpperCase();

/** `{OrganId},{yyyy/MM/dd},{number/notation}` with stray whitespace removed around its parts. */
function normalizeDocumentId(text: string): string {
  return text
    .split(',')
    .map((part) => part.trim())
    .join(',');
}

function dateOnly(text: string | null): string | null | undefined {
  if (text === null) return null;
  const parts = parseLocalDateText(text);
  return parts && parts.time === null ? formatLocalDate(parts) : undefined;
}

export function translateEdxmlMessage(
  message: EdxmlMessage,
  file: string,
  config: EdxmlMappingConfig,
  out: BundlePartBuilder,
): EdxmlTranslation {
  return message.kind === 'status'
    ? translateStatus(message, file, out)
    : translateDocument(message, file, config, out);
}

function translateStatus(
  message: EdxmlStatusMessage,
  file: string,
  out: BundlePartBuilder,
): EdxmlTranslation {
  const result: EdxmlTranslation = { issues: [], notes: [] };
  const raw = message.statusCode ?? '';
  const code = /^\d{1,2}$/.test(raw) ? raw.padStart(2, '0') : raw;
  const entry = EDXML_STATUS_CODES[code];
  if (!entry) {
    result.issues.push(
      adapterIssue(
        file,
        null,
        'StatusCode',
        `Tệp "${file}": mã trạng thái "${raw}" không có trong bảng mã trạng thái; bỏ qua thông điệp.`,
        `File "${file}": status code "${raw}" is not in the status code table; message skipped.`,
      ),
    );
    return result;
  }
  // The DocumentId names the document, and with it its number: it only ever leaves this
  // function as the opaque record id.
  const id = message.responseForDocumentId
    ? recordId(EDXML_ID_PREFIX, normalizeDocumentId(message.responseForDocumentId))
    : null;
  if (entry.effect === 'tombstone') {
    if (id === null) {
      result.issues.push(
        adapterIssue(
          file,
          null,
          'ResponseFor/DocumentId',
          `Tệp "${file}": thông điệp trạng thái ${code} (${entry.vi}) không có ResponseFor/DocumentId nên không biết văn bản nào; bỏ qua thông điệp.`,
          `File "${file}": status message ${code} (${entry.en}) has no ResponseFor/DocumentId, so the document is unknown; message skipped.`,
        ),
      );
      return result;
    }
    out.remove('documents', id);
    return result;
  }
  const from = message.fromOrganId ?? '?';
  const at = message.timestamp ?? '?';
  result.notes.push(
    adapterIssue(
      file,
      id,
      'StatusCode',
      `Tệp "${file}": trạng thái ${code} (${entry.vi}) do ${from} gửi lúc ${at}; không thay đổi dữ liệu.`,
      `File "${file}": status ${code} (${entry.en}) sent by ${from} at ${at}; no data changes.`,
    ),
  );
  return result;
}

function translateDocument(
  message: EdxmlDocumentMessage,
  file: string,
  config: EdxmlMappingConfig,
  out: BundlePartBuilder,
): EdxmlTranslation {
  const result: EdxmlTranslation = { issues: [], notes: [] };
  let recordRef: string | null = null;
  const skip = (field: string, vi: string, en: string): EdxmlTranslation => {
    result.issues.push(
      adapterIssue(
        file,
        recordRef,
        field,
        `Tệp "${file}": ${vi}; bỏ qua văn bản.`,
        `File "${file}": ${en}; document skipped.`,
      ),
    );
    return result;
  };

  const businessRaw = message.businessDocType ?? '0';
  const business = BUSINESS_DOC_TYPES[businessRaw];
  if (!business) {
    return skip(
      'Bussiness/BussinessDocType',
      `loại nghiệp vụ (BussinessDocType) "${businessRaw}" không hợp lệ (0, 1, 2 hoặc 3)`,
      `business type (BussinessDocType) "${businessRaw}" is not valid (0, 1, 2 or 3)`,
    );
  }

  const isOwn = (id: string | null) => id !== null && config.ownOrganIds.has(organKey(id));
  const ownRecipient = message.toOrganIds.find(isOwn) ?? null;
  let direction: Direction;
  if (isOwn(message.fromOrganId)) direction = 'outgoing';
  else if (ownRecipient !== null) direction = 'incoming';
  else {
    const own = [...config.ownOrganIds].join(', ');
    return skip(
      'From/To',
      `cơ quan ${own} không là nơi gửi (From) cũng không là nơi nhận (To) của thông điệp`,
      `organ ${own} is neither the sender (From) nor a recipient (To) of the message`,
    );
  }

  const date = dateOnly(message.promulgationDate);
  let documentKey = message.documentId ? normalizeDocumentId(message.documentId) : null;
  // Without a DocumentId, compose it as the standard defines it, so the id equals the one a
  // later message carrying the DocumentId will produce.
  if (documentKey === null && message.fromOrganId && date && message.codeNumber && message.codeNotation) {
    documentKey = `${message.fromOrganId.trim()},${date.replace(/-/g, '/')},${message.codeNumber}/${message.codeNotation}`;
  }
  if (documentKey === null) {
    return skip(
      'DocumentId',
      'thiếu mã văn bản (DocumentId)',
      'the document identifier (DocumentId) is missing',
    );
  }
  const id = recordId(EDXML_ID_PREFIX, documentKey);
  recordRef = id;

  if (business === 'recalled') {
    out.remove('documents', id);
    return result;
  }

  let confidentiality: Confidentiality = 'normal';
  if (message.secretLevel !== null) {
    const level = config.secretLevels.get(foldText(message.secretLevel));
    if (level === undefined) {
      return skip(
        config.secretLevelPath.join('/'),
        `độ mật "${message.secretLevel}" không có trong bảng ánh xạ độ mật`,
        `secret level "${message.secretLevel}" is not in the secret-level mapping`,
      );
    }
    confidentiality = level;
  }

  if (date === null || date === undefined) {
    const shown = message.promulgationDate ?? '';
    return date === null
      ? skip(
          'PromulgationInfo/PromulgationDate',
          'thiếu ngày ban hành (PromulgationDate)',
          'the promulgation date (PromulgationDate) is missing',
        )
      : skip(
          'PromulgationInfo/PromulgationDate',
          `ngày ban hành (PromulgationDate) "${shown}" không hợp lệ (cần yyyy/MM/dd)`,
          `promulgation date (PromulgationDate) "${shown}" is not valid (expected yyyy/MM/dd)`,
        );
  }

  // DOMAIN.md §4: of a confidential document only these four fields ever leave the adapter.
  if (confidentiality !== 'normal') {
    out.put('documents', { id, direction, confidentiality, date });
    return result;
  }

  const ownTraces = message.traces.filter((t) => isOwn(t.organId));
  const stamps = ownTraces.map((t) => ({
    raw: t.timestamp ?? '',
    parts: t.timestamp ? parseLocalDateText(t.timestamp) : null,
  }));
  const bad = stamps.find((s) => s.parts === null || s.parts.time === null);
  const when = direction === 'incoming' ? 'nhận' : 'gửi';
  const whenEn = direction === 'incoming' ? 'received' : 'sent';
  if (ownTraces.length === 0) {
    return skip(
      'TraceHeaderList/TraceHeader',
      `không có TraceHeader của cơ quan mình nên không biết thời điểm ${when}`,
      `there is no TraceHeader of the own organ, so the time it was ${whenEn} is unknown`,
    );
  }
  if (bad) {
    return skip(
      'TraceHeaderList/TraceHeader/Timestamp',
      `thời điểm "${bad.raw}" trong TraceHeader không hợp lệ (cần yyyy/MM/dd HH:mm:ss)`,
      `TraceHeader timestamp "${bad.raw}" is not valid (expected yyyy/MM/dd HH:mm:ss)`,
    );
  }
  // A message can pass the own organ more than once (re-sent, forwarded inside the agency); the
  // first passage is when it arrived or left.
  const handledAt = stamps
    .map((s) => formatLocalInstant(s.parts!))
    .sort((a, b) => parseInstant(a)! - parseInstant(b)!)[0];

  let urgency: Urgency | null = null;
  if (message.priority !== null) {
    const u = PRIORITY[message.priority];
    if (!u) {
      return skip(
        'OtherInfo/Priority',
        `độ khẩn (Priority) "${message.priority}" không hợp lệ (0 đến 4)`,
        `priority (Priority) "${message.priority}" is not valid (0 to 4)`,
      );
    }
    urgency = u;
  }

  const deadline = dateOnly(message.dueDate);
  if (deadline === undefined) {
    return skip(
      'DueDate',
      `hạn xử lý (DueDate) "${message.dueDate}" không hợp lệ (cần yyyy/MM/dd)`,
      `due date (DueDate) "${message.dueDate}" is not valid (expected yyyy/MM/dd)`,
    );
  }

  let number: string | null = null;
  if (message.codeNumber && message.codeNotation) number = `${message.codeNumber}/${message.codeNotation}`;
  else number = message.codeNotation ?? message.codeNumber;

  let unitId: string | null = null;
  if (direction === 'incoming' && ownRecipient !== null) {
    unitId = config.unitByOrganId.get(organKey(ownRecipient)) ?? null;
  } else if (direction === 'outgoing') {
    // Notations end with the drafting unit's abbreviation (123/SNV-TCBC: TCBC drafted it).
    const suffix = message.codeNotation?.split('-').pop();
    unitId =
      (suffix ? config.unitByNotationSuffix.get(organKey(suffix)) : undefined) ??
      config.unitByOrganId.get(organKey(message.fromOrganId!)) ??
      null;
  }

  out.put('documents', {
    id,
    direction,
    number,
    type: message.typeName,
    subject: message.subject,
    confidentiality,
    urgency,
    date,
    receivedAt: direction === 'incoming' ? handledAt : null,
    issuedAt: direction === 'outgoing' ? handledAt : null,
    deadline,
    channel: 'electronic',
    unitId,
  });
  return result;
}
