/**
 * A register file is bounded before it is loaded (SourceLimits): too heavy a file and a workbook
 * that expands too far are refused unread, rows past the per-file limit are not read, a text over
 * the limit refuses its row, and a long file is cut into batches whose cursor resumes inside it.
 * Each refusal is an issue and the source goes on with its next file.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  RegisterAdapter,
  type RegisterAdapterOptions,
} from '../../../src/infra/adapters/register/register.adapter.js';
import type { SourceLimits } from '../../../src/infra/adapters/source-adapter.port.js';
import { collect, folderWith, removeFolders } from './adapter-test.helpers.js';
import { UNITS, day, incomingId, semicolonCsv, xlsx, zipOf } from './register-test.helpers.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/register');
const adapter = (
  folder: string,
  limits: Partial<SourceLimits> = {},
  options: Partial<RegisterAdapterOptions> = {},
) => new RegisterAdapter({ folder, unitMap: UNITS, ...options }, limits);

afterAll(removeFolders);

const HEADER = [
  'Ngày đến',
  'Số đến',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung',
  'Đơn vị hoặc người nhận',
];
const entry = (n: number) => [
  `0${(n % 9) + 1}/04/2025`,
  String(n),
  '01/04/2025',
  `Công văn số ${n}`,
  'Văn phòng',
];

describe('register adapter — limits', () => {
  it('refuses a file heavier than maxFileBytes unread, and reads the next file', async () => {
    const folder = await folderWith({ 'b-nho.csv': semicolonCsv([HEADER, entry(1)]) });
    await copyFile(join(FIXTURES, '2025-03-so-den.csv'), join(folder, 'a-lon.csv'));
    const batches = await collect(adapter(folder, { maxFileBytes: 400 }).pull(null));
    expect(batches.map((b) => [b.label, b.issues.map((i) => [i.record, i.reason])])).toEqual([
      [
        'a-lon.csv',
        [
          [
            null,
            expect.stringMatching(
              /^Tệp "a-lon\.csv" nặng \d+ byte, quá giới hạn 400 byte của nguồn \(maxFileBytes\); không đọc tệp này\.$/,
            ),
          ],
        ],
      ],
      ['b-nho.csv', []],
    ]);
    expect(batches[0].part).toEqual({});
    expect(batches[1].part.documents).toHaveLength(1);
  });

  it('refuses a workbook whose zip expands past maxExpandedBytes before inflating it', async () => {
    // 20 MB of one repeated byte: the archive weighs about 20 KB.
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const [batch] = await collect(
      adapter(await folderWith({ 'bom.xlsx': bomb }), { maxExpandedBytes: 10 * 1024 * 1024 }).pull(null),
    );
    expect(batch.issues).toEqual([
      {
        location: 'bom.xlsx',
        record: null,
        field: null,
        reason:
          'Tệp "bom.xlsx" giải nén ra 20 MB, quá giới hạn 10 MB của nguồn (maxExpandedBytes); không đọc tệp này.',
        reasonEn:
          'File "bom.xlsx" expands to 20 MB, over the source\'s limit of 10 MB (maxExpandedBytes); not read.',
      },
    ]);
  });

  it('refuses a workbook whose zip directory understates what it expands to', async () => {
    const liar = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20), declare: 1000 },
    ]);
    const [batch] = await collect(
      adapter(await folderWith({ 'noi-doi.xlsx': liar }), { maxExpandedBytes: 10 * 1024 * 1024 }).pull(null),
    );
    expect(batch.issues.map((i) => [i.record, i.reason])).toEqual([
      [
        null,
        'Tệp "noi-doi.xlsx" giải nén ra hơn 10 MB, quá giới hạn của nguồn (maxExpandedBytes), dù thư mục zip chỉ khai 1008 byte; không đọc tệp này.',
      ],
    ]);
  });

  it.each([
    ['CSV', 'den.csv', async (rows: string[][]) => semicolonCsv(rows), ''],
    [
      'XLSX',
      'den.xlsx',
      async (rows: string[][]) => xlsx([{ name: 'Sổ đến', rows }]),
      ' của trang tính "Sổ đến"',
    ],
  ])(
    'stops reading a %s file past maxRecordsPerFile rows, keeping the rows before',
    async (_f, name, make, sheet) => {
      const rows = [HEADER, ...[1, 2, 3, 4, 5].map(entry)];
      const [batch] = await collect(
        adapter(await folderWith({ [name]: await make(rows) }), { maxRecordsPerFile: 3 }).pull(null),
      );
      expect(batch.part.documents!.map((d) => d.id)).toEqual([
        incomingId('2025', '1'),
        incomingId('2025', '2'),
      ]);
      expect(batch.issues.map((i) => [i.record, i.reason])).toEqual([
        [
          null,
          `Tệp "${name}" có hơn 3 dòng, quá giới hạn của nguồn (maxRecordsPerFile); các dòng sau dòng 3${sheet} không được đọc.`,
        ],
      ]);
    },
  );

  it('refuses a row with a text over maxTextLength, naming its column, and keeps the others', async () => {
    const long = `Công văn ${'rất dài '.repeat(10)}`;
    const csv = semicolonCsv([
      HEADER,
      entry(1),
      ['02/04/2025', '2', '01/04/2025', long, 'Văn phòng'],
      entry(3),
    ]);
    const [batch] = await collect(
      adapter(await folderWith({ 'den.csv': csv }), { maxTextLength: 60 }).pull(null),
    );
    expect(batch.part.documents!.map((d) => d.id)).toEqual([
      incomingId('2025', '1'),
      incomingId('2025', '3'),
    ]);
    expect(batch.issues).toEqual([
      {
        location: 'den.csv',
        record: '3',
        field: 'Tên loại và trích yếu nội dung',
        reason: `Tệp "den.csv", dòng 3, cột "Tên loại và trích yếu nội dung": nội dung dài ${long.length} ký tự, quá giới hạn 60 ký tự của nguồn; bỏ qua dòng này.`,
        reasonEn: `File "den.csv", row 3, column "Tên loại và trích yếu nội dung": the text is ${long.length} characters long, over the source's limit of 60; row skipped.`,
      },
    ]);
  });
});

describe('register adapter — batches inside a file', () => {
  const rows = [['SỔ ĐĂNG KÝ VĂN BẢN ĐẾN'], HEADER, ...[1, 2, 3, 4, 5].map(entry)];
  it.each([
    ['CSV', 'a-den.csv', async () => semicolonCsv(rows), ''],
    [
      'XLSX',
      'a-den.xlsx',
      async () =>
        xlsx([
          { name: 'Bìa', rows: [['Sổ của Văn phòng']] },
          {
            name: 'Sổ',
            rows: rows.map((r, i) =>
              i < 2 ? r : [day(2025, 4, (i % 9) + 1), r[1], day(2025, 4, 1), r[3], r[4]],
            ),
          },
        ]),
      'Sổ!',
    ],
  ])(
    'cuts a %s file into batches of rowsPerBatch rows whose cursors resume inside it',
    async (_f, name, make, sheet) => {
      const folder = await folderWith({
        [name]: await make(),
        'b-den.csv': semicolonCsv([HEADER, entry(6)]),
      });
      const run = (cursor: string | null) => collect(adapter(folder, {}, { rowsPerBatch: 2 }).pull(cursor));
      const all = await run(null);
      expect(all.map((b) => [b.label, b.part.documents?.length ?? 0])).toEqual([
        [`${name} (${sheet}3–${sheet}4)`, 2],
        [`${name} (${sheet}5–${sheet}6)`, 2],
        [name, 1],
        ['b-den.csv', 1],
      ]);
      expect(all.flatMap((b) => b.part.documents!.map((d) => d.id))).toEqual(
        ['1', '2', '3', '4', '5', '6'].map((n) => incomingId('2025', n)),
      );
      for (let k = 0; k < all.length; k++) expect(await run(all[k].cursor)).toEqual(all.slice(k + 1));
    },
  );

  it('reads a file written again since a batch inside it from its start', async () => {
    const folder = await folderWith({ 'den.csv': semicolonCsv([HEADER, ...[1, 2, 3].map(entry)]) });
    const run = (cursor: string | null) => collect(adapter(folder, {}, { rowsPerBatch: 2 }).pull(cursor));
    const [first] = await run(null);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(folder, 'den.csv'), semicolonCsv([HEADER, ...[1, 2, 3, 4].map(entry)]));
    const again = await run(first.cursor);
    expect(again.map((b) => b.label)).toEqual(['den.csv (2–3)', 'den.csv (4–5)', 'den.csv']);
    expect(again.flatMap((b) => (b.part.documents ?? []).map((d) => d.id))).toHaveLength(4);
  });
});
