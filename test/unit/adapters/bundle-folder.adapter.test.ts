import { describe, it, expect, beforeEach } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BundleFolderAdapter,
  type BundleFolderAdapterOptions,
  type BundleFolderBatch,
} from '../../../src/infra/adapters/bundle-folder/bundle-folder.adapter.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dunghan-bundle-folder-'));
});

function bundle(records: Record<string, unknown[]>): Record<string, unknown> {
  return {
    format: 'dunghan.bundle.v1',
    source: { system: 'test', exportedAt: '2025-03-10T18:00:00+07:00' },
    ...records,
  };
}

function drop(name: string, content: object | string, mtime?: Date): string {
  const path = join(folder, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  if (mtime) utimesSync(path, mtime, mtime);
  return path;
}

const units = (...ids: string[]) => ids.map((id) => ({ id, name: `Phòng ${id}` }));
const docs = (...ids: string[]) =>
  ids.map((id) => ({
    id,
    direction: 'incoming',
    confidentiality: 'normal',
    date: '2025-03-07',
    channel: 'electronic',
  }));
const tasks = (...ids: string[]) =>
  ids.map((id) => ({ id, unitId: 'VP', assignedAt: '2025-03-10T10:00:00+07:00' }));

function adapter(options: Partial<BundleFolderAdapterOptions> = {}): BundleFolderAdapter {
  return new BundleFolderAdapter({ folder, ...options });
}

/** What the sync does: commit each batch (here: keep it), then settle its cursor. */
async function sync(
  a: BundleFolderAdapter,
  cursor: string | null,
  opts: { settle?: boolean; stopAfter?: number } = {},
): Promise<{ batches: BundleFolderBatch[]; cursor: string | null }> {
  const batches: BundleFolderBatch[] = [];
  let last = cursor;
  for await (const batch of a.pull(cursor)) {
    batches.push(batch);
    last = batch.cursor;
    if (opts.settle !== false && batch.cursor !== null) await a.settle(batch.cursor);
    if (opts.stopAfter !== undefined && batches.length >= opts.stopAfter) break;
  }
  return { batches, cursor: last };
}

/** Every record and tombstone id of the batches, in the order they were handed on. */
function itemIds(batches: BundleFolderBatch[]): string[] {
  return batches.flatMap((b) =>
    (['units', 'people', 'documents', 'tasks', 'drafts', 'deleted'] as const).flatMap((k) =>
      (b.part[k] ?? []).map((r) => `${k}:${(r as { id: string }).id}`),
    ),
  );
}

const ls = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('BundleFolderAdapter', () => {
  it('reads the bundle files in name order, one file after another, and files each one once settled', async () => {
    const old = new Date('2025-03-01T00:00:00Z');
    drop('2025-03-11.json', bundle({ units: units('B') }), old);
    drop('2025-03-10.json', bundle({ units: units('A') }));
    drop('2025-03-12.json', bundle({ units: units('C') }), old);
    drop('notes.txt', 'not a bundle');
    mkdirSync(join(folder, 'archive'));

    const { batches } = await sync(adapter(), null);

    expect(batches.map((b) => b.label)).toEqual(['2025-03-10.json', '2025-03-11.json', '2025-03-12.json']);
    expect(itemIds(batches)).toEqual(['units:A', 'units:B', 'units:C']);
    expect(batches.every((b) => b.fileOutcome === 'processed' && b.issues.length === 0)).toBe(true);
    expect(ls(join(folder, 'processed'))).toEqual(['2025-03-10.json', '2025-03-11.json', '2025-03-12.json']);
    expect(ls(folder)).toEqual(['archive', 'notes.txt', 'processed']);
  });

  it('still picks up a late export whose name sorts before files already imported', async () => {
    const a = adapter();
    drop('2025-03-10.json', bundle({ units: units('A') }));
    const first = await sync(a, null);
    drop('2025-03-09.json', bundle({ units: units('Z') }));

    const second = await sync(a, first.cursor);

    expect(itemIds(second.batches)).toEqual(['units:Z']);
  });

  it('splits a large file into batches, with its tombstones after all of its records', async () => {
    drop(
      'big.json',
      bundle({
        // Tombstones written first, as some exporters do.
        deleted: [
          { kind: 'task', id: 'T9' },
          { kind: 'document', id: 'D9' },
        ],
        tasks: tasks('T1', 'T2'),
        documents: docs('D1', 'D2', 'D3', 'D4'),
        units: units('U1', 'U2', 'U3'),
      }),
    );

    const { batches } = await sync(adapter({ batchSize: 4 }), null);

    expect(batches.map((b) => b.label)).toEqual([
      'big.json [1–4 / 11]',
      'big.json [5–8 / 11]',
      'big.json [9–11 / 11]',
    ]);
    // File order, except that the tombstones wait for every record of the file.
    expect(batches.map((b) => b.part)).toEqual([
      { tasks: tasks('T1', 'T2'), documents: docs('D1', 'D2') },
      { documents: docs('D3', 'D4'), units: units('U1', 'U2') },
      {
        units: units('U3'),
        deleted: [
          { kind: 'task', id: 'T9' },
          { kind: 'document', id: 'D9' },
        ],
      },
    ]);
    expect(batches.map((b) => b.fileOutcome)).toEqual([null, null, 'processed']);
    // The file stays in the folder until its last batch is committed.
    expect(ls(join(folder, 'processed'))).toEqual(['big.json']);
  });

  it('reads a file larger than one window in several passes, and resumes inside a later window', async () => {
    const us = units(...Array.from({ length: 30 }, (_, i) => `U${i}`));
    const ts = tasks(...Array.from({ length: 15 }, (_, i) => `T${i}`));
    const tombs = Array.from({ length: 5 }, (_, i) => ({ kind: 'task', id: `X${i}` }));
    drop('big.json', bundle({ units: us, deleted: tombs, tasks: ts }));
    const expected = [
      ...us.map((u) => `units:${u.id}`),
      ...ts.map((t) => `tasks:${t.id}`),
      ...tombs.map((t) => `deleted:${t.id}`),
    ];
    // 50 items, 2 per batch, 10 batches a window: three passes over the file.
    const a = () => adapter({ batchSize: 2 });

    const whole = await sync(a(), null, { settle: false });
    const crashed = await sync(a(), null, { stopAfter: 12 });
    const resumed = await sync(a(), crashed.cursor);

    expect(whole.batches).toHaveLength(25);
    expect(itemIds(whole.batches)).toEqual(expected);
    expect([...itemIds(crashed.batches), ...itemIds(resumed.batches)]).toEqual(expected);
    expect(itemIds(resumed.batches)[0]).toBe('units:U24');
  });

  it('keeps the file in place while it is only partly committed', async () => {
    drop('big.json', bundle({ units: units('U1', 'U2', 'U3') }));
    const a = adapter({ batchSize: 2 });

    const { batches } = await sync(a, null, { stopAfter: 1 });

    expect(batches[0].fileOutcome).toBeNull();
    expect(await a.settle(batches[0].cursor!)).toEqual([]);
    expect(ls(folder)).toEqual(['big.json']);
  });

  it('resumes a file from a mid-file cursor without repeating or skipping a record', async () => {
    drop(
      'a.json',
      bundle({
        units: units('U1', 'U2'),
        documents: docs('D1', 'D2', 'D3'),
        deleted: [{ kind: 'task', id: 'T9' }],
      }),
    );
    drop('b.json', bundle({ tasks: tasks('T1', 'T2') }));
    const everything = itemIds((await sync(adapter({ batchSize: 2 }), null, { settle: false })).batches);

    // The sync committed two batches, then the process died.
    const crashed = await sync(adapter({ batchSize: 2 }), null, { stopAfter: 2 });
    const resumed = await sync(adapter({ batchSize: 2 }), crashed.cursor);

    const seen = [...itemIds(crashed.batches), ...itemIds(resumed.batches)];
    expect(seen).toEqual(everything);
    expect(new Set(seen).size).toBe(seen.length);
    expect(itemIds(resumed.batches)[0]).toBe('documents:D3');
    expect(ls(join(folder, 'processed'))).toEqual(['a.json', 'b.json']);
  });

  it('rejects a file with broken JSON with an issue naming the file and the reason, and goes on', async () => {
    drop('1-good.json', bundle({ units: units('A') }));
    drop('2-broken.json', '{"format": "dunghan.bundle.v1", "units": [ {"id": "B", ');
    drop('3-good.json', bundle({ units: units('C') }));

    const { batches } = await sync(adapter(), null);

    const rejected = batches.find((b) => b.label === '2-broken.json')!;
    expect(rejected.fileOutcome).toBe('rejected');
    expect(rejected.part).toEqual({});
    expect(rejected.issues).toHaveLength(1);
    expect(rejected.issues[0]).toMatchObject({ location: '2-broken.json', record: null });
    expect(rejected.issues[0].reason).toMatch(
      /^2-broken\.json: tệp không phải JSON hợp lệ: tệp kết thúc giữa chừng .*\(dòng 1, byte \d+\) — tệp bị từ chối\.$/,
    );
    expect(rejected.issues[0].reasonEn).toMatch(
      /^2-broken\.json: not valid JSON: the file ends too early .*\(line 1, byte \d+\) — file rejected\.$/,
    );
    expect(itemIds(batches)).toEqual(['units:A', 'units:C']);
    expect(ls(join(folder, 'rejected'))).toEqual(['2-broken.json', '2-broken.json.reason.txt']);
    expect(ls(join(folder, 'processed'))).toEqual(['1-good.json', '3-good.json']);
  });

  it.each([
    [
      'a wrong format',
      // `format` last: records come before it, and still none may be handed on.
      { units: units('A'), format: 'ioffice.export.v2' },
      /^x\.json: field format: is "ioffice\.export\.v2", expected "dunghan\.bundle\.v1"/,
      'format',
    ],
    ['no format', { units: units('A') }, /^x\.json: no "format": "dunghan\.bundle\.v1"/, null],
    ['a list instead of a bundle', [{ id: 'A' }], /^x\.json: the file must hold one JSON object/, null],
  ])('rejects a file with %s', async (_case, content, reasonEn, field) => {
    drop('x.json', content);

    const { batches } = await sync(adapter(), null);

    expect(batches).toHaveLength(1);
    expect(batches[0].fileOutcome).toBe('rejected');
    expect(batches[0].part).toEqual({});
    expect(batches[0].issues[0].field).toBe(field);
    expect(batches[0].issues[0].reasonEn).toMatch(reasonEn);
    expect(batches[0].issues[0].reason).toMatch(/^x\.json: .* — tệp bị từ chối\.$/);
    expect(ls(join(folder, 'rejected'))).toEqual(['x.json', 'x.json.reason.txt']);
  });

  it('rejects a file that is not UTF-8 rather than import mojibake', async () => {
    writeFileSync(join(folder, 'latin.json'), Buffer.from([0x7b, 0x22, 0xe0, 0x22, 0x7d]));

    const { batches } = await sync(adapter(), null);

    expect(batches[0].fileOutcome).toBe('rejected');
    expect(batches[0].issues[0].reasonEn).toMatch(/not UTF-8/);
  });

  it('skips a section that is not a list, with an issue, and imports the rest of the file', async () => {
    drop('a.json', bundle({ units: units('A'), tasks: { id: 'T1' } as unknown as unknown[] }));

    const { batches } = await sync(adapter(), null);

    expect(itemIds(batches)).toEqual(['units:A']);
    expect(batches[0].issues).toEqual([
      expect.objectContaining({
        location: 'a.json',
        field: 'tasks',
        reasonEn: 'a.json: field tasks: must be an array [ … ] (or null); it was skipped',
      }),
    ]);
    expect(batches[0].fileOutcome).toBe('processed');
  });

  it('hands on an empty bundle as one empty batch, so it is filed too', async () => {
    drop('empty.json', bundle({}));

    const { batches } = await sync(adapter(), null);

    expect(batches).toEqual([
      expect.objectContaining({ label: 'empty.json', part: {}, issues: [], fileOutcome: 'processed' }),
    ]);
    expect(ls(join(folder, 'processed'))).toEqual(['empty.json']);
  });

  it('settles into configured folders, keeps an earlier export of the same name, and is idempotent', async () => {
    const processedDir = join(folder, 'done');
    drop('daily.json', bundle({ units: units('A') }));
    const a = adapter({ processedDir });
    const first = await sync(a, null);
    drop('daily.json', bundle({ units: units('A', 'B') }));

    const second = await sync(a, first.cursor, { settle: false });
    const settled = await a.settle(second.cursor!);
    const again = await a.settle(second.cursor!);

    expect(itemIds(second.batches)).toEqual(['units:A', 'units:B']);
    expect(settled).toEqual([
      { file: 'daily.json', outcome: 'processed', movedTo: join(processedDir, 'daily.2.json') },
    ]);
    expect(again).toEqual([]);
    expect(ls(processedDir)).toEqual(['daily.2.json', 'daily.json']);
    expect(ls(folder)).toEqual(['done']);
  });

  it('after a crash between commit and settle, moves the committed file and does not read it again', async () => {
    drop('a.json', bundle({ units: units('A') }));
    drop('b.json', bundle({ units: units('B') }));
    const crashed = await sync(adapter(), null, { settle: false, stopAfter: 1 });
    expect(ls(folder)).toEqual(['a.json', 'b.json']);

    const next = await sync(adapter(), crashed.cursor);

    expect(itemIds(next.batches)).toEqual(['units:B']);
    expect(ls(join(folder, 'processed'))).toEqual(['a.json', 'b.json']);
  });

  it('never reads a file twice even when the sync does not call settle at all', async () => {
    drop('a.json', bundle({ units: units('A') }));
    drop('b.json', bundle({ units: units('B') }));
    const first = await sync(adapter(), null, { settle: false });

    const second = await sync(adapter(), first.cursor, { settle: false });

    expect(itemIds(first.batches)).toEqual(['units:A', 'units:B']);
    expect(second.batches).toEqual([]);
    expect(ls(join(folder, 'processed'))).toEqual(['a.json', 'b.json']);
  });

  it('reads a new export that reuses the name of a committed but unmoved file', async () => {
    drop('daily.json', bundle({ units: units('A') }));
    const first = await sync(adapter(), null, { settle: false });
    // The exporter overwrote the file before the sync got round to moving it.
    drop('daily.json', bundle({ units: units('A', 'B') }));

    const second = await sync(adapter(), first.cursor);

    expect(itemIds(second.batches)).toEqual(['units:A', 'units:B']);
  });

  it('rejects a file over maxRecordsPerFile or maxFileBytes, with its reason beside it, and reads the next', async () => {
    drop('1-many.json', bundle({ units: units('A', 'B', 'C') }));
    drop('2-big.json', bundle({ units: units('D'), people: [{ id: 'p', pad: 'x'.repeat(5000) }] }));
    drop('3-ok.json', bundle({ units: units('E', 'F') }));
    const limited = new BundleFolderAdapter(
      { folder },
      {
        maxFileBytes: 4000,
        maxRecordsPerFile: 2,
        maxTextLength: 1000,
        maxDepth: 16,
        maxEntityBytes: 1,
        maxExpandedBytes: 1,
      },
    );
    const { batches } = await sync(limited, null);
    expect(batches.map((b) => [b.label, b.fileOutcome, b.issues.map((i) => i.reasonEn)])).toEqual([
      [
        '1-many.json',
        'rejected',
        [expect.stringContaining("more than 2 records, over the source's limit maxRecordsPerFile = 2")],
      ],
      [
        '2-big.json',
        'rejected',
        [expect.stringMatching(/the file is \d+ bytes, over the source's limit maxFileBytes = 4000/)],
      ],
      ['3-ok.json', 'processed', []],
    ]);
    expect(itemIds(batches)).toEqual(['units:E', 'units:F']);
    expect(ls(join(folder, 'rejected'))).toEqual([
      '1-many.json',
      '1-many.json.reason.txt',
      '2-big.json',
      '2-big.json.reason.txt',
    ]);
  });

  it('refuses a cursor it did not write, and a batch size that is not a positive integer', async () => {
    await expect(sync(adapter(), 'a.json')).rejects.toThrow(/not one this adapter wrote/);
    expect(() => adapter({ batchSize: 0 })).toThrow(/batchSize/);
  });
});
