/**
 * An XLSX is a zip whose entries carry the time they were written: two exports of the same frozen
 * version would differ in those bytes alone. Setting every entry's time to one instant (the
 * snapshot's freezing) makes the same version always the same file, so its hash can be archived
 * beside the minutes of the meeting.
 */
import { formatInstant } from '../../domain/time.js';
import type { Instant } from '../../domain/time.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** MS-DOS time and date fields, in local (Asia/Ho_Chi_Minh) time, to the even second. */
function dosTimeDate(instant: Instant): [number, number] {
  const [y, mo, d, h, mi, s] = formatInstant(instant).slice(0, 19).split(/[-T:]/).map(Number);
  return [(h << 11) | (mi << 5) | (s >> 1), ((Math.max(y, 1980) - 1980) << 9) | (mo << 5) | d];
}

/** Rewrites, in place, the modification time of every entry of a zip; returns the buffer. */
export function setZipTimes(zip: Buffer, instant: Instant): Buffer {
  const [time, date] = dosTimeDate(instant);
  // The end record is the last 22 bytes unless the zip has a comment (ours never does).
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`zip central entry ${i}: bad signature`);
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(date, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new Error(`zip entry ${i}: bad local header`);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
