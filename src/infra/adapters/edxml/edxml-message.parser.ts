/**
 * Turns the header parts of one edXML message (QCVN 102:2016/BTTTT), as the stream reader kept
 * them, into plain strings. Only the fields the product translates are read; nothing here
 * interprets a value (that is the mapper's job), so a vendor's quirks in values never hide a
 * structural problem and vice versa.
 *
 * Two status shapes are recognised (SOURCES.md): as practised (the government SDK's examples),
 * `StatusCode`, `ResponseFor`, `StaffInfo`, `Description` and `Timestamp` directly under
 * `MessageHeader`; and the older e-doc.vn SOAP variant that wraps them in a `Status` element.
 * Element names are matched by local name: senders prefix the namespace as `edXML:`, `ns1:` or
 * not at all.
 */
import type { EdxmlSections, XmlNode } from './edxml-stream.reader.js';

export interface EdxmlTrace {
  organId: string | null;
  timestamp: string | null;
}

/** `ReplacementInfoList/ReplacementInfo`: a document this one replaces, and for which organs. */
export interface EdxmlReplacement {
  documentId: string | null;
  organIds: string[];
}

/** `ReceiverList/Receiver`: `ReceiverType` 0 strikes the organ off the recipients, 1 keeps or adds it. */
export interface EdxmlReceiver {
  receiverType: string | null;
  organId: string | null;
}

export interface EdxmlDocumentMessage {
  kind: 'document';
  fromOrganId: string | null;
  toOrganIds: string[];
  documentId: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  promulgationDate: string | null;
  typeName: string | null;
  subject: string | null;
  dueDate: string | null;
  priority: string | null;
  /** The configured secret-level element's text, when one is configured and present. */
  secretLevel: string | null;
  traces: EdxmlTrace[];
  businessDocType: string | null;
  replacements: EdxmlReplacement[];
  receivers: EdxmlReceiver[];
}

/** `ResponseFor`: the document a status answers. */
export interface EdxmlResponseFor {
  organId: string | null;
  /** The number and notation as one text (`88/SNV-TCBC`). */
  code: string | null;
  promulgationDate: string | null;
  documentId: string | null;
}

export interface EdxmlStatusMessage {
  kind: 'status';
  /** Which shape it came in: `header` (as practised) or `status` (the e-doc.vn wrapper). */
  shape: 'header' | 'status';
  fromOrganId: string | null;
  statusCode: string | null;
  timestamp: string | null;
  description: string | null;
  responseFor: EdxmlResponseFor[];
}

export type EdxmlMessage = EdxmlDocumentMessage | EdxmlStatusMessage;

export type EdxmlParseResult =
  { ok: true; message: EdxmlMessage } | { ok: false; reason: string; reasonEn: string };

function children(parent: XmlNode | null | undefined, name: string): XmlNode[] {
  return parent ? parent.children.filter((c) => c.name === name) : [];
}

function child(parent: XmlNode | null | undefined, ...path: string[]): XmlNode | null {
  let node: XmlNode | null = parent ?? null;
  for (const name of path) {
    node = node?.children.find((c) => c.name === name) ?? null;
    if (node === null) return null;
  }
  return node;
}

function textAt(parent: XmlNode | null | undefined, ...path: string[]): string | null {
  const text = child(parent, ...path)?.text ?? '';
  return text === '' ? null : text;
}

function responseFor(node: XmlNode): EdxmlResponseFor {
  // `Code` is one text in the SDK's shape; some senders split it like a document's Code.
  const number = textAt(node, 'Code', 'CodeNumber');
  const notation = textAt(node, 'Code', 'CodeNotation');
  return {
    organId: textAt(node, 'OrganId'),
    code: number && notation ? `${number}/${notation}` : (textAt(node, 'Code') ?? notation ?? number),
    promulgationDate: textAt(node, 'PromulgationDate'),
    documentId: textAt(node, 'DocumentId'),
  };
}

function statusFrom(holder: XmlNode, shape: 'header' | 'status'): EdxmlStatusMessage {
  return {
    kind: 'status',
    shape,
    fromOrganId: textAt(holder, 'From', 'OrganId'),
    statusCode: textAt(holder, 'StatusCode'),
    timestamp: textAt(holder, 'Timestamp'),
    description: textAt(holder, 'Description'),
    responseFor: children(holder, 'ResponseFor').map(responseFor),
  };
}

export function parseEdxmlSections(
  sections: EdxmlSections,
  secretLevelPath: readonly string[] | null,
): EdxmlParseResult {
  const header = sections.messageHeader;
  if (header && child(header, 'StatusCode')) return { ok: true, message: statusFrom(header, 'header') };
  if (sections.status && child(sections.status, 'StatusCode')) {
    return { ok: true, message: statusFrom(sections.status, 'status') };
  }
  if (!header) {
    return {
      ok: false,
      reason: 'không phải thông điệp edXML: không có MessageHeader hay Status',
      reasonEn: 'not an edXML message: neither a MessageHeader nor a Status',
    };
  }
  if (!child(header, 'PromulgationInfo', 'PromulgationDate') && child(header, 'PromulgationInfo', 'Date')) {
    // The e-doc.vn shape from before QCVN 102:2016 (PromulgationInfo/Date, Author, OtherInfo/Secret,
    // no TraceHeaderList): said as such, rather than as a missing promulgation date.
    return {
      ok: false,
      reason:
        'dạng e-doc.vn trước QCVN 102:2016 (PromulgationInfo/Date thay cho PromulgationInfo/PromulgationDate) không được hỗ trợ',
      reasonEn:
        'the e-doc.vn shape from before QCVN 102:2016 (PromulgationInfo/Date instead of PromulgationInfo/PromulgationDate) is not supported',
    };
  }
  const traceList = sections.traceHeaderList;
  const business = child(traceList, 'Bussiness') ?? sections.bussiness;
  const receiverList =
    child(business, 'BussinessDocumentInfo', 'ReceiverList') ?? child(business, 'ReceiverList');

  return {
    ok: true,
    message: {
      kind: 'document',
      fromOrganId: textAt(header, 'From', 'OrganId'),
      toOrganIds: children(header, 'To')
        .map((to) => textAt(to, 'OrganId'))
        .filter((id): id is string => id !== null),
      documentId: textAt(header, 'DocumentId'),
      codeNumber: textAt(header, 'Code', 'CodeNumber'),
      codeNotation: textAt(header, 'Code', 'CodeNotation'),
      promulgationDate: textAt(header, 'PromulgationInfo', 'PromulgationDate'),
      typeName: textAt(header, 'DocumentType', 'TypeName'),
      subject: textAt(header, 'Subject'),
      dueDate: textAt(header, 'DueDate'),
      priority: textAt(header, 'OtherInfo', 'Priority'),
      secretLevel: secretLevelPath && secretLevelPath.length > 0 ? textAt(header, ...secretLevelPath) : null,
      traces: children(traceList, 'TraceHeader').map((t) => ({
        organId: textAt(t, 'OrganId'),
        timestamp: textAt(t, 'Timestamp'),
      })),
      businessDocType: textAt(business, 'BussinessDocType'),
      replacements: children(child(business, 'ReplacementInfoList'), 'ReplacementInfo').map((r) => ({
        documentId: textAt(r, 'DocumentId'),
        organIds: children(child(r, 'OrganIdList'), 'OrganId')
          .map((o) => o.text)
          .filter((id) => id !== ''),
      })),
      receivers: children(receiverList, 'Receiver').map((r) => ({
        receiverType: textAt(r, 'ReceiverType'),
        organId: textAt(r, 'OrganId'),
      })),
    },
  };
}
