/**
 * Turns one parsed edXML message into bundle records. Translation only: which document it is,
 * which way it went, what it says. Whether anything was late is the rule engine's business.
 */
import type { Confidentiality, Direction, TimeBasis, Urgency } from '../../../domain/model.js';
import { formatInstant, parseInstant } from '../../../domain/time.js';
import type { AdapterIssue, DocumentStatusFact } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import type { BundlePartBuilder } from '../shared/bundle-part.builder.js';
import {
  formatLocalDate,
  formatLocalInstant,
  parseLocalOrOffsetDateTime,
} from '../shared/local-time.util.js';
import { recordId } from '../shared/record-id.util.js';
import { foldText } from '../shared/vietnamese-text.util.js';
import type {
  EdxmlDocumentMessage,
  EdxmlMessage,
  EdxmlResponseFor,
  EdxmlStatusMessage,
} from './edxml-message.parser.js';

/** The id prefix when neither the option nor a source name gives one. */
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
  /**
   * `note`: kept as a fact about the document (a line in the sync log), nothing stored changes;
   * `arrival`: the own organ's 01 dates an incoming document that has no own TraceHeader;
   * `tombstone`: the document is deleted.
   */
  effect: 'note' | 'arrival' | 'tombstone';
}

/**
 * Status codes of QCVN 102:2016 status messages and what each does to the bundle. Published
 * descriptions disagree on some rows (04 and 05 above all); where they do, the regulation's own
 * table governs — correct the row here and nowhere else. A code not listed is reported, not
 * guessed.
 */
export const EDXML_STATUS_CODES: Readonly<Record<string, EdxmlStatusCode>> = {
  '01': { vi: 'đã đến', en: 'arrived', effect: 'arrival' },
  '02': { vi: 'từ chối tiếp nhận', en: 'refused', effect: 'note' },
  '03': { vi: 'đã tiếp nhận', en: 'accepted', effect: 'note' },
  '04': { vi: 'phân công xử lý', en: 'assigned for handling', effect: 'note' },
  '05': { vi: 'đang xử lý', en: 'being handled', effect: 'note' },
  '06': { vi: 'hoàn thành', en: 'done', effect: 'note' },
  '13': { vi: 'thu hồi', en: 'recalled', effect: 'tombstone' },
  // A recall (BussinessDocType 1) already removed the document; 15 agrees to it or to an
  // update, and the status does not say which, so it changes nothing more.
  '15': { vi: 'đồng ý thu hồi/cập nhật', en: 'recall/update agreed', effect: 'note' },
  '16': { vi: 'từ chối thu hồi/cập nhật', en: 'recall/update refused', effect: 'note' },
};

export interface EdxmlMappingConfig {
  /** Upper-cased organ ids (mã định danh) of the agency this source belongs to. */
  ownOrganIds: ReadonlySet<string>;
  /** Every record id starts with it (`<prefix>:<hash>`), so two sources' copies never collide. */
  idPrefix: string;
  /** Folded secret-level text → confidentiality. */
  secretLevels: ReadonlyMap<string, Confidentiality>;
  /** The element path (under MessageHeader) of a vendor's secret level; null: none (QCVN 102 has none). */
  secretLevelPath: readonly string[] | null;
  /** Upper-cased organ id → unit id. */
  unitByOrganId: ReadonlyMap<string, string>;
  /** Upper-cased last segment of an outgoing CodeNotation (the drafting unit) → unit id. */
  unitByNotationSuffix: ReadonlyMap<string, string>;
}

/**
 * What dated an incoming document's `receivedAt` (or an outgoing one's `issuedAt`), best first:
 * the own organ's TraceHeader (`trace`), its arrival status 01 (`status`), the axis gateway's
 * receive time (`gateway`), the file's time (`file`). The mapper sets it on the record as
 * `receivedAtBasis` / `issuedAtBasis` (an optional extension of the bundle record, stored with the
 * document as `time_basis`) and says it in a note.
 */
export type EdxmlTimeBasis = TimeBasis;

const BASIS_TEXT: Readonly<Record<EdxmlTimeBasis, { vi: string; en: string }>> = {
  trace: { vi: 'TraceHeader của cơ quan mình', en: "the own organ's TraceHeader" },
  status: {
    vi: 'trạng thái "đã đến" (01) của cơ quan mình',
    en: "the own organ's arrived status (01)",
  },
  gateway: {
    vi: 'thời điểm trục nhận (theo tên tệp)',
    en: "the axis's receive time (from the file name)",
  },
  file: { vi: 'thời điểm ghi tệp', en: "the file's modification time" },
};

/** Where one message was read from: the file, and what the transport says about its arrival. */
export interface EdxmlFileContext {
  file: string;
  /** The file's modification time, ISO with +07:00. */
  fileTime: string;
  /** The gateway's receive time, when the source provides it (read from the file name). */
  axisReceivedAt: string | null;
}

/**
 * What one pull has learned across its files, so an arrival status and the document it dates are
 * joined whichever comes first: the own organ's 01s not yet matched, and the incoming documents
 * dated by weaker evidence that a later 01 may still date better.
 */
export class EdxmlPullMemory {
  /** Own 01 statuses read: document id → the arrival instant. */
  readonly arrivals = new Map<string, string>();
  /** Incoming documents dated by the transport (axis or file time): id → the record emitted. */
  readonly weaklyDated = new Map<string, DocumentRecord>();
  /** The first dating of each incoming document read without an own trace: an update re-sent later does not move it. */
  readonly firstDated = new Map<string, { at: string; basis: EdxmlTimeBasis }>();
}

type DocumentRecord = Record<string, unknown> & { id: string };

/**
 * An arrival status follows its document within minutes, so a pull remembers the latest few
 * thousand documents and statuses, not all it read: memory stays bounded on a folder of any size.
 */
const REMEMBERED = 10_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value!);
}

export interface EdxmlTranslation {
  issues: AdapterIssue[];
  notes: AdapterIssue[];
  /** The statuses read, as facts about the documents they answer (stored whichever sync reads them). */
  statuses: DocumentStatusFact[];
}

const organKey = (id: string) => id.trim().toUpperCase();

const UUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * A DocumentId as the key of its record: a UUID (how many systems on the axis name documents) in
 * lower case without braces; the composed `{OrganId},{yyyy/MM/dd},{number/notation}` with stray
 * whitespace removed and the organ id upper-cased.
 */
export function documentKey(text: string): string {
  const t = text.trim();
  const uuid = UUID.exec(t);
  if (uuid) return uuid[1].toLowerCase();
  const parts = t.split(',').map((part) => part.trim());
  if (parts.length >= 3) parts[0] = parts[0].toUpperCase();
  return parts.join(',');
}

/** The composed DocumentId of the standard, from its parts; null when one is missing or the date is unreadable. */
function composedKey(organId: string | null, date: string | null, code: string | null): string | null {
  if (!organId || !date || !code) return null;
  const parts = parseLocalOrOffsetDateTime(date);
  if (!parts) return null;
  return documentKey(`${organId},${formatLocalDate(parts).replace(/-/g, '/')},${code}`);
}

/**
 * A date (`PromulgationDate`, `DueDate`): `yyyy/MM/dd`, or a date object serialised as a date-time
 * at local midnight (`2025/03/14 00:00:00`, `2025-03-14T00:00:00+07:00`). Any other time of day is
 * refused: which day it means is a guess.
 */
function dateOnly(text: string | null): string | null | undefined {
  if (text === null) return null;
  const parts = parseLocalOrOffsetDateTime(text);
  if (!parts) return undefined;
  const t = parts.time;
  return t === null || (t.hour === 0 && t.minute === 0 && t.second === 0)
    ? formatLocalDate(parts)
    : undefined;
}

/**
 * A timestamp as edXML writes it: `yyyy/MM/dd HH:mm:ss` (local time), `dd/MM/yyyy HH:mm:ss` in
 * e-doc.vn's variant, or an XML `dateTime` with an offset where the sender's SDK serialises a
 * date object (`2025-03-10T08:05:00.1234567+07:00`).
 */
function localInstant(text: string | null): string | null {
  const parts = text ? parseLocalOrOffsetDateTime(text) : null;
  return parts ? formatLocalInstant(parts) : null;
}

export function translateEdxmlMessage(
  message: EdxmlMessage,
  context: EdxmlFileContext,
  config: EdxmlMappingConfig,
  memory: EdxmlPullMemory,
  out: BundlePartBuilder,
): EdxmlTranslation {
  return message.kind === 'status'
    ? translateStatus(message, context.file, config, memory, out)
    : translateDocument(message, context, config, memory, out);
}

function responseKey(r: EdxmlResponseFor): string | null {
  return r.documentId ? documentKey(r.documentId) : composedKey(r.organId, r.promulgationDate, r.code);
}

function translateStatus(
  message: EdxmlStatusMessage,
  file: string,
  config: EdxmlMappingConfig,
  memory: EdxmlPullMemory,
  out: BundlePartBuilder,
): EdxmlTranslation {
  const result: EdxmlTranslation = { issues: [], notes: [], statuses: [] };
  const raw = message.statusCode ?? '';
  const code = /^\d{1,2}$/.test(raw) ? raw.padStart(2, '0') : raw;
  const entry = EDXML_STATUS_CODES[code];
  const skip = (field: string, vi: string, en: string) => {
    result.issues.push(
      adapterIssue(
        file,
        null,
        field,
        `Tệp "${file}": ${vi}; bỏ qua thông điệp.`,
        `File "${file}": ${en}; message skipped.`,
      ),
    );
    return result;
  };
  if (!entry) {
    return skip(
      'StatusCode',
      `mã trạng thái "${raw}" không có trong bảng mã trạng thái`,
      `status code "${raw}" is not in the status code table`,
    );
  }
  // The DocumentId names the document, and with it its number: it only ever leaves this
  // function as the opaque record id.
  const ids = message.responseFor
    .map(responseKey)
    .filter((key): key is string => key !== null)
    .map((key) => recordId(config.idPrefix, key));
  const fromOwn = message.fromOrganId !== null && config.ownOrganIds.has(organKey(message.fromOrganId));
  const at = localInstant(message.timestamp);
  if (ids.length === 0 && entry.effect !== 'note') {
    return skip(
      'ResponseFor/DocumentId',
      `thông điệp trạng thái ${code} (${entry.vi}) không có ResponseFor (DocumentId, hoặc OrganId, Code và PromulgationDate) nên không biết văn bản nào`,
      `status message ${code} (${entry.en}) has no ResponseFor (a DocumentId, or OrganId, Code and PromulgationDate), so the document is unknown`,
    );
  }
  // Every status with a readable time is a fact about its documents; a later sync's own 01 re-dates
  // a document stored with weaker evidence when the dataset is read (document-status-store.ts).
  if (at !== null) {
    for (const id of ids) {
      result.statuses.push({ documentId: id, code, at, fromOrganId: message.fromOrganId, own: fromOwn });
    }
  }
  if (entry.effect === 'tombstone') {
    for (const id of ids) {
      memory.weaklyDated.delete(id);
      out.remove('documents', id);
    }
    return result;
  }
  if (entry.effect === 'arrival' && fromOwn) {
    if (at === null) {
      return skip(
        'Timestamp',
        `thời điểm "${message.timestamp ?? ''}" của trạng thái 01 không hợp lệ (cần yyyy/MM/dd HH:mm:ss, hoặc yyyy-MM-ddTHH:mm:ss kèm múi giờ)`,
        `the timestamp "${message.timestamp ?? ''}" of status 01 is not valid (expected yyyy/MM/dd HH:mm:ss, or yyyy-MM-ddTHH:mm:ss with an offset)`,
      );
    }
    for (const id of ids) {
      const earlier = memory.weaklyDated.get(id);
      if (earlier) {
        // Read earlier in this pull and dated by the transport: the own arrival is better evidence.
        memory.weaklyDated.delete(id);
        remember(memory.firstDated, id, { at, basis: 'status' });
        out.put('documents', { ...earlier, receivedAt: at, receivedAtBasis: 'status' });
      } else if (!memory.arrivals.has(id)) {
        remember(memory.arrivals, id, at);
      }
    }
  }
  const from = message.fromOrganId ?? '?';
  const shown = message.timestamp ?? '?';
  const dates = entry.effect === 'arrival' && fromOwn;
  const effectVi = dates
    ? 'là thời điểm nhận văn bản đến khi văn bản không có TraceHeader của cơ quan mình'
    : 'không thay đổi dữ liệu';
  const effectEn = dates
    ? 'the receipt time of the incoming document when it has no TraceHeader of the own organ'
    : 'no data changes';
  for (const id of ids.length > 0 ? ids : [null]) {
    result.notes.push(
      adapterIssue(
        file,
        id,
        'StatusCode',
        `Tệp "${file}": trạng thái ${code} (${entry.vi}) do ${from} gửi lúc ${shown}; ${effectVi}.`,
        `File "${file}": status ${code} (${entry.en}) sent by ${from} at ${shown}; ${effectEn}.`,
      ),
    );
  }
  return result;
}

function translateDocument(
  message: EdxmlDocumentMessage,
  context: EdxmlFileContext,
  config: EdxmlMappingConfig,
  memory: EdxmlPullMemory,
  out: BundlePartBuilder,
): EdxmlTranslation {
  const { file } = context;
  const result: EdxmlTranslation = { issues: [], notes: [], statuses: [] };
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
  const note = (field: string, vi: string, en: string) =>
    result.notes.push(
      adapterIssue(file, recordRef, field, `Tệp "${file}": ${vi}.`, `File "${file}": ${en}.`),
    );

  const businessRaw = message.businessDocType ?? '0';
  const business = BUSINESS_DOC_TYPES[businessRaw];
  if (!business) {
    return skip(
      'Bussiness/BussinessDocType',
      `loại nghiệp vụ (BussinessDocType) "${businessRaw}" không hợp lệ (0, 1, 2 hoặc 3)`,
      `business type (BussinessDocType) "${businessRaw}" is not valid (0, 1, 2 or 3)`,
    );
  }

  const date = dateOnly(message.promulgationDate);
  // Without a DocumentId, compose it as the standard defines it, so the id equals the one a
  // later message carrying the DocumentId will produce.
  const key = message.documentId
    ? documentKey(message.documentId)
    : composedKey(
        message.fromOrganId,
        message.promulgationDate,
        message.codeNumber && message.codeNotation ? `${message.codeNumber}/${message.codeNotation}` : null,
      );
  if (key === null) {
    return skip(
      'DocumentId',
      'thiếu mã văn bản (DocumentId)',
      'the document identifier (DocumentId) is missing',
    );
  }
  const id = recordId(config.idPrefix, key);
  recordRef = id;

  const isOwn = (organ: string | null) => organ !== null && config.ownOrganIds.has(organKey(organ));
  const fromOwn = isOwn(message.fromOrganId);

  // An update that strikes the own organ off the recipients takes the document away from it.
  const struckOff = message.receivers.filter((r) => r.receiverType?.trim() === '0' && r.organId !== null);
  if (business === 'updated' && !fromOwn && struckOff.some((r) => isOwn(r.organId))) {
    memory.weaklyDated.delete(id);
    out.remove('documents', id);
    note(
      'Bussiness/BussinessDocumentInfo/ReceiverList/Receiver',
      'văn bản cập nhật đưa cơ quan mình ra khỏi danh sách nơi nhận (ReceiverType 0); văn bản bị gỡ',
      'the update strikes the own organ off the recipients (ReceiverType 0); the document is removed',
    );
    return result;
  }

  // An update may add the agency to the recipients (ReceiverType 1) without naming it in To.
  const ownRecipient =
    message.toOrganIds.find(isOwn) ??
    message.receivers.find((r) => r.receiverType?.trim() === '1' && isOwn(r.organId))?.organId ??
    null;
  let direction: Direction;
  if (fromOwn) direction = 'outgoing';
  else if (ownRecipient !== null) direction = 'incoming';
  else {
    const own = [...config.ownOrganIds].join(', ');
    return skip(
      'From/To',
      `cơ quan ${own} không là nơi gửi (From) cũng không là nơi nhận (To) của thông điệp`,
      `organ ${own} is neither the sender (From) nor a recipient (To) of the message`,
    );
  }

  if (business === 'recalled') {
    memory.weaklyDated.delete(id);
    out.remove('documents', id);
    return result;
  }

  if (business === 'replaced') {
    for (const replaced of message.replacements) {
      if (replaced.documentId === null) continue;
      // ReplacementInfo may name the organs the replacement is for; an organ not named keeps the document.
      if (replaced.organIds.length > 0 && !fromOwn && !replaced.organIds.some(isOwn)) continue;
      const replacedId = recordId(config.idPrefix, documentKey(replaced.documentId));
      if (replacedId === id) continue;
      memory.weaklyDated.delete(replacedId);
      out.remove('documents', replacedId);
    }
  }
  if (business === 'updated' && fromOwn && struckOff.length > 0) {
    // The bundle's document has no recipients: the outgoing document stays as it is.
    note(
      'Bussiness/BussinessDocumentInfo/ReceiverList/Receiver',
      `văn bản cập nhật gỡ nơi nhận ${struckOff.map((r) => r.organId).join(', ')} (ReceiverType 0); văn bản đi giữ nguyên`,
      `the update strikes ${struckOff.map((r) => r.organId).join(', ')} off the recipients (ReceiverType 0); the outgoing document stays`,
    );
  }

  let confidentiality: Confidentiality = 'normal';
  if (message.secretLevel !== null && config.secretLevelPath !== null) {
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
    parts: t.timestamp ? parseLocalOrOffsetDateTime(t.timestamp) : null,
  }));
  const bad = stamps.find((s) => s.parts === null || s.parts.time === null);
  if (bad) {
    return skip(
      'TraceHeaderList/TraceHeader/Timestamp',
      `thời điểm "${bad.raw}" trong TraceHeader không hợp lệ (cần yyyy/MM/dd HH:mm:ss, hoặc yyyy-MM-ddTHH:mm:ss kèm múi giờ)`,
      `TraceHeader timestamp "${bad.raw}" is not valid (expected yyyy/MM/dd HH:mm:ss, or yyyy-MM-ddTHH:mm:ss with an offset)`,
    );
  }
  // The dating order (docs/edxml.md): the own organ's TraceHeader — a message can pass the own
  // organ more than once (re-sent, forwarded inside the agency), the first passage counts —;
  // for a message the axis delivered, which carries the sender's traces only, the own arrival
  // status, then the axis's receive time, then the file's time.
  let handledAt: string;
  let basis: EdxmlTimeBasis;
  const arrival = direction === 'incoming' ? memory.arrivals.get(id) : undefined;
  const first = direction === 'incoming' ? memory.firstDated.get(id) : undefined;
  if (stamps.length > 0) {
    handledAt = formatInstant(Math.min(...stamps.map((s) => parseInstant(formatLocalInstant(s.parts!))!)));
    basis = 'trace';
  } else if (first !== undefined) {
    // Read earlier in this pull (an update re-sent, the same message twice): it arrived then.
    handledAt = first.at;
    basis = first.basis;
  } else if (arrival !== undefined) {
    handledAt = arrival;
    basis = 'status';
  } else if (context.axisReceivedAt !== null) {
    handledAt = context.axisReceivedAt;
    basis = 'gateway';
  } else {
    handledAt = context.fileTime;
    basis = 'file';
  }

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

  const record = {
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
    ...(direction === 'incoming' ? { receivedAtBasis: basis } : { issuedAtBasis: basis }),
  };
  out.put('documents', record);
  if (basis !== 'trace') {
    const when = direction === 'incoming' ? 'nhận' : 'gửi';
    const whenEn = direction === 'incoming' ? 'received' : 'sent';
    note(
      'TraceHeaderList/TraceHeader',
      `không có TraceHeader của cơ quan mình; thời điểm ${when} lấy theo ${BASIS_TEXT[basis].vi}`,
      `no TraceHeader of the own organ; the time it was ${whenEn} is taken from ${BASIS_TEXT[basis].en}`,
    );
  }
  if (direction === 'incoming' && basis !== 'trace') {
    remember(memory.firstDated, id, { at: handledAt, basis });
    if (basis === 'gateway' || basis === 'file') remember(memory.weaklyDated, id, record);
    else memory.weaklyDated.delete(id);
  }
  return result;
}
