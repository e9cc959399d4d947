/**
 * What a folder source has read, as a cursor a few hundred bytes long whatever the folder holds.
 *
 * Files are read in name order (exports named by date or sequence), but a name is not enough to
 * resume from: a message the axis connector delivers late (`x06b` after `x07` was read) sorts
 * before it, and a register exported again under the same name changes after it was read. What
 * tells them apart is the file's change time (ctime: set by the file system when a file is
 * created, copied, renamed in or written; unlike mtime it cannot be set back by `cp -p` or
 * `rsync -t`). The cursor holds a mark on that clock — every file changed before it was read — and
 * the names of the files changed exactly at the mark (timestamps are coarse: several files may
 * share one). A sync reads, in name order, every file changed since the mark; while it runs, the
 * cursor also holds that pass's bound and the last name it committed, so a crash resumes it.
 *
 * Only the file system's own clock is compared with itself, so a worker with a wrong clock or a
 * network share in another time zone changes nothing. Reading a file again is harmless (records
 * are upserted by id; mailbox observations accumulate): when in doubt a file is read again.
 */
/** A listed file: its name and change time in nanoseconds on the file system's clock. */
export interface ListedFile {
  name: string;
  changed: bigint;
}

interface FolderCursor {
  v: 2;
  /** Every file changed before this (ns, decimal) was read; null: none. */
  mark: string | null;
  /** The files changed exactly at `mark` that were read. */
  atMark: string[];
  /** A pass in progress: the files changed up to `until` (those at it: `atUntil`) are read in name order up to `after`. */
  pass: { until: string; atUntil: string[]; after: string } | null;
}

/** The file and the cursor to store once the batch ending with it is committed. */
export interface PlannedFile {
  name: string;
  cursor: string;
}

/**
 * Plain code-unit order, not locale order: a pass's progress is a name, and the comparison must
 * agree with the sort on every machine, whatever its locale.
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const EMPTY: FolderCursor = { v: 2, mark: null, atMark: [], pass: null };

/**
 * The files of `listing` not yet read according to `cursor`, in reading order, each with the
 * cursor that records it read. A cursor written before this format (the name of the last file
 * read, every file sorting before it taken as read) is understood: files that sort before it and
 * changed after it did are read too — the ones delivered out of order.
 */
export function planFolderRead(listing: readonly ListedFile[], cursor: string | null): PlannedFile[] {
  let state = parseCursor(cursor, listing);
  const planned: PlannedFile[] = [];
  if (state.pass !== null) {
    const pass = state.pass;
    const done: FolderCursor = { v: 2, mark: pass.until, atMark: pass.atUntil, pass: null };
    const withinPass = changedBy(pass.until, pass.atUntil);
    const rest = sorted(listing.filter((f) => !isRead(f, state) && withinPass(f)));
    rest.forEach((f, i) =>
      planned.push({
        name: f.name,
        cursor: encode(i === rest.length - 1 ? done : { ...state, pass: { ...pass, after: f.name } }),
      }),
    );
    state = done;
  }
  const unread = sorted(listing.filter((f) => !isRead(f, state)));
  if (unread.length === 0) return planned;
  const until = unread.reduce((max, f) => (f.changed > max ? f.changed : max), unread[0].changed);
  const atUntil = listing.filter((f) => f.changed === until).map((f) => f.name);
  const pass = { until: String(until), atUntil, after: '' };
  const done: FolderCursor = { v: 2, mark: pass.until, atMark: atUntil, pass: null };
  unread.forEach((f, i) =>
    planned.push({
      name: f.name,
      cursor: encode(i === unread.length - 1 ? done : { ...state, pass: { ...pass, after: f.name } }),
    }),
  );
  return planned;
}

function isRead(file: ListedFile, state: FolderCursor): boolean {
  if (state.mark !== null && changedBy(state.mark, state.atMark)(file)) return true;
  const pass = state.pass;
  return (
    pass !== null && compareNames(file.name, pass.after) <= 0 && changedBy(pass.until, pass.atUntil)(file)
  );
}

/** Changed before `at`, or exactly at it and among `atNames`. */
function changedBy(at: string, atNames: readonly string[]): (file: ListedFile) => boolean {
  const bound = BigInt(at);
  const names = new Set(atNames);
  return (file) => file.changed < bound || (file.changed === bound && names.has(file.name));
}

function sorted(files: ListedFile[]): ListedFile[] {
  return files.sort((a, b) => compareNames(a.name, b.name));
}

function encode(state: FolderCursor): string {
  return JSON.stringify(state);
}

function parseCursor(cursor: string | null, listing: readonly ListedFile[]): FolderCursor {
  if (cursor === null) return EMPTY;
  if (cursor.startsWith('{')) {
    try {
      const parsed = JSON.parse(cursor) as FolderCursor;
      if (parsed.v === 2) return parsed;
    } catch {
      // A file name that starts with a brace: the former format.
    }
  }
  return fromLastName(cursor, listing);
}

/**
 * The former cursor, the last name read: the files up to it were read as they were when it was,
 * which its own change time tells (or, gone, the latest change among them). What changed after
 * that — a late delivery sorting before it, a file written again — is read.
 */
function fromLastName(last: string, listing: readonly ListedFile[]): FolderCursor {
  const upTo = listing.filter((f) => compareNames(f.name, last) <= 0);
  if (upTo.length === 0) return EMPTY;
  const own = upTo.find((f) => f.name === last);
  const until = own?.changed ?? upTo.reduce((max, f) => (f.changed > max ? f.changed : max), upTo[0].changed);
  return {
    ...EMPTY,
    pass: {
      until: String(until),
      atUntil: listing.filter((f) => f.changed === until).map((f) => f.name),
      after: last,
    },
  };
}
