/**
 * One file of a folder source, read so that nothing in it can stop the source (issue 11, finding 2).
 *
 * `guardFile(file, limits, read)` stats the file, refuses it unread when it is larger than the
 * source's `maxFileBytes`, then runs `read` and turns ANY error it throws — a limit the reader
 * found (`FileRefused`), a parse error, a string V8 cannot hold, a bug in the adapter — into a
 * file-level issue naming the file and the reason. The adapter reports that issue with the file's
 * batch and moves on to the next file: the file is quarantined, never retried.
 *
 * What still throws, so the run fails and the queue retries it: failures of the file system
 * (permissions, a vanished mount, a disk error: `isRetryable`), a file that changed while it was
 * read (`RetryLater`: the exporter is still writing it), and an aborted run. Those say nothing
 * about the content and may read fine later; quarantining them would lose a good file.
 *
 * Where a quarantined file goes is the adapter's choice, documented there: the bundle-folder
 * adapter moves it to `rejected/` beside the inbox with a `.reason.txt` (it already moves every
 * file it finishes); the cursor-based folders (edXML, register, mail-directory) leave it where
 * it is, because they never move files (the folder may belong to the axis connector, read-only
 * to us) and their cursor already records it as read. In every case the run's rejections name it.
 *
 * A reason never quotes the file's content: parsers' own messages often do (V8's JSON.parse
 * quotes the text around an error), and the file may hold a confidential document. An unexpected
 * error is named by its class and code only; the file itself is what to look at.
 */
import { stat } from 'node:fs/promises';
import type { AdapterIssue, SourceLimits } from '../source-adapter.port.js';
import { adapterIssue } from './adapter-issue.js';

/** Thrown by a reader when a file crosses one of the source's limits or cannot be used: quarantines the file. */
export class FileRefused extends Error {
  constructor(
    /** Vietnamese first (a clerk reads it); without the file name, which the guard adds. */
    readonly reason: string,
    readonly reasonEn: string,
    readonly field: string | null = null,
  ) {
    super(reasonEn);
  }
}

/** Thrown when the file should be read again by a later run (it is still being written). */
export class RetryLater extends Error {}

/** The file could be read; or it was quarantined, and `issue` says why. */
export type Guarded<T> = { ok: true; value: T } | { ok: false; issue: AdapterIssue };

/** Error codes of the file system and the network: the run fails and retries. */
const RETRYABLE_CODES = new Set([
  'EACCES',
  'EPERM',
  'ENOENT',
  'EIO',
  'EBUSY',
  'EAGAIN',
  'EMFILE',
  'ENFILE',
  'ENOSPC',
  'ESTALE',
  'ETIMEDOUT',
  'ENOTCONN',
  'ECONNRESET',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'ENXIO',
  'ENODEV',
  'EINTR',
]);

/** An error that says nothing about the file's content: retry the run instead of quarantining the file. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof RetryLater) return true;
  const e = error as { code?: unknown; name?: unknown } | null;
  if (e?.name === 'AbortError') return true;
  return typeof e?.code === 'string' && RETRYABLE_CODES.has(e.code);
}

/** The file-level issue for `error`, which is not retryable: what a clerk reads, without the content. */
export function refusalIssue(fileName: string, error: unknown): AdapterIssue {
  const [vi, en, field] = describe(error);
  return adapterIssue(
    fileName,
    null,
    field,
    `Tệp "${fileName}" bị từ chối: ${vi}. Tệp không được đọc lại; hãy sửa và gửi lại.`,
    `File "${fileName}" refused: ${en}. It will not be read again; fix it and send it again.`,
  );
}

function describe(error: unknown): [string, string, string | null] {
  if (error instanceof FileRefused) return [error.reason, error.reasonEn, error.field];
  // Node and V8 when a value outgrows what they can hold (strings over ~512 MB, huge buffers).
  if (error instanceof RangeError || (error as { code?: unknown } | null)?.code === 'ERR_STRING_TOO_LONG') {
    return [
      'tệp chứa một giá trị quá lớn để đọc (vượt giới hạn bộ nhớ của trình đọc)',
      'the file holds a value too large to read (over the reader’s memory limits)',
      null,
    ];
  }
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  const what = typeof code === 'string' ? `${name} ${code}` : name;
  return [
    `lỗi không lường trước khi đọc (${what}); hãy báo cho quản trị viên kèm tệp này`,
    `an unexpected error while reading (${what}); report it to the administrator with this file`,
    null,
  ];
}

/** The issue for a file larger than `maxFileBytes`. */
export function tooLargeIssue(fileName: string, size: number, maxFileBytes: number): AdapterIssue {
  return refusalIssue(
    fileName,
    new FileRefused(
      `tệp ${size} byte, vượt giới hạn maxFileBytes = ${maxFileBytes} byte của nguồn; tệp không được mở`,
      `the file is ${size} bytes, over the source's limit maxFileBytes = ${maxFileBytes} bytes; it was not opened`,
    ),
  );
}

/**
 * Reads `file` with `read` under the source's limits: checks its size first (`read` is never
 * called on a file over `maxFileBytes`), quarantines it on any error that is not retryable.
 * `read` gets the size the guard saw.
 */
export async function guardFile<T>(
  file: { name: string; path: string },
  limits: Pick<SourceLimits, 'maxFileBytes'>,
  read: (size: number) => Promise<T>,
): Promise<Guarded<T>> {
  const info = await stat(file.path);
  if (info.size > limits.maxFileBytes)
    return { ok: false, issue: tooLargeIssue(file.name, info.size, limits.maxFileBytes) };
  try {
    return { ok: true, value: await read(info.size) };
  } catch (error) {
    if (isRetryable(error)) throw error;
    return { ok: false, issue: refusalIssue(file.name, error) };
  }
}

/** A text over `maxTextLength` characters: the refusal naming the limit, for a reader that checks its cells. */
export function textTooLong(field: string, length: number, maxTextLength: number): FileRefused {
  return new FileRefused(
    `trường "${field}" dài ${length} ký tự, vượt giới hạn maxTextLength = ${maxTextLength} của nguồn`,
    `field "${field}" is ${length} characters long, over the source's limit maxTextLength = ${maxTextLength}`,
    field,
  );
}

/** More records than `maxRecordsPerFile`. */
export function tooManyRecords(maxRecordsPerFile: number): FileRefused {
  return new FileRefused(
    `tệp có hơn ${maxRecordsPerFile} bản ghi, vượt giới hạn maxRecordsPerFile = ${maxRecordsPerFile} của nguồn`,
    `the file holds more than ${maxRecordsPerFile} records, over the source's limit maxRecordsPerFile = ${maxRecordsPerFile}`,
  );
}
