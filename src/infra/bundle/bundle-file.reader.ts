/**
 * Streams one bundle file (BUNDLE.md) record by record. Exports can exceed the longest string V8
 * can hold (~1 GB), so the file is never read into one string: only a batch of records at a time.
 *
 * Why a hand-written splitter and not `stream-json`: measured on a generated 206 MB bundle
 * (540 000 records, Node 20, one core), stream-json v3 (`parser` + `pick` + `streamValues`)
 * delivered 10.5 MB/s (28 000 records/s) and its token loop alone with an Assembler 5 MB/s; the
 * product needs > 100 MB/s. This reader only finds where each element of the top-level arrays
 * begins and ends — a byte loop that tracks strings and brackets, with `indexOf` jumping over
 * string contents — and hands contiguous runs of elements to the native `JSON.parse`, which does
 * the actual parsing and syntax checking. On the same file and machine that runs at 85–115 MB/s
 * (220 000–300 000 records/s), as fast as `JSON.parse` of the whole file held in one string (80 MB/s
 * there): most of the time is V8 parsing Vietnamese text, which decodes to two-byte strings.
 *
 * What is checked where: the top level (one object, its keys, colons and commas) and the
 * brackets everywhere are checked here, with exact byte offsets; the text of every record and of
 * `format`/`source` is checked by `JSON.parse`. The value of an unknown top-level key is skipped
 * with only its brackets and strings checked: it is ignored anyway (BUNDLE.md).
 *
 * A syntax error is reported with its line and byte offset but never with the parser's own
 * message: V8 quotes the surrounding text, which may belong to a confidential document.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BundleIssue, JsonErrorReason } from '../../domain/bundle/bundle-issue.js';
import { BUNDLE_FORMAT, shownValue } from '../../domain/bundle/bundle-issue.js';
import { markDuplicateKey } from '../../domain/bundle/duplicate-key.js';
import { KIND_OF_ARRAY } from '../../domain/bundle/record-kind.js';
import type { RecordKind } from '../../domain/model.js';
import { findDuplicateKeys } from './duplicate-keys.js';

export interface BundleFileVisitor {
  /** The bundle's `source`, as read (not validated). */
  source(value: unknown): void;
  /** One element of a record array, in file order; `index` is its position in that array. */
  record(kind: RecordKind, value: unknown, index: number): void;
  /** One element of `deleted`. */
  tombstone(value: unknown, index: number): void;
}

export interface BundleFileReadResult {
  /** The file cannot be used at all: unreadable, not JSON, not a `dunghan.bundle.v1` object. */
  fatal: BundleIssue | null;
  /** Problems the rest of the file survives, such as a record list that is not an array. */
  issues: BundleIssue[];
  /** Bytes read. */
  bytes: number;
}

export interface BundleFileReaderOptions {
  /** Bytes per read. */
  chunkSize?: number;
  /** Records are handed to `JSON.parse` in runs of about this many bytes. */
  batchBytes?: number;
  /**
   * A string kept for parsing (a record's text, a key, `format`, `source`) longer than this many
   * characters makes the file fatal (`over_limit`, maxTextLength) as soon as its raw bytes prove it:
   * more than 6 bytes per character (a `\uXXXX` escape is the longest form), so a string up to the
   * limit is never refused here and one over it is never held whole. Shorter overlong texts are
   * refused record by record by the validator. Default: none (only V8's own ~512 MB string limit).
   */
  maxTextLength?: number;
  /** Nesting of JSON values, the root object counting as 1 (`over_limit`, maxDepth). Default 512. */
  maxDepth?: number;
}

const DEFAULT_CHUNK = 1 << 20;
// 32 KB of UTF-8 decodes to at most 64 KB of UTF-16, under V8's large-object threshold, so each batch string
// lives and dies in the young generation: measured 110 MB/s here against 65 MB/s with 256 KB batches.
const DEFAULT_BATCH = 32 << 10;
const DEFAULT_MAX_DEPTH = 512;

const BOM = [0xef, 0xbb, 0xbf];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/** Bytes that can begin a JSON value other than an object: the root is then valid JSON, not a bundle. */
function beginsNonObjectValue(c: number): boolean {
  return (
    c === LBRACKET ||
    c === QUOTE ||
    c === 0x2d ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x74 ||
    c === 0x66 ||
    c === 0x6e
  );
}

/** A syntax error at an absolute byte offset; turned into an `invalid_json` issue. */
class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: JsonErrorReason,
  ) {
    super(`invalid JSON at byte ${offset}: ${reason}`);
  }
}

/** A source limit crossed at an absolute byte offset; turned into an `over_limit` issue. */
class LimitCrossed extends Error {
  constructor(
    readonly offset: number,
    readonly limit: 'maxTextLength' | 'maxDepth',
    readonly max: number,
    readonly actual: number,
  ) {
    super(`${limit} crossed at byte ${offset}`);
  }
}

/** A problem that makes the file unusable although it may be valid JSON. */
class BundleFatal extends Error {
  constructor(readonly issue: BundleIssue) {
    super(issue.code);
  }
}

/** A failure of the file system, not of the content. */
class ReadFailure extends Error {
  constructor(readonly failure: unknown) {
    super('read failed');
  }
}

const enum Top {
  BeforeRoot,
  KeyOrEnd,
  Key,
  Colon,
  ValueStart,
  CommaOrEnd,
  AfterRoot,
}

const enum Mode {
  Top,
  Array,
  Value,
}

/** What a top-level value is read for. */
const enum Purpose {
  Format,
  Source,
  /** A record array's key whose value did not start with `[`: only `null` is accepted. */
  ArrayOrNull,
  Skip,
}

/** What the string being scanned is part of. */
const enum StringOwner {
  Key,
  Array,
  Value,
}

class BundleScanner {
  private base = 0; // absolute offset of the current chunk's first byte
  private mode = Mode.Top;
  private top = Top.BeforeRoot;
  private key = '';
  private sawFormat = false;

  // strings, possibly spanning chunks
  private inString = false;
  private escapeCarry = false;
  private stringOwner = StringOwner.Array;

  // the string being scanned: its opening quote's absolute offset
  private stringStart = 0;
  private readonly maxStringBytes: number;

  // brackets inside the current element or value; a record array's elements sit two levels down
  // (root object, array), a top-level value one
  private readonly stack: Uint8Array;
  private depth = 0;
  private readonly maxDepth: number;

  // a run of bytes being kept for JSON.parse, possibly spanning chunks
  private capturing = false;
  private captureFrom = 0; // in the current chunk
  private captureAbs = 0; // absolute offset of the first kept byte
  private pieces: Buffer[] = [];
  private piecesBytes = 0;

  // the record array being read
  private kind: RecordKind | 'tombstone' = 'unit';
  private elementOpen = false;
  private afterComma = false;
  private nextIndex = 0;
  private batchStarts: number[] = [];

  // the top-level value being read
  private purpose = Purpose.Skip;
  private scalar = false;

  readonly issues: BundleIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly visitor: BundleFileVisitor,
    private readonly batchBytes: number,
    limits: { maxTextLength?: number; maxDepth?: number },
  ) {
    this.maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.stack = new Uint8Array(this.maxDepth + 1);
    this.maxStringBytes =
      limits.maxTextLength === undefined ? Number.POSITIVE_INFINITY : limits.maxTextLength * 6 + 2;
  }

  feed(buf: Buffer): void {
    let i = 0;
    const len = buf.length;
    // A UTF-8 byte-order mark, as Windows tools write one, even when it arrives over several reads.
    while (this.base + i < 3 && i < len && buf[i] === BOM[this.base + i]) i++;
    while (i < len) {
      if (this.inString) {
        const q = this.stringEnd(buf, i);
        if (q < 0) break;
        this.inString = false;
        i = q + 1;
        if (this.stringOwner === StringOwner.Key) this.keyDone(buf, i);
        else if (this.stringOwner === StringOwner.Value && this.depth === 0) this.valueDone(buf, i);
        continue;
      }
      if (this.mode === Mode.Array) i = this.scanArray(buf, i);
      else if (this.mode === Mode.Value) i = this.scanValue(buf, i);
      else i = this.scanTop(buf, i);
    }
    if (this.capturing) {
      const piece = buf.subarray(this.captureFrom);
      this.pieces.push(piece);
      this.piecesBytes += piece.length;
      this.captureFrom = 0;
    }
    this.base += len;
  }

  end(): void {
    if (this.top !== Top.AfterRoot || this.mode !== Mode.Top)
      throw new JsonSyntaxError(this.base, 'unexpected_end');
    if (!this.sawFormat) throw new BundleFatal(this.bundleIssue('wrong_format', null, {}));
  }

  /**
   * Index of the quote closing the string whose content starts at `from`, or -1 when the chunk
   * ends first. Content bytes are skipped with `indexOf`; UTF-8 continuation bytes are >= 0x80,
   * so they never look like a quote or a backslash.
   */
  private stringEnd(buf: Buffer, from: number): number {
    let pos = from;
    if (this.escapeCarry) {
      this.escapeCarry = false;
      pos++;
    }
    const len = buf.length;
    for (;;) {
      const q = buf.indexOf(QUOTE, pos);
      if (q < 0) {
        // Held across reads only while under the bound: a runaway string is never kept whole.
        if (this.capturing && this.base + len - this.stringStart > this.maxStringBytes) this.textTooLong();
        let n = 0;
        for (let k = len - 1; k >= pos && buf[k] === BACKSLASH; k--) n++;
        this.escapeCarry = (n & 1) === 1;
        this.inString = true;
        return -1;
      }
      let n = 0;
      for (let k = q - 1; k >= pos && buf[k] === BACKSLASH; k--) n++;
      if ((n & 1) === 0) {
        if (this.capturing && this.base + q + 1 - this.stringStart > this.maxStringBytes) this.textTooLong();
        return q;
      }
      pos = q + 1;
    }
  }

  private textTooLong(): never {
    throw new LimitCrossed(
      this.stringStart,
      'maxTextLength',
      (this.maxStringBytes - 2) / 6,
      this.maxStringBytes,
    );
  }

  private beginString(buf: Buffer, quoteAt: number, owner: StringOwner): number {
    this.stringOwner = owner;
    this.stringStart = this.base + quoteAt;
    const q = this.stringEnd(buf, quoteAt + 1);
    if (q < 0) return buf.length;
    this.inString = false;
    return q + 1;
  }

  // ---- the root object ------------------------------------------------------------------------

  private scanTop(buf: Buffer, i: number): number {
    const c = buf[i];
    if (isSpace(c)) return i + 1;
    switch (this.top) {
      case Top.BeforeRoot:
        if (c === LBRACE) {
          this.top = Top.KeyOrEnd;
          return i + 1;
        }
        if (beginsNonObjectValue(c)) throw new BundleFatal(this.bundleIssue('not_an_object', null, {}));
        throw this.syntax(i, 'unexpected_character');
      case Top.KeyOrEnd:
      case Top.Key:
        if (c === QUOTE) {
          this.startCapture(buf, i);
          const next = this.beginString(buf, i, StringOwner.Key);
          if (!this.inString) this.keyDone(buf, next);
          return next;
        }
        if (c === RBRACE && this.top === Top.KeyOrEnd) {
          this.top = Top.AfterRoot;
          return i + 1;
        }
        throw this.syntax(i, 'unexpected_character');
      case Top.Colon:
        if (c !== COLON) throw this.syntax(i, 'unexpected_character');
        this.top = Top.ValueStart;
        return i + 1;
      case Top.ValueStart:
        return this.startValue(buf, i, c);
      case Top.CommaOrEnd:
        if (c === COMMA) {
          this.top = Top.Key;
          return i + 1;
        }
        if (c === RBRACE) {
          this.top = Top.AfterRoot;
          return i + 1;
        }
        throw this.syntax(i, 'unexpected_character');
      case Top.AfterRoot:
        throw this.syntax(i, 'unexpected_character');
    }
  }

  private keyDone(buf: Buffer, end: number): void {
    this.key = JSON.parse(this.takeCapture(buf, end)) as string;
    this.top = Top.Colon;
  }

  private startValue(buf: Buffer, i: number, c: number): number {
    const kind = KIND_OF_ARRAY.get(this.key);
    if (kind !== undefined && c === LBRACKET) {
      this.mode = Mode.Array;
      this.kind = kind;
      this.elementOpen = false;
      this.afterComma = false;
      this.nextIndex = 0;
      this.depth = 0;
      return i + 1;
    }
    this.mode = Mode.Value;
    this.purpose =
      this.key === 'format'
        ? Purpose.Format
        : this.key === 'source'
          ? Purpose.Source
          : kind !== undefined
            ? Purpose.ArrayOrNull
            : Purpose.Skip;
    this.depth = 0;
    this.scalar = false;
    // Only what is looked at is kept: a huge unknown or misplaced value is skipped, not stored.
    const keep = this.purpose === Purpose.Format || this.purpose === Purpose.Source;
    if (c === LBRACE || c === LBRACKET) {
      if (keep) this.startCapture(buf, i);
      this.stack[this.depth++] = c;
      return i + 1;
    }
    if (c === QUOTE) {
      if (keep) this.startCapture(buf, i);
      const next = this.beginString(buf, i, StringOwner.Value);
      if (!this.inString) this.valueDone(buf, next);
      return next;
    }
    // A number or a literal: short, so always kept and checked by JSON.parse.
    this.scalar = true;
    this.startCapture(buf, i);
    return i + 1;
  }

  /** Inside a top-level value that is not a record array. */
  private scanValue(buf: Buffer, i: number): number {
    const len = buf.length;
    if (this.scalar) {
      for (; i < len; i++) {
        const c = buf[i];
        if (c === COMMA || c === RBRACE || isSpace(c)) {
          this.valueDone(buf, i);
          return i;
        }
      }
      return i;
    }
    const stack = this.stack;
    let d = this.depth;
    for (; i < len; i++) {
      const c = buf[i];
      if (c === QUOTE) {
        this.depth = d;
        return this.beginString(buf, i, StringOwner.Value);
      }
      if (c === LBRACE || c === LBRACKET) {
        if (d + 1 >= this.maxDepth) throw this.tooDeep(i);
        stack[d++] = c;
      } else if (c === RBRACE || c === RBRACKET) {
        if (stack[--d] !== c - 2) throw this.syntax(i, 'mismatched_bracket');
        if (d === 0) {
          this.depth = 0;
          this.valueDone(buf, i + 1);
          return i + 1;
        }
      }
    }
    this.depth = d;
    return i;
  }

  private valueDone(buf: Buffer, end: number): void {
    this.mode = Mode.Top;
    this.top = Top.CommaOrEnd;
    if (!this.capturing) {
      if (this.purpose === Purpose.ArrayOrNull) this.notAnArray();
      return;
    }
    const at = this.captureAbs;
    const text = this.takeCapture(buf, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new JsonSyntaxError(at, 'invalid_text');
    }
    switch (this.purpose) {
      case Purpose.Format:
        this.sawFormat = true;
        if (value !== BUNDLE_FORMAT) {
          throw new BundleFatal(this.bundleIssue('wrong_format', 'format', { value: shownValue(value) }));
        }
        return;
      case Purpose.Source:
        this.visitor.source(value);
        return;
      case Purpose.ArrayOrNull:
        // Absent and null are the same (BUNDLE.md); an incremental export may send an empty list as null.
        if (value !== null) this.notAnArray();
        return;
      case Purpose.Skip:
        return;
    }
  }

  private notAnArray(): void {
    this.issues.push(this.bundleIssue('not_an_array', this.key, {}));
  }

  // ---- a record array -------------------------------------------------------------------------

  /** The hot loop: every byte of every record passes through here once. */
  private scanArray(buf: Buffer, i: number): number {
    const len = buf.length;
    const stack = this.stack;
    let d = this.depth;
    while (i < len) {
      const c = buf[i];
      if (c === QUOTE) {
        if (d === 0) this.elementStart(buf, i);
        this.depth = d;
        return this.beginString(buf, i, StringOwner.Array);
      }
      if (d > 0) {
        if (c === LBRACE || c === LBRACKET) {
          if (d + 2 >= this.maxDepth) throw this.tooDeep(i);
          stack[d++] = c;
        } else if (c === RBRACE || c === RBRACKET) {
          // '{' + 2 === '}' and '[' + 2 === ']'
          if (stack[--d] !== c - 2) throw this.syntax(i, 'mismatched_bracket');
        }
        i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === COMMA) {
        if (!this.elementOpen) throw this.syntax(i, 'unexpected_character');
        this.elementOpen = false;
        this.afterComma = true;
        if (this.piecesBytes + (i - this.captureFrom) >= this.batchBytes) this.flushBatch(buf, i);
        i++;
        continue;
      }
      if (c === RBRACKET) {
        if (this.afterComma && !this.elementOpen) throw this.syntax(i, 'unexpected_character');
        if (this.capturing) this.flushBatch(buf, i);
        this.elementOpen = false;
        this.mode = Mode.Top;
        this.top = Top.CommaOrEnd;
        this.depth = 0;
        return i + 1;
      }
      this.elementStart(buf, i);
      if (c === LBRACE || c === LBRACKET) stack[d++] = c;
      else if (c === RBRACE) throw this.syntax(i, 'mismatched_bracket');
      i++;
    }
    this.depth = d;
    return i;
  }

  /** A byte that begins a value at the array's own level. */
  private elementStart(buf: Buffer, i: number): void {
    // A second value without a comma stays in the same element, where JSON.parse will reject it.
    if (this.elementOpen) return;
    this.elementOpen = true;
    this.afterComma = false;
    if (!this.capturing) {
      this.startCapture(buf, i);
      this.batchStarts.length = 0;
    }
    this.batchStarts.push(this.base + i);
  }

  /** Parses the records kept so far (their text ends before `end`) and hands them on. */
  private flushBatch(buf: Buffer, end: number): void {
    const starts = this.batchStarts;
    const text = this.takeCapture(buf, end);
    let values: unknown[];
    try {
      values = JSON.parse('[' + text + ']') as unknown[];
    } catch {
      throw new JsonSyntaxError(locateBadElement(text, starts), 'invalid_text');
    }
    // After JSON.parse, which has kept only the last value of a repeated key: the text still shows it.
    const duplicates = findDuplicateKeys(text);
    if (duplicates !== null) for (const [k, key] of duplicates) markDuplicateKey(values[k], key);
    const kind = this.kind;
    const visitor = this.visitor;
    if (kind === 'tombstone') {
      for (let k = 0; k < values.length; k++) visitor.tombstone(values[k], this.nextIndex++);
    } else {
      for (let k = 0; k < values.length; k++) visitor.record(kind, values[k], this.nextIndex++);
    }
  }

  // ---- kept bytes -----------------------------------------------------------------------------

  private startCapture(buf: Buffer, i: number): void {
    this.capturing = true;
    this.captureFrom = i;
    this.captureAbs = this.base + i;
    this.pieces = [];
    this.piecesBytes = 0;
  }

  private takeCapture(buf: Buffer, end: number): string {
    this.capturing = false;
    if (this.pieces.length === 0) return buf.toString('utf8', this.captureFrom, end);
    // Decoded only once whole, so a character split across two reads is joined before decoding.
    this.pieces.push(buf.subarray(this.captureFrom, end));
    const text = Buffer.concat(this.pieces).toString('utf8');
    this.pieces = [];
    this.piecesBytes = 0;
    return text;
  }

  private tooDeep(i: number): LimitCrossed {
    return new LimitCrossed(this.base + i, 'maxDepth', this.maxDepth, this.maxDepth + 1);
  }

  private syntax(i: number, reason: JsonErrorReason): JsonSyntaxError {
    return new JsonSyntaxError(this.base + i, reason);
  }

  private bundleIssue(
    code: BundleIssue['code'],
    field: string | null,
    params: BundleIssue['params'],
  ): BundleIssue {
    return { file: this.file, kind: 'bundle', id: null, index: null, field, code, params, severity: 'error' };
  }
}

/**
 * The offset of the first element of a failed run that JSON.parse rejects on its own: the byte
 * where a clerk should look. Runs only after a failure.
 */
function locateBadElement(text: string, starts: readonly number[]): number {
  const bytes = Buffer.from(text, 'utf8');
  const first = starts[0];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] - first;
    const to = k + 1 < starts.length ? starts[k + 1] - first : bytes.length;
    const piece = bytes.toString('utf8', from, to).trimEnd().replace(/,$/, '');
    try {
      JSON.parse(piece);
    } catch {
      return starts[k];
    }
  }
  return first;
}

/** 1-based line of a byte offset, counted by reading the file again: only on the error path. */
async function lineAt(fh: FileHandle, offset: number): Promise<number> {
  const buf = Buffer.allocUnsafe(DEFAULT_CHUNK);
  let line = 1;
  let pos = 0;
  while (pos < offset) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, offset - pos), pos);
    if (bytesRead === 0) break;
    for (let k = buf.indexOf(LF, 0); k >= 0 && k < bytesRead; k = buf.indexOf(LF, k + 1)) line++;
    pos += bytesRead;
  }
  return line;
}

function errnoOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

/**
 * Reads `file` and calls `visitor` for its `source`, each record and each tombstone, in file
 * order, holding about two reads (1 MB each, one read ahead) and one batch of records (32 KB) of
 * text at a time.
 *
 * When `fatal` is set, records may already have been handed to the visitor (a `format` key can
 * come last); the caller must then discard what it got from this file.
 */
export async function readBundleFile(
  file: string,
  visitor: BundleFileVisitor,
  options: BundleFileReaderOptions = {},
): Promise<BundleFileReadResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  const scanner = new BundleScanner(file, visitor, options.batchBytes ?? DEFAULT_BATCH, options);
  const unreadable = (e: unknown): BundleFileReadResult => ({
    fatal: {
      file,
      kind: 'bundle',
      id: null,
      index: null,
      field: null,
      code: 'unreadable',
      params: { errno: errnoOf(e) },
      severity: 'error',
    },
    issues: [],
    bytes: 0,
  });

  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    return unreadable(e);
  }
  let bytes = 0;
  const read = () =>
    fh.read(Buffer.allocUnsafe(chunkSize), 0, chunkSize, null).catch((e: unknown) => {
      throw new ReadFailure(e);
    });
  let pending: ReturnType<typeof read> | null = null;
  try {
    pending = read();
    for (;;) {
      const { bytesRead, buffer } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      bytes += bytesRead;
      // Ask for the next chunk before scanning this one, so the disk works while the CPU does.
      pending = read();
      scanner.feed(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    }
    scanner.end();
    return { fatal: null, issues: scanner.issues, bytes };
  } catch (e) {
    if (e instanceof ReadFailure) return unreadable(e.failure);
    if (e instanceof BundleFatal) return { fatal: e.issue, issues: scanner.issues, bytes };
    if (e instanceof LimitCrossed) {
      const line = await lineAt(fh, e.offset);
      return {
        fatal: {
          file,
          kind: 'bundle',
          id: null,
          index: null,
          field: null,
          code: 'over_limit',
          params: { limit: e.limit, max: e.max, actual: e.actual, line, offset: e.offset },
          severity: 'error',
        },
        issues: scanner.issues,
        bytes,
      };
    }
    if (e instanceof JsonSyntaxError) {
      const line = await lineAt(fh, e.offset);
      return {
        fatal: {
          file,
          kind: 'bundle',
          id: null,
          index: null,
          field: null,
          code: 'invalid_json',
          params: { line, offset: e.offset, reason: e.reason },
          severity: 'error',
        },
        issues: scanner.issues,
        bytes,
      };
    }
    throw e;
  } finally {
    // A read still in flight must settle before the handle closes, and its failure is moot now.
    if (pending !== null) await pending.catch(() => undefined);
    await fh.close();
  }
}
