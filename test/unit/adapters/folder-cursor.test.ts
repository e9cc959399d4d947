/**
 * Folder sources remember what they read, not only the last name: a file delivered late whose
 * name sorts before the last one read, and a file written again after it was read, are read on
 * the next sync (they used to be skipped without a word: "0 batches").
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { EdxmlAdapter } from '../../../src/infra/adapters/edxml/edxml.adapter.js';
import { MailDirectoryAdapter } from '../../../src/infra/adapters/mail-directory/mail-directory.adapter.js';
import { RegisterAdapter } from '../../../src/infra/adapters/register/register.adapter.js';
import { type ListedFile, planFolderRead } from '../../../src/infra/adapters/shared/folder-cursor.js';
import type { SourceAdapter, SourceBatch } from '../../../src/infra/adapters/source-adapter.port.js';
import { collect, folderWith, removeFolders } from './adapter-test.helpers.js';

afterAll(removeFolders);

const files = (...entries: [string, number][]): ListedFile[] =>
  entries.map(([name, changed]) => ({ name, changed: BigInt(changed) }));

/** Reads `listing` from `cursor` as a sync would, batch after batch: the names read and the cursor left. */
function sync(listing: ListedFile[], cursor: string | null): { read: string[]; cursor: string | null } {
  const planned = planFolderRead(listing, cursor);
  return { read: planned.map((p) => p.name), cursor: planned.at(-1)?.cursor ?? cursor };
}

describe('the folder cursor', () => {
  it('reads what is new in name order, whatever its name, and nothing twice', () => {
    const first = sync(files(['x05', 10], ['x07', 20]), null);
    expect(first.read).toEqual(['x05', 'x07']);
    expect(sync(files(['x05', 10], ['x07', 20]), first.cursor).read).toEqual([]);
    // Delivered late: sorts before the last file read.
    const late = sync(files(['x05', 10], ['x06b', 30], ['x07', 20], ['x08', 25]), first.cursor);
    expect(late.read).toEqual(['x06b', 'x08']);
    expect(sync(files(['x05', 10], ['x06b', 30], ['x07', 20], ['x08', 25]), late.cursor).read).toEqual([]);
  });

  it('reads a file again when it was written after it was read', () => {
    const first = sync(files(['a', 10], ['b', 20]), null);
    expect(sync(files(['a', 35], ['b', 20]), first.cursor).read).toEqual(['a']);
  });

  it('tells files changed at the same instant apart (coarse timestamps)', () => {
    const first = sync(files(['a', 10], ['c', 20]), null);
    // Written in the same clock tick as `c`, after the listing.
    expect(sync(files(['a', 10], ['b', 20], ['c', 20]), first.cursor).read).toEqual(['b']);
  });

  it('resumes a sync stopped after any batch without skipping or repeating a file', () => {
    const listing = files(['a', 40], ['b', 10], ['c', 30], ['d', 20]);
    const planned = planFolderRead(listing, null);
    expect(planned.map((p) => p.name)).toEqual(['a', 'b', 'c', 'd']);
    planned.forEach((p, k) => expect(planFolderRead(listing, p.cursor)).toEqual(planned.slice(k + 1)));
    // A file delivered while the sync was down waits for the pass to end, then is read.
    const later = [...listing, ...files(['b2', 50])];
    expect(planFolderRead(later, planned[1].cursor).map((p) => p.name)).toEqual(['c', 'd', 'b2']);
  });

  it('understands the former cursor, the last name read, and reads what came late before it', () => {
    const listing = files(['x05', 10], ['x06b', 30], ['x07', 20], ['x08', 5]);
    // x08 sorts after the former cursor: not read yet whatever its time, as before.
    expect(sync(listing, 'x07').read).toEqual(['x08', 'x06b']);
    // The named file gone: what sorts before it counts as read, as before.
    expect(sync(files(['x05', 10], ['x08', 25]), 'x07').read).toEqual(['x08']);
    expect(sync(files(['x08', 25]), 'x07').read).toEqual(['x08']);
  });

  it('stays a few hundred bytes long however many files were read', () => {
    const many = Array.from({ length: 5000 }, (_, i): [string, number] => [
      `f${String(i).padStart(5, '0')}`,
      i,
    ]);
    expect(sync(files(...many), null).cursor!.length).toBeLessThan(200);
  });
});

const EDXML = join(process.cwd(), 'test/fixtures/edxml');
const REGISTER = join(process.cwd(), 'test/fixtures/register');
const MAIL = join(process.cwd(), 'test/fixtures/mail-directory');
const tick = () => new Promise((r) => setTimeout(r, 30));

/** Each adapter kind reading a folder: an early and a last file, one delivered late, a replacement. */
const KINDS: {
  kind: string;
  adapter: (folder: string) => SourceAdapter;
  early: [name: string, fixture: string];
  last: [name: string, fixture: string];
  late: [name: string, fixture: string];
  /** What the early file is written again with. */
  rewrite: () => Promise<string | Buffer>;
}[] = [
  {
    kind: 'edxml',
    adapter: (folder) => new EdxmlAdapter({ folder, ownOrganId: '000.00.12.H99' }),
    early: ['x05.edxml', join(EDXML, '20250310-0805-incoming-new.edxml')],
    last: ['x07.edxml', join(EDXML, '20250310-1430-outgoing-new.edxml')],
    late: ['x06b.edxml', join(EDXML, '20250312-0930-incoming-confidential.edxml')],
    rewrite: () => readFile(join(EDXML, '20250311-1015-incoming-update.edxml')),
  },
  {
    kind: 'register',
    adapter: (folder) => new RegisterAdapter({ folder, unitMap: { 'Văn phòng': 'VP', TCBC: 'TCBC' } }),
    early: ['2025-03-so-den.csv', join(REGISTER, '2025-03-so-den.csv')],
    last: ['2025-05-so-di.csv', join(REGISTER, '2025-03-so-di.csv')],
    late: ['2025-04-so-den.csv', join(REGISTER, '2025-03-so-den.csv')],
    rewrite: () => readFile(join(REGISTER, '2025-03-so-di.csv')),
  },
  {
    kind: 'mail-directory',
    adapter: (folder) =>
      new MailDirectoryAdapter({
        folder,
        people: [{ id: 'p2', email: 'b.tt@thunghiem.gov.vn' }],
        ownerMap: { 'Trần Thị B': 'p2', 'Lê Văn C': 'p3' },
      }),
    early: ['2025-03-10.csv', join(MAIL, '2025-03-10-zimbra.csv')],
    last: ['2025-03-24.json', join(MAIL, '2025-03-17-export.json')],
    late: ['2025-03-17.csv', join(MAIL, '2025-03-10-zimbra.csv')],
    rewrite: async () =>
      (await readFile(join(MAIL, '2025-03-10-zimbra.csv'), 'utf8')).replace(
        '10/03/2025 08:00',
        '12/03/2025 09:00',
      ),
  },
];

const labels = (batches: SourceBatch[]) => batches.map((b) => b.label);
const hasRecords = (batch: SourceBatch) =>
  Object.values(batch.part).some((records) => Array.isArray(records) && records.length > 0);

describe.each(KINDS)('the $kind adapter', ({ adapter, early, last, late, rewrite }) => {
  async function synced() {
    const folder = await folderWith({
      [early[0]]: await readFile(early[1]),
      [last[0]]: await readFile(last[1]),
    });
    const first = await collect(adapter(folder).pull(null));
    expect(labels(first)).toEqual([early[0], last[0]]);
    await tick();
    return { folder, cursor: first.at(-1)!.cursor };
  }

  it('reads a file delivered after a later-named one was read, once', async () => {
    const { folder, cursor } = await synced();
    await writeFile(join(folder, late[0]), await readFile(late[1]));
    const next = await collect(adapter(folder).pull(cursor));
    expect(labels(next)).toEqual([late[0]]);
    expect(hasRecords(next[0])).toBe(true);
    expect(await collect(adapter(folder).pull(next[0].cursor))).toEqual([]);
  });

  it('reads a file again when it is written again after it was read', async () => {
    const { folder, cursor } = await synced();
    await writeFile(join(folder, early[0]), await rewrite());
    const next = await collect(adapter(folder).pull(cursor));
    expect(labels(next)).toEqual([early[0]]);
    expect(hasRecords(next[0])).toBe(true);
  });

  it('keeps a cursor of the former kind (a file name) and reads what came late before it', async () => {
    const { folder } = await synced();
    await writeFile(join(folder, late[0]), await readFile(late[1]));
    expect(labels(await collect(adapter(folder).pull(last[0])))).toEqual([late[0]]);
  });
});
