/**
 * A minimal streaming ZIP writer for the benchmarks' XLSX inputs (a hand-made sheet of a million
 * rows, a zip bomb): deflated entries with data descriptors, so nothing is held whole. No ZIP64:
 * entries and archives stay under 4 GiB.
 */
import { once } from 'node:events';
import { type WriteStream, createWriteStream } from 'node:fs';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

interface Written {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

const DOS_TIME = 0;
const DOS_DATE = ((2025 - 1980) << 9) | (1 << 5) | 1;
const FLAGS = 0x0808; // sizes in a data descriptor; UTF-8 names

export class ZipWriter {
  private readonly out: WriteStream;
  private offset = 0;
  private readonly entries: Written[] = [];

  constructor(
    path: string,
    private readonly level = constants.Z_DEFAULT_COMPRESSION,
  ) {
    this.out = createWriteStream(path);
  }

  private async write(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }

  /** Adds `name` with the text of `chunks`, deflated. */
  async add(name: string, chunks: Iterable<string>): Promise<void> {
    const nameBuf = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(nameBuf.length, 26);
    await this.write(Buffer.concat([header, nameBuf]));

    const deflate = createDeflateRaw({ level: this.level });
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const feeding = (async () => {
      for (const chunk of chunks) {
        const buf = Buffer.from(chunk, 'utf8');
        crc = crc32(buf, crc);
        size += buf.length;
        if (!deflate.write(buf)) await once(deflate, 'drain');
      }
      deflate.end();
    })();
    for await (const piece of deflate) {
      compressed += (piece as Buffer).length;
      await this.write(piece as Buffer);
    }
    await feeding;

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.write(descriptor);
    this.entries.push({ name: nameBuf, offset, crc: crc >>> 0, compressed, size });
  }

  async close(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(FLAGS, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(DOS_TIME, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.out.end(end);
    await once(this.out, 'finish');
  }
}
