/**
 * Reads one edXML message (QCVN 102:2016/BTTTT) into plain strings. Only the header fields the
 * product translates are read; nothing here interprets a value (that is the mapper's job), so a
 * vendor's quirks in values never hide a structural problem and vice versa.
 *
 * Element names are matched by local name: senders prefix the namespace as `edXML:`, `ns1:` or
 * not at all, and some wrap the message in a SOAP envelope.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type XmlValue = string | XmlElement;
interface XmlElement {
  [name: string]: XmlValue[] | string | undefined;
}

export interface EdxmlTrace {
  organId: string | null;
  timestamp: string | null;
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
  /** The configured secret-level element's text, when the message has it. */
  secretLevel: string | null;
  traces: EdxmlTrace[];
  businessDocType: string | null;
}

export interface EdxmlStatusMessage {
  kind: 'status';
  fromOrganId: string | null;
  statusCode: string | null;
  timestamp: string | null;
  responseForDocumentId: string | null;
}

export type EdxmlMessage = EdxmlDocumentMessage | EdxmlStatusMessage;

export type EdxmlParseResult =
  { ok: true; message: EdxmlMessage } | { ok: false; reason: string; reasonEn: string };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Values stay text: "01" is a status code and "0123" a document number, not numbers.
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element as a list, so a single `To` and several `To`s read the same way.
  isArray: () => true,
});

function elements(parent: XmlElement | undefined, name: string): XmlValue[] {
  const v = parent?.[name];
  return Array.isArray(v) ? v : [];
}

function element(parent: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let node: XmlElement | undefined = parent;
  for (const name of path) {
    const next = elements(node, name)[0];
    node = next !== undefined && typeof next !== 'string' ? next : undefined;
  }
  return node;
}

function textOf(v: XmlValue | undefined): string | null {
  if (v === undefined) return null;
  const raw = typeof v === 'string' ? v : (v['#text'] ?? '');
  const text = (Array.isArray(raw) ? raw.join('') : String(raw)).trim();
  return text === '' ? null : text;
}

function textAt(parent: XmlElement | undefined, ...path: string[]): string | null {
  if (path.length === 0) return null;
  const last = path[path.length - 1];
  const holder = path.length > 1 ? element(parent, ...path.slice(0, -1)) : parent;
  return textOf(elements(holder, last)[0]);
}

/** The shallowest element named `name` anywhere under `root` (breadth first). */
function findElement(
  root: XmlElement,
  name: string,
  where: (el: XmlElement) => boolean = () => true,
): XmlElement | undefined {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const node = stack.shift()!;
    for (const [key, values] of Object.entries(node)) {
      if (!Array.isArray(values)) continue;
      for (const v of values) {
        if (typeof v === 'string') continue;
        if (key === name && where(v)) return v;
        stack.push(v);
      }
    }
  }
  return undefined;
}

export function parseEdxmlMessage(xml: string, secretLevelPath: readonly string[]): EdxmlParseResult {
  const text = xml.replace(/^\uFEFF/, '');
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    const at = col === undefined ? `dòng ${line}` : `dòng ${line}, cột ${col}`;
    const atEn = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
    return {
      ok: false,
      reason: `XML không hợp lệ ở ${at}: ${msg}`,
      reasonEn: `invalid XML at ${atEn}: ${msg}`,
    };
  }
  const root = parser.parse(text) as XmlElement;

  const status = findElement(root, 'Status', (el) => elements(el, 'StatusCode').length > 0);
  if (status) {
    return {
      ok: true,
      message: {
        kind: 'status',
        fromOrganId: textAt(status, 'From', 'OrganId'),
        statusCode: textAt(status, 'StatusCode'),
        timestamp: textAt(status, 'Timestamp'),
        responseForDocumentId: textAt(status, 'ResponseFor', 'DocumentId'),
      },
    };
  }

  const header = findElement(root, 'MessageHeader');
  if (!header) {
    return {
      ok: false,
      reason: 'không phải thông điệp edXML: không có MessageHeader hay Status',
      reasonEn: 'not an edXML message: neither a MessageHeader nor a Status',
    };
  }
  const traceList = findElement(root, 'TraceHeaderList');
  const business = (traceList && element(traceList, 'Bussiness')) ?? findElement(root, 'Bussiness');
  const traces = elements(traceList, 'TraceHeader')
    .filter((t): t is XmlElement => typeof t !== 'string')
    .map((t) => ({ organId: textAt(t, 'OrganId'), timestamp: textAt(t, 'Timestamp') }));

  return {
    ok: true,
    message: {
      kind: 'document',
      fromOrganId: textAt(header, 'From', 'OrganId'),
      toOrganIds: elements(header, 'To')
        .map((to) => (typeof to === 'string' ? null : textAt(to, 'OrganId')))
        .filter((id): id is string => id !== null),
      documentId: textAt(header, 'DocumentId'),
      codeNumber: textAt(header, 'Code', 'CodeNumber'),
      codeNotation: textAt(header, 'Code', 'CodeNotation'),
      promulgationDate: textAt(header, 'PromulgationInfo', 'PromulgationDate'),
      typeName: textAt(header, 'DocumentType', 'TypeName'),
      subject: textAt(header, 'Subject'),
      dueDate: textAt(header, 'DueDate'),
      priority: textAt(header, 'OtherInfo', 'Priority'),
      secretLevel: textAt(header, ...secretLevelPath),
      traces,
      businessDocType: textAt(business, 'BussinessDocType'),
    },
  };
}
