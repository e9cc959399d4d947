/**
 * `dunghan.bundle.v1` files dropped in a folder (SOURCES.md §1, BUNDLE.md): the simplest
 * integration, one export script on the vendor's side.
 *
 * How a file travels, and why:
 *
 * 1. `pull` lists the `*.json` files in the folder (sub-folders such as `processed/` are not
 *    read) in name order, then modification time, and reads them one after the other. The folder
 *    itself is the queue: a file is only ever removed from it once it is fully committed, so a
 *    late export whose name sorts before files already read is still picked up.
 * 2. A file is streamed (`readBundleFile`), never held in one string: a first pass checks that it
 *    is UTF-8 and a `dunghan.bundle.v1` object and counts its items — nothing is handed on before
 *    the whole file is known to be a bundle, since `format` may come last — then its items are
 *    read in windows of `BATCHES_PER_WINDOW` batches, each window a pass that stops once it has
 *    its items, so memory holds one window whatever the file's size. Items come in file order,
 *    except that the `deleted` tombstones all come after the file's own records (BUNDLE.md: a
 *    bundle's `deleted` apply after its records), and are split into batches of `batchSize`.
 * 3. Each batch's cursor names the file (name, size and modification time, so a new export that
 *    reuses a name is not mistaken for the old one) and the number of its items committed. A pull
 *    from that cursor resumes at the next item: nothing is repeated or skipped after a crash.
 * 4. The last batch of a file says what should become of it (`fileOutcome`): `processed`, or
 *    `rejected` when the file is not a bundle at all (not UTF-8, broken JSON, wrong `format`), is
 *    over one of the source's limits (`limits` in sources.json: `maxFileBytes` checked on the
 *    listing before the file is opened; `maxTextLength`, `maxDepth` and `maxRecordsPerFile` while
 *    it is streamed, so a runaway string or nesting is never held whole), or makes the reader throw
 *    anything that is not a file-system failure (shared/file-guard.ts); the batch then carries no
 *    records and an issue naming the file and the reason. After committing a batch the sync calls
 *    `settle(batch.cursor)`, which moves every file that cursor proves fully committed into
 *    `processedDir` or `rejectedDir`; a rejected file gets a `<name>.reason.txt` beside it saying
 *    why, in both languages. Settling before the commit would lose the file if the commit failed,
 *    which is why moving is not done by `pull` itself. A file that fails in the middle (after some
 *    of its batches were committed) keeps what was committed and is rejected for the rest.
 * 5. A crash between the commit and `settle`, or a sync that does not call `settle`, cannot make a
 *    file be read twice: every cursor also lists the files fully read but not yet seen moved, and
 *    the next `pull` moves those first.
 *
 * A file that cannot be opened (permissions, a vanished mount) or that changes while it is read
 * (the exporter is still writing it) makes the pull throw, so the sync retries later instead of
 * rejecting a file that is merely unfinished. Exporters should still write under another name
 * (`.json.part`) and rename when done.
 */
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BundleIssue, formatIssue } from '../../../domain/bundle/bundle-issue.js';
import { ARRAY_OF_KIND } from '../../../domain/bundle/record-kind.js';
import { readBundleFile } from '../../bundle/bundle-file.reader.js';
import type {
  AdapterIssue,
  BundlePart,
  SourceAdapter,
  SourceBatch,
  SourceLimits,
} from '../source-adapter.port.js';
import { DEFAULT_SOURCE_LIMITS } from '../source-adapter.port.js';
import { adapterIssue } from '../shared/adapter-issue.js';
import { RetryLater, guardFile, isRetryable, refusalIssue, tooManyRecords } from '../shared/file-guard.js';
import { compareNames, hasExtension } from '../shared/file-folder.reader.js';

export interface BundleFolderAdapterOptions {
  /** The folder the bundle files are dropped in. */
  folder: string;
  /** Where fully imported files go; default `<folder>/processed`. */
  processedDir?: string;
  /** Where files that are not bundles go; default `<folder>/rejected`. */
  rejectedDir?: string;
  /** Records (and tombstones) per batch; default 5000. */
  batchSize?: number;
}

export type SettleOutcome = 'processed' | 'rejected';

export interface BundleFolderBatch extends SourceBatch {
  /** Set on the last batch of a file: where `settle` will move it once this batch is committed. */
  fileOutcome: SettleOutcome | null;
}

export interface SettledFile {
  file: string;
  outcome: SettleOutcome;
  /** The file's path after the move (a suffix is added when the name is taken there). */
  movedTo: string;
}

/** What identifies one export: a name can be reused by the next day's export, its size and time rarely both. */
interface FileRef {
  name: string;
  size: number;
  mtimeMs: number;
}

interface ConsumedFile extends FileRef {
  outcome: SettleOutcome;
  /** Why a rejected file was rejected, written beside it in `rejectedDir` (`<name>.reason.txt`). */
  reason?: string;
}

/**
 * The cursor, stored as JSON: `{"v":1,"reading":{"name","size","mtimeMs","offset"}|null,
 * "consumed":[{"name","size","mtimeMs","outcome"}]}`. `offset` counts the items of `reading`
 * already committed: records in file order, then tombstones.
 */
interface BundleFolderCursor {
  v: 1;
  reading: (FileRef & { offset: number }) | null;
  consumed: ConsumedFile[];
}

/** One record or tombstone, with the bundle array it came from. */
interface Item {
  section: keyof BundlePart;
  value: unknown;
}

/** What the first pass learns: the file is a bundle, how many items it has, what it lacks. */
type FileScan =
  | { ok: true; records: number; tombstones: number; issues: AdapterIssue[] }
  | { ok: false; issue: AdapterIssue };

/**
 * Batches read per pass over a file. More means fewer passes (each re-reads the file up to its
 * window), fewer means less memory: 10 × 5000 records is tens of MB, a pass per 50 000 records.
 */
export const BATCHES_PER_WINDOW = 10;

/** Thrown by a visitor to end a pass once its window is full. */
class WindowFull extends Error {}

export const DEFAULT_BATCH_SIZE = 5000;

export class BundleFolderAdapter implements SourceAdapter {
  readonly kind = 'bundle-folder';
  private readonly folder: string;
  private readonly processedDir: string;
  private readonly rejectedDir: string;
  private readonly batchSize: number;

  constructor(
    options: BundleFolderAdapterOptions,
    private readonly limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
  ) {
    this.folder = options.folder;
    this.processedDir = options.processedDir ?? join(options.folder, 'processed');
    this.rejectedDir = options.rejectedDir ?? join(options.folder, 'rejected');
    const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`bundle-folder: batchSize must be a positive integer, got ${size}`);
    this.batchSize = size;
  }

  async *pull(cursor: string | null, signal?: AbortSignal): AsyncIterable<BundleFolderBatch> {
    const state = parseCursor(cursor);
    // Files the cursor proves committed but that are still here: a crash came between the commit
    // and `settle`. Moving them first is what keeps them from being read again.
    for (const file of state.consumed) await this.moveIfUnchanged(file);

    const files = await this.listBundles();
    const resumed = state.reading && files.find((f) => sameFile(f, state.reading!));
    // A half-read file is finished before anything else, so a cursor only ever points into one file.
    const queue = resumed ? [resumed, ...files.filter((f) => f !== resumed)] : files;
    const consumed: ConsumedFile[] = [];
    for (const file of queue) {
      signal?.throwIfAborted();
      const offset = file === resumed ? state.reading!.offset : 0;
      yield* this.readBatches(file, offset, consumed, signal);
    }
  }

  /**
   * Moves every file the committed `cursor` proves fully read to `processedDir` or `rejectedDir`
   * (as decided when it was read). Call it after committing any batch; for a batch in the middle
   * of a file it moves nothing. Idempotent: a file already moved, or replaced by a different file
   * of the same name, is left alone.
   */
  async settle(cursor: string): Promise<SettledFile[]> {
    const state = parseCursor(cursor);
    const moved: SettledFile[] = [];
    for (const file of state.consumed) {
      const result = await this.moveIfUnchanged(file);
      if (result) moved.push(result);
    }
    return moved;
  }

  private async *readBatches(
    file: FileRef,
    offset: number,
    consumed: ConsumedFile[],
    signal: AbortSignal | undefined,
  ): AsyncGenerator<BundleFolderBatch> {
    const path = join(this.folder, file.name);
    const guarded = await guardFile({ name: file.name, path }, this.limits, () => this.scan(path, file));
    const scan: FileScan = guarded.ok ? guarded.value : { ok: false, issue: guarded.issue };
    const rejected = async (issue: AdapterIssue): Promise<BundleFolderBatch> => {
      consumed.push({ ...file, outcome: 'rejected', reason: `${issue.reason}\n${issue.reasonEn}\n` });
      return {
        label: file.name,
        part: {},
        issues: [issue],
        cursor: await this.cursorAfter(null, consumed),
        fileOutcome: 'rejected',
      };
    };

    if (!scan.ok) {
      yield await rejected(scan.issue);
      return;
    }

    const total = scan.records + scan.tombstones;
    // The file-level issues were reported with the file's first batch, in the run that read it.
    let issues = offset === 0 ? scan.issues : [];
    let start = Math.min(offset, total);
    let window: { from: number; items: Item[] } = { from: start, items: [] };
    do {
      signal?.throwIfAborted();
      const end = Math.min(start + this.batchSize, total);
      if (end > window.from + window.items.length) {
        const to = Math.min(start + this.batchSize * BATCHES_PER_WINDOW, total);
        try {
          window = { from: start, items: await this.readWindow(path, file, scan.records, start, to) };
        } catch (error) {
          // The first pass read it whole, so this is a bug or a limit of the machine: what is
          // committed stays, the rest of the file is rejected rather than retried every night.
          if (isRetryable(error)) throw error;
          yield await rejected(refusalIssue(file.name, error));
          return;
        }
      }
      const last = end === total;
      if (last) consumed.push({ ...file, outcome: 'processed' });
      yield {
        label: total <= this.batchSize ? file.name : `${file.name} [${start + 1}–${end} / ${total}]`,
        part: toPart(window.items.slice(start - window.from, end - window.from)),
        issues,
        cursor: await this.cursorAfter(last ? null : { ...file, offset: end }, consumed),
        fileOutcome: last ? 'processed' : null,
      };
      issues = [];
      start = end;
    } while (start < total);
  }

  /** The first pass: is it a bundle at all, and how many records and tombstones does it hold. */
  private async scan(path: string, file: FileRef): Promise<FileScan> {
    const reject = (vi: string, en: string, field: string | null = null): FileScan => ({
      ok: false,
      issue: adapterIssue(file.name, null, field, `${vi} — tệp bị từ chối.`, `${en} — file rejected.`),
    });
    // JSON must be UTF-8 (RFC 8259); anything else would import Vietnamese as mojibake.
    if (!(await isUtf8File(path))) {
      await this.assertUnchanged(path, file);
      return reject(
        `${file.name}: nội dung không phải văn bản UTF-8`,
        `${file.name}: the content is not UTF-8 text`,
      );
    }
    let records = 0;
    let tombstones = 0;
    const max = this.limits.maxRecordsPerFile;
    const count = () => {
      // Counting is cheap, but a file over the limit is refused without reading the rest.
      if (records + tombstones > max) throw tooManyRecords(max);
    };
    const result = await readBundleFile(
      path,
      {
        source: () => undefined,
        record: () => void (records++, count()),
        tombstone: () => void (tombstones++, count()),
      },
      { maxTextLength: this.limits.maxTextLength, maxDepth: this.limits.maxDepth },
    );
    await this.assertUnchanged(path, file);
    const named = (issue: BundleIssue): BundleIssue => ({ ...issue, file: file.name });
    if (result.fatal !== null) {
      if (result.fatal.code === 'unreadable') {
        // Permissions or a vanished mount: a later sync may read it, so it is not rejected.
        throw new RetryLater(
          `bundle-folder: cannot read "${file.name}" (${result.fatal.params.errno ?? 'error'})`,
        );
      }
      const fatal = named(result.fatal);
      return reject(formatIssue(fatal, 'vi'), formatIssue(fatal, 'en'), fatal.field);
    }
    const issues = result.issues.map((i) => {
      const issue = named(i);
      return adapterIssue(file.name, null, issue.field, formatIssue(issue, 'vi'), formatIssue(issue, 'en'));
    });
    return { ok: true, records, tombstones, issues };
  }

  /**
   * Items `from` (inclusive) to `to` (exclusive): records are numbered in file order, tombstones
   * after all of them. The pass ends as soon as it has them all.
   */
  private async readWindow(
    path: string,
    file: FileRef,
    recordCount: number,
    from: number,
    to: number,
  ): Promise<Item[]> {
    const records: Item[] = [];
    const tombstones: Item[] = [];
    const wantRecords = Math.max(0, Math.min(to, recordCount) - from);
    const wantTombstones = to - from - wantRecords;
    let r = 0;
    let t = recordCount;
    const full = () => records.length === wantRecords && tombstones.length === wantTombstones;
    try {
      const result = await readBundleFile(
        path,
        {
          source: () => undefined,
          record: (kind, value) => {
            if (r >= from && r < to) records.push({ section: ARRAY_OF_KIND[kind], value });
            r++;
            if (full()) throw new WindowFull();
          },
          tombstone: (value) => {
            if (t >= from && t < to) tombstones.push({ section: 'deleted', value });
            t++;
            if (full()) throw new WindowFull();
          },
        },
        { maxTextLength: this.limits.maxTextLength, maxDepth: this.limits.maxDepth },
      );
      // The first pass read this file whole, so only a change since then explains a failure now.
      if (result.fatal !== null || !full())
        throw new RetryLater(`bundle-folder: "${file.name}" changed while it was being read`);
    } catch (error) {
      if (!(error instanceof WindowFull)) throw error;
    }
    await this.assertUnchanged(path, file);
    return [...records, ...tombstones];
  }

  /** A file still being written is read again by a later sync rather than half imported or rejected. */
  private async assertUnchanged(path: string, file: FileRef): Promise<void> {
    const after = await stat(path);
    if (after.size !== file.size || after.mtimeMs !== file.mtimeMs) {
      throw new RetryLater(
        `bundle-folder: "${file.name}" changed while it was being read (still being written?); it will be read again on the next sync`,
      );
    }
  }

  /** The cursor after a batch; files `settle` has already moved are left out so the list stays short. */
  private async cursorAfter(
    reading: BundleFolderCursor['reading'],
    consumed: ConsumedFile[],
  ): Promise<string> {
    const stillHere: ConsumedFile[] = [];
    for (const file of consumed) if (await this.isPresent(file)) stillHere.push(file);
    consumed.splice(0, consumed.length, ...stillHere);
    const state: BundleFolderCursor = { v: 1, reading, consumed: stillHere };
    return JSON.stringify(state);
  }

  private async listBundles(): Promise<FileRef[]> {
    const entries = await readdir(this.folder, { withFileTypes: true });
    const files: FileRef[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || !hasExtension(entry.name, ['.json'])) continue;
      const s = await stat(join(this.folder, entry.name));
      files.push({ name: entry.name, size: s.size, mtimeMs: s.mtimeMs });
    }
    return files.sort((a, b) => compareNames(a.name, b.name) || a.mtimeMs - b.mtimeMs);
  }

  private async isPresent(file: FileRef): Promise<boolean> {
    const s = await statOrNull(join(this.folder, file.name));
    return s !== null && s.isFile() && s.size === file.size && s.mtimeMs === file.mtimeMs;
  }

  private async moveIfUnchanged(file: ConsumedFile): Promise<SettledFile | null> {
    if (!(await this.isPresent(file))) return null;
    const outcome = file.outcome;
    const dir = outcome === 'processed' ? this.processedDir : this.rejectedDir;
    await mkdir(dir, { recursive: true });
    const target = await freePath(dir, file.name);
    const source = join(this.folder, file.name);
    try {
      await rename(source, target);
    } catch (error) {
      // `processed/` may be another mount: copy (never over an existing file), then remove.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(source, target, constants.COPYFILE_EXCL);
      await unlink(source);
    }
    // Beside the file, for whoever looks in rejected/ first; the run's rejections say the same.
    if (file.reason !== undefined) await writeFile(`${target}.reason.txt`, file.reason);
    return { file: file.name, outcome, movedTo: target };
  }
}

function sameFile(a: FileRef, b: FileRef): boolean {
  return a.name === b.name && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Items handed on as they are: checking their shape is the validator's job. */
function toPart(items: Item[]): BundlePart {
  const part: Record<string, unknown[]> = {};
  for (const { section, value } of items) (part[section] ??= []).push(value);
  return part as BundlePart;
}

async function isUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return false;
    throw error;
  }
}

function parseCursor(cursor: string | null): BundleFolderCursor {
  if (cursor === null) return { v: 1, reading: null, consumed: [] };
  let value: unknown;
  try {
    value = JSON.parse(cursor);
  } catch {
    value = null;
  }
  // A cursor this adapter did not write would make it skip or repeat files: better to stop.
  if (!isCursor(value)) throw new Error('bundle-folder: the stored cursor is not one this adapter wrote');
  return value;
}

function isFileRef(v: unknown): v is FileRef {
  const r = v as Record<string, unknown>;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof r.name === 'string' &&
    typeof r.size === 'number' &&
    typeof r.mtimeMs === 'number'
  );
}

function isCursor(v: unknown): v is BundleFolderCursor {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const reading = c.reading as Record<string, unknown> | null;
  return (
    c.v === 1 &&
    (reading === null ||
      (isFileRef(reading) && Number.isInteger(reading.offset) && (reading.offset as number) >= 0)) &&
    Array.isArray(c.consumed) &&
    c.consumed.every(
      (f) =>
        isFileRef(f) &&
        ((f as ConsumedFile).outcome === 'processed' || (f as ConsumedFile).outcome === 'rejected') &&
        ((f as ConsumedFile).reason === undefined || typeof (f as ConsumedFile).reason === 'string'),
    )
  );
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `name` in `dir`, or `name.2.json`, `name.3.json`… when an earlier export of that name is already there. */
async function freePath(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${base}.${n}${ext}`);
    if ((await statOrNull(candidate)) === null) return candidate;
  }
}
