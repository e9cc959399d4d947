/**
 * Reads an edXML file as a stream and keeps only the parts of the header the product translates
 * (`MessageHeader`, the older `Status`, `TraceHeaderList`, `Bussiness`), as small trees of local
 * names and texts. Everything else — the body's attachments above all — is checked for
 * well-formedness and dropped as it streams past, so memory follows the header, not the file.
 *
 * Every bound of the source's limits is checked while reading, before the thing it bounds is
 * built: the file's size (by the caller, with `stat`, before the first byte is read), nesting
 * depth, internal entities (external ones are never read: any `SYSTEM` or `PUBLIC` in a DOCTYPE
 * refuses the file), the length of any text or attribute value, and the number of kept elements.
 * A file over a bound is a failure with a reason, never an exception: the source moves on to the
 * next file. Only I/O errors (a vanished mount, permissions) throw, so the sync retries.
 *
 * Linear in the input: one pass of `saxes`, no search over a built tree.
 */
import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import type { SourceLimits } from '../source-adapter.port.js';

/** An element as kept: its local name (prefix dropped), its own text (trimmed) and its children. */
export interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

export interface EdxmlSections {
  messageHeader: XmlNode | null;
  /** The older e-doc.vn variant's status wrapper. */
  status: XmlNode | null;
  traceHeaderList: XmlNode | null;
  /** A `Bussiness` element outside `TraceHeaderList` (some senders put it there). */
  bussiness: XmlNode | null;
}

export interface EdxmlReadFailure {
  ok: false;
  /** The element path the problem is in, when it is one element's (a text too long). */
  field: string | null;
  /** The message's DocumentId when it was read before the problem, to name the record. */
  documentId: string | null;
  reason: string;
  reasonEn: string;
}

export type EdxmlReadResult = { ok: true; sections: EdxmlSections } | EdxmlReadFailure;

export type EdxmlReadLimits = Pick<
  SourceLimits,
  'maxFileBytes' | 'maxTextLength' | 'maxDepth' | 'maxEntityBytes' | 'maxRecordsPerFile'
>;

type SectionKey = keyof EdxmlSections;
const SECTION_OF: Readonly<Record<string, SectionKey>> = {
  MessageHeader: 'messageHeader',
  Status: 'status',
  TraceHeaderList: 'traceHeaderList',
  Bussiness: 'bussiness',
};
/** Nothing under these is kept: attachments and their manifest. */
const UNKEPT = new Set(['edXMLBody', 'AttachmentEncoded']);

const CHUNK_BYTES = 64 * 1024;

class Stop extends Error {
  constructor(readonly failure: Omit<EdxmlReadFailure, 'ok' | 'documentId'>) {
    super(failure.reasonEn);
  }
}

const localName = (qualified: string) => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

const fileProblem = (reason: string, reasonEn: string) => new Stop({ field: null, reason, reasonEn });

/** The saxes buffers that grow with the input before a handler sees it (private in its typings). */
interface SaxesBuffers {
  text: string;
  name: string;
  entity: string;
}

/**
 * Reads `chunks` (the file's text, in order). `chunks` may throw: an I/O error propagates. A
 * chunk iterator may signal a failure of its own (a file that grew past its bound, bytes that
 * are not UTF-8) by throwing from `refuse`.
 */
export async function readEdxml(
  chunks: AsyncIterable<string> | Iterable<string>,
  limits: EdxmlReadLimits,
): Promise<EdxmlReadResult> {
  const parser = new SaxesParser({ position: true });
  const buffers = parser as unknown as SaxesBuffers;
  const sections: EdxmlSections = {
    messageHeader: null,
    status: null,
    traceHeaderList: null,
    bussiness: null,
  };
  /** Per open element: its kept node, or null. */
  const kept: (XmlNode | null)[] = [];
  const path: string[] = [];
  let unkeptDepth = 0;
  let keptCount = 0;
  let attributes = 0;
  let expandedEntityBytes = 0;
  let documentId: string | null = null;
  /** The element whose start tag (name, attributes) is being read, if any. */
  let opening: string | null = null;

  const fieldPath = () => {
    const start = path.findIndex((n) => n in SECTION_OF);
    return (start < 0 ? path : path.slice(start)).join('/');
  };
  const tooLong = (what: 'text' | 'attribute') => {
    const where = [fieldPath(), what === 'attribute' ? opening : null].filter(Boolean).join('/');
    return new Stop({
      field: where || null,
      reason:
        what === 'text'
          ? `nội dung phần tử ${where} dài quá ${limits.maxTextLength} ký tự`
          : `một giá trị thuộc tính của phần tử ${where} dài quá ${limits.maxTextLength} ký tự`,
      reasonEn:
        what === 'text'
          ? `the text of element ${where} is longer than ${limits.maxTextLength} characters`
          : `an attribute value of element ${where} is longer than ${limits.maxTextLength} characters`,
    });
  };

  const onText = (text: string) => {
    const node = kept[kept.length - 1];
    if (!node) return;
    if (node.text.length + text.length > limits.maxTextLength) throw tooLong('text');
    node.text += text;
  };

  parser.on('doctype', (doctype) =>
    declareEntities(parser, doctype, limits, (bytes) => {
      expandedEntityBytes += bytes;
      if (expandedEntityBytes > limits.maxEntityBytes) {
        throw fileProblem(
          `các thực thể XML nội bộ mở rộng thành quá ${limits.maxEntityBytes} byte`,
          `internal XML entities expand to more than ${limits.maxEntityBytes} bytes`,
        );
      }
    }),
  );
  parser.on('attribute', () => {
    attributes += 1;
    if (attributes > limits.maxRecordsPerFile) {
      throw fileProblem(
        `phần tử ${path.join('/')} có quá ${limits.maxRecordsPerFile} thuộc tính`,
        `an element under ${path.join('/')} has more than ${limits.maxRecordsPerFile} attributes`,
      );
    }
  });
  parser.on('opentagstart', (tag) => {
    opening = localName(tag.name);
  });
  parser.on('opentag', (tag) => {
    opening = null;
    attributes = 0;
    if (path.length + 1 > limits.maxDepth) {
      throw fileProblem(
        `các phần tử lồng nhau sâu quá ${limits.maxDepth} cấp`,
        `elements are nested deeper than ${limits.maxDepth} levels`,
      );
    }
    const name = localName(tag.name);
    const parent = kept[kept.length - 1] ?? null;
    let node: XmlNode | null = null;
    if (UNKEPT.has(name)) unkeptDepth += 1;
    if (parent !== null) node = { name, text: '', children: [] };
    else if (unkeptDepth === 0 && name in SECTION_OF && sections[SECTION_OF[name]] === null) {
      node = { name, text: '', children: [] };
      sections[SECTION_OF[name]] = node;
    }
    if (node !== null) {
      keptCount += 1;
      if (keptCount > limits.maxRecordsPerFile) {
        throw fileProblem(
          `phần đầu thông điệp có quá ${limits.maxRecordsPerFile} phần tử`,
          `the message header has more than ${limits.maxRecordsPerFile} elements`,
        );
      }
      parent?.children.push(node);
    }
    kept.push(node);
    path.push(name);
    // Text is gathered only inside kept elements: the body's attachments stream past unbuilt.
    if (node !== null) parser.on('text', onText);
    else parser.off('text');
  });
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const node = kept.pop();
    const name = path.pop();
    if (name !== undefined && UNKEPT.has(name)) unkeptDepth -= 1;
    if (node) {
      node.text = node.text.trim();
      if (node.name === 'DocumentId' && path[path.length - 1] === 'MessageHeader') documentId = node.text;
    }
    if (kept[kept.length - 1]) parser.on('text', onText);
    else parser.off('text');
  });
  parser.on('error', (error) => {
    const message = error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    throw fileProblem(
      `XML không hợp lệ ở dòng ${parser.line}, cột ${parser.column}: ${message}`,
      `invalid XML at line ${parser.line}, column ${parser.column}: ${message}`,
    );
  });

  try {
    for await (const chunk of chunks) {
      parser.write(chunk);
      // saxes gathers a value (an attribute, a name, a DOCTYPE, a text in a kept element)
      // before any handler sees it: bound it here, at most one chunk past the limit.
      if (buffers.text.length > limits.maxTextLength) {
        if (opening !== null) throw tooLong('attribute');
        if (kept[kept.length - 1]) throw tooLong('text');
        if (path.length === 0) {
          throw fileProblem(
            `phần khai báo (DOCTYPE) dài quá ${limits.maxTextLength} ký tự`,
            `the declarations (DOCTYPE) are longer than ${limits.maxTextLength} characters`,
          );
        }
        // A CDATA section, comment or processing instruction outside the header (an attachment
        // written as CDATA): dropped when it ends, bounded by the file's size.
      }
      if (buffers.name.length > limits.maxTextLength || buffers.entity.length > limits.maxTextLength) {
        throw fileProblem(
          `một tên phần tử hay thực thể dài quá ${limits.maxTextLength} ký tự`,
          `an element or entity name is longer than ${limits.maxTextLength} characters`,
        );
      }
    }
    parser.close();
  } catch (error) {
    if (error instanceof Stop) return { ok: false, documentId, ...error.failure };
    throw error;
  }
  if (Object.values(sections).every((s) => s === null)) {
    return {
      ok: false,
      field: null,
      documentId: null,
      reason: 'không phải thông điệp edXML: không có MessageHeader hay Status',
      reasonEn: 'not an edXML message: neither a MessageHeader nor a Status',
    };
  }
  return { ok: true, sections };
}

/** A failure a chunk source raises (a file that grew past its bound, bytes that are not UTF-8). */
export function refuse(reason: string, reasonEn: string): never {
  throw fileProblem(reason, reasonEn);
}

/**
 * The file at `path`, streamed in 64 kB chunks of UTF-8. The caller has checked its size with
 * `stat`; a file that grows while it is read is cut off at the bound all the same.
 */
export function readEdxmlFile(path: string, limits: EdxmlReadLimits): Promise<EdxmlReadResult> {
  return readEdxml(utf8Chunks(path, limits.maxFileBytes), limits);
}

async function* utf8Chunks(path: string, maxBytes: number): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const decode = (buffer?: Buffer) => {
    try {
      return buffer === undefined ? decoder.decode() : decoder.decode(buffer, { stream: true });
    } catch {
      return refuse(
        `tệp không phải văn bản UTF-8 (byte thứ ${bytes} không hợp lệ)`,
        `the file is not UTF-8 text (byte ${bytes} is not valid)`,
      );
    }
  };
  for await (const buffer of stream as AsyncIterable<Buffer>) {
    bytes += buffer.length;
    if (bytes > maxBytes) {
      refuse(
        `tệp lớn hơn giới hạn ${maxBytes} byte`,
        `the file is larger than the limit of ${maxBytes} bytes`,
      );
    }
    yield decode(buffer);
  }
  yield decode();
}

/**
 * The internal subset's entities, defined on the parser. Anything external — a `SYSTEM` or
 * `PUBLIC` identifier, a parameter entity — refuses the file before anything is fetched; the
 * replacement texts together must stay within `maxEntityBytes`, and so must what their uses
 * expand to (`onExpand` counts it), so a few bytes cannot expand into gigabytes.
 */
function declareEntities(
  parser: SaxesParser,
  doctype: string,
  limits: EdxmlReadLimits,
  onExpand: (bytes: number) => void,
): void {
  const text = doctype.replace(/<!--[\s\S]*?-->/g, '');
  if (/\b(SYSTEM|PUBLIC)\b/.test(text) || /<!ENTITY\s+%/.test(text)) {
    throw fileProblem(
      'DOCTYPE tham chiếu thực thể hoặc DTD bên ngoài (SYSTEM/PUBLIC); tệp không được đọc tiếp và không gì bên ngoài được tải',
      'the DOCTYPE refers to an external entity or DTD (SYSTEM/PUBLIC); nothing external is fetched and the file is refused',
    );
  }
  const declared = [...text.matchAll(/<!ENTITY\s+([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)];
  const total = declared.reduce((sum, m) => sum + Buffer.byteLength(m[2] ?? m[3] ?? '', 'utf8'), 0);
  if (total > limits.maxEntityBytes) {
    throw fileProblem(
      `các thực thể XML nội bộ dài ${total} byte, quá giới hạn ${limits.maxEntityBytes} byte`,
      `internal XML entities hold ${total} bytes, over the limit of ${limits.maxEntityBytes} bytes`,
    );
  }
  for (const m of declared) {
    const value = m[2] ?? m[3] ?? '';
    const bytes = Buffer.byteLength(value, 'utf8');
    Object.defineProperty(parser.ENTITIES, m[1], {
      enumerable: true,
      get: () => {
        onExpand(bytes);
        return value;
      },
    });
  }
}
