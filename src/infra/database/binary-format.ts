/**
 * Values in Postgres's binary form, for the record writes: one-dimensional arrays (what `array_recv`
 * reads) for `unnest($1::text[], …)`, and the tuples of `COPY … FROM STDIN (FORMAT binary)`. `pg`
 * sends a Buffer parameter as binary, and the server reads either at a fraction of the cost of the
 * text forms — no quoting, no escaping, no parsing of dates and timestamps.
 */
import type { Day, Instant } from '../../domain/time.js';

export type ColumnType = 'text' | 'int' | 'bigint' | 'boolean' | 'date' | 'timestamptz' | 'jsonb';

/**
 * A cell: text, a number (`int`, `bigint`; a `Day` for `date`, an `Instant` for `timestamptz`,
 * where `-Infinity` is `-infinity`), a boolean or null.
 */
export type Cell = string | number | boolean | null;

/** Element type oids (pg_type), which `array_recv` checks against the cast. */
const OID: Record<ColumnType, number> = {
  text: 25,
  int: 23,
  bigint: 20,
  boolean: 16,
  date: 1082,
  timestamptz: 1184,
  jsonb: 3802,
};

/** Postgres counts dates and timestamps from 2000-01-01 (UTC); a `Day` and an `Instant` from 1970. */
const PG_EPOCH_DAY: Day = 10_957;
const PG_EPOCH_MS: Instant = 946_684_800_000;
const TWO_32 = 4_294_967_296;

/** Strings shorter than this are tried as ASCII, byte by byte: cheaper than a call into `Buffer.write`. */
const SHORT = 48;

/** A growing buffer of length-prefixed binary values, written byte by byte (big-endian). */
class BinaryWriter {
  protected buffer: Buffer;
  protected at: number;

  constructor(start: number, capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(start + 2, capacity));
    this.at = start;
  }

  /** One value as its type's binary send function writes it, after its length (-1 for null). */
  value(type: ColumnType, cell: Cell): void {
    if (cell === null) {
      this.room(4);
      this.int32(-1);
    } else if (type === 'text') {
      this.text(cell as string, false);
    } else if (type === 'jsonb') {
      // jsonb's binary form is a version byte (1) and the JSON text, which the server parses.
      this.text(cell as string, true);
    } else if (type === 'boolean') {
      this.room(5);
      this.int32(1);
      this.buffer[this.at++] = cell ? 1 : 0;
    } else if (type === 'int' || type === 'date') {
      this.room(8);
      this.int32(4);
      this.int32(type === 'date' ? (cell as Day) - PG_EPOCH_DAY : (cell as number));
    } else {
      const value = cell as number;
      this.room(12);
      this.int32(8);
      if (value === -Infinity) {
        // DT_NOBEGIN: the smallest int64.
        this.int32(-0x80000000);
        this.int32(0);
      } else {
        // Microseconds since 2000 for a timestamp: exact in a double for any instant a record holds.
        const int64 = type === 'timestamptz' ? (value - PG_EPOCH_MS) * 1000 : value;
        const high = Math.floor(int64 / TWO_32);
        this.int32(high);
        this.int32(int64 - high * TWO_32);
      }
    }
  }

  /** Its UTF-8 bytes after their length (and, for `jsonb`, after the version byte). */
  private text(text: string, jsonb: boolean): void {
    const n = text.length;
    this.room(5 + 3 * n);
    const b = this.buffer;
    const version = jsonb ? 1 : 0;
    if (jsonb) b[this.at + 4] = 1;
    const start = this.at + 4 + version;
    let length = 0;
    if (n < SHORT) {
      while (length < n) {
        const code = text.charCodeAt(length);
        if (code >= 0x80) break;
        b[start + length++] = code;
      }
    }
    if (length < n) length = b.write(text, start, 'utf8');
    this.int32(length + version);
    this.at += length + version;
  }

  /** Bytes must have been made room for. Stores keep the low 8 bits, so negatives come out right. */
  protected int32(value: number): void {
    const b = this.buffer;
    const at = this.at;
    b[at] = value >>> 24;
    b[at + 1] = value >>> 16;
    b[at + 2] = value >>> 8;
    b[at + 3] = value;
    this.at = at + 4;
  }

  protected room(bytes: number): void {
    // Two bytes to spare, for a COPY stream's trailer.
    if (this.at + bytes + 2 <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes + 2));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

const ARRAY_HEADER = 20;

/** A column of values as a one-dimensional array, for a `$1::type[]` parameter. */
export class BinaryArray extends BinaryWriter {
  private count = 0;
  private nulls = false;

  /** `expected` elements size the buffer, so that it rarely grows. */
  constructor(
    private readonly type: ColumnType,
    expected = 0,
  ) {
    super(ARRAY_HEADER, ARRAY_HEADER + expected * (type === 'text' ? 32 : 12));
  }

  add(cell: Cell): void {
    this.value(this.type, cell);
    if (cell === null) this.nulls = true;
    this.count++;
  }

  /** The array, ready to send: header, then the elements. */
  done(): Buffer {
    const b = this.buffer;
    if (this.count === 0) {
      // No dimensions at all: the empty array.
      b.writeInt32BE(0, 0);
      b.writeInt32BE(0, 4);
      b.writeInt32BE(OID[this.type], 8);
      return b.subarray(0, 12);
    }
    b.writeInt32BE(1, 0); // dimensions
    b.writeInt32BE(this.nulls ? 1 : 0, 4);
    b.writeInt32BE(OID[this.type], 8);
    b.writeInt32BE(this.count, 12); // length of the dimension
    b.writeInt32BE(1, 16); // its lower bound
    return b.subarray(0, this.at);
  }
}

/** Strings (ids) as a binary `text[]` parameter. */
export function textArray(values: readonly string[]): Buffer {
  const array = new BinaryArray('text', values.length);
  for (const v of values) array.add(v);
  return array.done();
}

/** `PGCOPY\n\377\r\n\0`, then no flags and no header extension. */
const COPY_HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * Rows as the tuples of `COPY … FROM STDIN (FORMAT binary)`. The header is written first, so the
 * finished stream is the buffer itself.
 */
export class CopyRows extends BinaryWriter {
  private count = 0;

  constructor(
    private readonly types: ColumnType[],
    expectedRows = 0,
  ) {
    super(COPY_HEADER.length, COPY_HEADER.length + expectedRows * (8 + 16 * types.length));
    COPY_HEADER.copy(this.buffer, 0);
  }

  add(row: Cell[]): void {
    this.room(2);
    this.buffer[this.at++] = row.length >>> 8;
    this.buffer[this.at++] = row.length;
    for (let c = 0; c < row.length; c++) this.value(this.types[c], row[c]);
    this.count++;
  }

  get rows(): number {
    return this.count;
  }

  /** The COPY data: header, tuples, trailer. */
  stream(): Buffer {
    COPY_TRAILER.copy(this.buffer, this.at);
    return this.buffer.subarray(0, this.at + COPY_TRAILER.length);
  }
}
