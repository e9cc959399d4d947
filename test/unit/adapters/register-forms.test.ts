/**
 * The register forms as clerks keep them: the follow-up register of Decree 30 Appendix IV read on
 * its own columns and joined to the incoming register by (year, Số đến), and the electronic
 * register of Appendix VI with its field names — each as XLSX and as a `;` CSV with a BOM.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { RegisterAdapter } from '../../../src/infra/adapters/register/register.adapter.js';
import type { SourceBatch } from '../../../src/infra/adapters/source-adapter.port.js';
import { collect, folderWith, removeFolders } from './adapter-test.helpers.js';
import { UNITS, day, incomingId, semicolonCsv, taskId, xlsx } from './register-test.helpers.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/register');
const adapter = (folder: string) => new RegisterAdapter({ folder, unitMap: UNITS });

afterAll(removeFolders);

/** The tasks of a run as storage would end with them: a later record with the same id replaces the earlier. */
function tasksOf(batches: readonly SourceBatch[]): Map<string, Record<string, unknown>> {
  const tasks = new Map<string, Record<string, unknown>>();
  for (const b of batches) for (const t of b.part.tasks ?? []) tasks.set(t.id as string, t);
  return tasks;
}

const FOLLOW_UP_HEADER = [
  'Số đến',
  'Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản',
  'Đơn vị hoặc người nhận',
  'Thời hạn giải quyết',
  'Tiến độ giải quyết',
  'Số, ký hiệu văn bản trả lời',
  'Ghi chú',
];

/** Rows of the follow-up register for the entries of fixtures/register/2025-03-so-den.csv. */
const followUpRows = (date: (d: number, m: number) => string | Date) => [
  [
    1,
    'Công văn số 215/UBND-KGVX ngày 07/3/2025 của UBND tỉnh',
    'Văn phòng',
    date(20, 3),
    'Đang giải quyết',
    '',
    '',
  ],
  // No unit written: the task goes to the recipient the incoming register names (Phòng TCBC).
  [
    2,
    'Kế hoạch 1020/BNV-CCVC của Bộ Nội vụ',
    '',
    date(25, 3),
    'Đã giải quyết ngày 18/03/2025',
    '45/SNV-TCBC',
    '',
  ],
  [3, 'Văn bản đến số 3', 'Giám đốc', date(15, 3), '', '', 'Mật'],
  [5, 'Giấy mời họp sơ kết', 'Phòng Hợp tác quốc tế', date(14, 3), '', '', ''],
  [9, 'Công văn chưa vào sổ đến', 'Văn phòng', date(30, 3), '', '7/SNV-VP', ''],
];

function followUpCsv(): Buffer {
  return semicolonCsv([
    ['SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN', '', '', '', '', '', ''],
    ['Năm 2025', '', '', '', '', '', ''],
    FOLLOW_UP_HEADER,
    ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)'],
    ...followUpRows((d, m) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2025`),
  ]);
}

function followUpXlsx(): Promise<Buffer> {
  return xlsx([
    {
      name: 'Theo dõi',
      merges: ['A1:G1', 'A2:G2'],
      rows: [
        ['SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN'],
        ['NĂM 2025'],
        FOLLOW_UP_HEADER,
        [1, 2, 3, 4, 5, 6, 7],
        ...followUpRows((d, m) => day(2025, m, d)),
      ],
    },
  ]);
}

const EXPECTED_TASKS = [
  [
    taskId('2025', '1'),
    {
      id: taskId('2025', '1'),
      documentId: incomingId('2025', '1'),
      title: 'Công văn số 215/UBND-KGVX ngày 07/3/2025 của UBND tỉnh',
      unitId: 'VP',
      assigneeId: null,
      // Assigned when it arrived: the incoming register's "Ngày đến".
      assignedAt: '2025-03-10T08:05:00+07:00',
      deadline: '2025-03-20',
      completedAt: null,
      cancelledAt: null,
    },
  ],
  [
    taskId('2025', '2'),
    expect.objectContaining({
      documentId: incomingId('2025', '2'),
      unitId: 'TCBC',
      assignedAt: '2025-03-10T00:00:00+07:00',
      deadline: '2025-03-25',
      completedAt: '2025-03-18T00:00:00+07:00',
    }),
  ],
  // The incoming entry 3 is confidential (its note says MẬT), and so is this row: id and link only.
  [taskId('2025', '3', true), { id: taskId('2025', '3', true), documentId: incomingId('2025', '3', true) }],
];

describe('register adapter — the follow-up register (Appendix IV) joined to the incoming register', () => {
  it.each([
    ['a `;` CSV with a BOM', '2025-03-theo-doi.csv', followUpCsv],
    ['an XLSX workbook', '2025-03-theo-doi.xlsx', followUpXlsx],
  ])('turns each row of %s into a task with its deadline and progress', async (_form, name, make) => {
    const folder = await folderWith({ [name]: await make() });
    await copyFile(join(FIXTURES, '2025-03-so-den.csv'), join(folder, '2025-03-so-den.csv'));
    const batches = await collect(adapter(folder).pull(null));
    expect(batches.map((b) => b.label)).toEqual(['2025-03-so-den.csv', name]);

    expect([...tasksOf(batches)]).toEqual(EXPECTED_TASKS);
    // The incoming register is read first: its batch stores each task with its document.
    const first = batches[0];
    expect(first.part.tasks!.map((t) => t.id)).toEqual(EXPECTED_TASKS.map(([id]) => id));
    // The follow-up register makes no document of its own: the incoming register's are the documents.
    expect(batches[1].part.documents).toBeUndefined();

    const sheet = name.endsWith('.xlsx') ? ', trang tính "Theo dõi"' : '';
    const row = (n: number) => (name.endsWith('.xlsx') ? `Theo dõi!${n}` : String(n));
    expect(batches[1].issues.map((i) => [i.severity, i.record, i.field, i.reason])).toEqual([
      [
        'warning',
        row(8),
        'Đơn vị hoặc người nhận',
        `Tệp "${name}"${sheet}, dòng 8, cột "Đơn vị hoặc người nhận": không có đơn vị "Phòng Hợp tác quốc tế" trong bảng ánh xạ đơn vị; nhiệm vụ giao cho đơn vị nhận ghi ở sổ đến (nếu có).`,
      ],
      [
        'warning',
        row(8),
        'Đơn vị hoặc người nhận',
        `Tệp "${name}"${sheet}, dòng 8, cột "Đơn vị hoặc người nhận": không biết đơn vị giải quyết (cần một đơn vị có trong bảng ánh xạ đơn vị, ở đây hoặc ở cột đơn vị nhận của sổ đến); văn bản vẫn được nhập, không tạo nhiệm vụ.`,
      ],
      [
        'warning',
        row(9),
        'Số, ký hiệu văn bản trả lời',
        `Tệp "${name}"${sheet}, dòng 9, cột "Số, ký hiệu văn bản trả lời": đã có văn bản trả lời "7/SNV-VP" nhưng cột "Tiến độ giải quyết" không ghi ngày giải quyết; chưa ghi nhận hoàn thành.`,
      ],
      [
        'warning',
        row(9),
        'Số đến',
        `Tệp "${name}"${sheet}, dòng 9, cột "Số đến": số đến 9 năm 2025 chưa có trong sổ đăng ký văn bản đến của nguồn này; nhiệm vụ sẽ được tạo khi sổ đến ghi số này.`,
      ],
    ]);
  });

  it('joins whichever register is read first, in one run or across runs', async () => {
    // Read first by name: its rows wait for the incoming register read later in the same run.
    const folder = await folderWith({ '2025-03-a-theo-doi.csv': followUpCsv() });
    const alone = await collect(adapter(folder).pull(null));
    expect(alone[0].part).toEqual({});
    expect(alone[0].issues.filter((i) => i.field === 'Số đến').map((i) => i.record)).toEqual([
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(alone[0].issues.every((i) => i.severity === 'warning')).toBe(true);

    // The next run reads the incoming register, delivered since: the tasks appear with their documents.
    await copyFile(join(FIXTURES, '2025-03-so-den.csv'), join(folder, '2025-03-so-den.csv'));
    const next = await collect(adapter(folder).pull(alone[0].cursor));
    expect(next.map((b) => b.label)).toEqual(['2025-03-so-den.csv']);
    expect([...tasksOf(next)]).toEqual(EXPECTED_TASKS);
    expect(next[0].part.documents!.map((d) => d.id)).toEqual(
      expect.arrayContaining([
        incomingId('2025', '1'),
        incomingId('2025', '2'),
        incomingId('2025', '3', true),
      ]),
    );

    // Both in one run, the follow-up register first: no warning for the entries read after it.
    const both = await folderWith({ '2025-03-a-theo-doi.csv': followUpCsv() });
    await copyFile(join(FIXTURES, '2025-03-so-den.csv'), join(both, '2025-03-so-den.csv'));
    const one = await collect(adapter(both).pull(null));
    expect(one[0].part).toEqual({});
    expect(one[0].issues.filter((i) => i.field === 'Số đến').map((i) => i.record)).toEqual(['9']);
    expect([...tasksOf(one)]).toEqual(EXPECTED_TASKS);
  });

  it('refuses a follow-up register whose year is written nowhere, naming what it needs', async () => {
    const csv = semicolonCsv([FOLLOW_UP_HEADER, [1, 'Công văn', 'Văn phòng', '20/03/2025', '', '', '']]);
    const [batch] = await collect(adapter(await folderWith({ 'theo-doi.csv': csv })).pull(null));
    expect(batch.part).toEqual({});
    expect(batch.issues).toEqual([
      {
        location: 'theo-doi.csv',
        record: null,
        field: null,
        reason:
          'Tệp "theo-doi.csv": không biết năm của sổ theo dõi giải quyết văn bản đến (cần "Năm 2025" ở dòng tiêu đề, hoặc năm trong tên trang tính hay tên tệp) để ghép với sổ đăng ký văn bản đến; không nhập dòng nào.',
        reasonEn:
          'File "theo-doi.csv": the year of the incoming document follow-up register is not known (expected "Năm 2025" in the title rows, or a year in the sheet or file name) to join it to the incoming register; no row imported.',
      },
    ]);
  });

  it('refuses a follow-up row without its Số đến or with a deadline that is no date', async () => {
    const csv = semicolonCsv([
      ['Năm 2025'],
      FOLLOW_UP_HEADER,
      ['', 'Công văn', 'Văn phòng', '20/03/2025', '', '', ''],
      [1, 'Công văn', 'Văn phòng', 'trong tuần', '', '', ''],
    ]);
    const folder = await folderWith({ 'theo-doi.csv': csv });
    await copyFile(join(FIXTURES, '2025-03-so-den.csv'), join(folder, '2025-03-so-den.csv'));
    const batches = await collect(adapter(folder).pull(null));
    const issues = batches.find((b) => b.label === 'theo-doi.csv')!.issues;
    expect(issues.map((i) => [i.severity, i.reason])).toEqual([
      [undefined, 'Tệp "theo-doi.csv", dòng 3, cột "Số đến": bỏ trống (cần số đến); bỏ qua dòng này.'],
      [
        undefined,
        'Tệp "theo-doi.csv", dòng 4, cột "Thời hạn giải quyết": ngày "trong tuần" không hợp lệ (cần dd/mm/yyyy); bỏ qua dòng này.',
      ],
    ]);
  });
});

const ELECTRONIC_HEADER = [
  'Số đến',
  'Ngày, tháng, năm đến',
  'Tên cơ quan, tổ chức ban hành văn bản',
  'Số của văn bản',
  'Ký hiệu của văn bản',
  'Ngày, tháng, năm văn bản',
  'Tên loại văn bản',
  'Trích yếu nội dung',
  'Mức độ khẩn, độ mật',
  'Đơn vị hoặc người nhận',
  'Thời hạn giải quyết',
  'Ghi chú',
];

function electronicRows(date: (d: number, m: number, h?: number, mi?: number) => string | Date) {
  return [
    [
      1,
      date(10, 3, 8, 5),
      'UBND tỉnh',
      215,
      'UBND-KGVX',
      date(7, 3),
      'Công văn',
      'V/v triển khai chuyển đổi số',
      'Khẩn',
      'Văn phòng',
      date(20, 3),
      '',
    ],
    [
      2,
      date(11, 3),
      'Bộ Nội vụ',
      '1020',
      'BNV-CCVC',
      date(5, 3),
      'Kế hoạch',
      'Kiểm tra cải cách hành chính',
      '',
      'Phòng TCBC',
      '',
      'Hỏa tốc',
    ],
    [
      3,
      date(11, 3),
      'Bộ Công an',
      '47',
      'BCA-A03',
      date(11, 3),
      'Công văn',
      'Về chuyên án Zebra',
      'Thượng khẩn, Mật',
      'Giám đốc',
      date(15, 3),
      '',
    ],
    [
      4,
      date(12, 3),
      'Sở Y tế',
      '77',
      'SYT-VP',
      date(12, 3),
      'Giấy mời',
      'Họp giao ban',
      'Gấp lắm',
      'Văn phòng',
      '',
      '',
    ],
    [
      5,
      date(12, 3),
      'Sở Tài chính',
      '88',
      'STC-NS',
      date(12, 3),
      'Công văn',
      'Về dự toán',
      'Thường',
      'Văn phòng',
      '',
      'Thượng khẩn',
    ],
  ];
}

describe('register adapter — an electronic register with the field names of Appendix VI', () => {
  const csvDate = (d: number, m: number, h?: number, mi?: number) =>
    `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2025${h === undefined ? '' : ` ${h}:${String(mi).padStart(2, '0')}`}`;
  const forms: [string, string, () => Promise<Buffer>][] = [
    [
      'a `;` CSV with a BOM',
      'so-den-dien-tu.csv',
      async () => semicolonCsv([ELECTRONIC_HEADER, ...electronicRows(csvDate)]),
    ],
    [
      'an XLSX workbook',
      'so-den-dien-tu.xlsx',
      () =>
        xlsx([
          {
            name: 'Văn bản đến',
            rows: [ELECTRONIC_HEADER, ...electronicRows((d, m, h = 0, mi = 0) => day(2025, m, d, h, mi))],
          },
        ]),
    ],
  ];

  it.each(forms)(
    'reads %s: number and notation apart, urgency and secrecy in one column, urgency in notes',
    async (_form, name, make) => {
      const [batch] = await collect(adapter(await folderWith({ [name]: await make() })).pull(null));
      expect(batch.part.documents).toEqual([
        {
          id: incomingId('2025', '1'),
          direction: 'incoming',
          number: '215/UBND-KGVX',
          type: 'Công văn',
          subject: 'V/v triển khai chuyển đổi số',
          confidentiality: 'normal',
          urgency: 'urgent',
          date: '2025-03-07',
          receivedAt: '2025-03-10T08:05:00+07:00',
          issuedAt: null,
          deadline: null,
          channel: 'paper',
          unitId: 'VP',
        },
        expect.objectContaining({
          id: incomingId('2025', '2'),
          number: '1020/BNV-CCVC',
          type: 'Kế hoạch',
          urgency: 'flash',
        }),
        {
          id: incomingId('2025', '3', true),
          direction: 'incoming',
          confidentiality: 'confidential',
          date: '2025-03-11',
        },
        expect.objectContaining({ id: incomingId('2025', '5'), urgency: 'very_urgent' }),
      ]);
      expect(batch.part.tasks).toEqual([
        expect.objectContaining({
          id: taskId('2025', '1'),
          documentId: incomingId('2025', '1'),
          title: 'Công văn V/v triển khai chuyển đổi số',
          unitId: 'VP',
          assignedAt: '2025-03-10T08:05:00+07:00',
          deadline: '2025-03-20',
        }),
        expect.objectContaining({ id: taskId('2025', '2'), unitId: 'TCBC', deadline: null }),
        { id: taskId('2025', '3', true), documentId: incomingId('2025', '3', true) },
        expect.objectContaining({ id: taskId('2025', '5'), unitId: 'VP' }),
      ]);
      const sheet = name.endsWith('.xlsx') ? ', trang tính "Văn bản đến"' : '';
      expect(batch.issues.map((i) => [i.severity, i.field, i.reason])).toEqual([
        [
          undefined,
          'Mức độ khẩn, độ mật',
          `Tệp "${name}"${sheet}, dòng 5, cột "Mức độ khẩn, độ mật": không phải mức độ khẩn, độ mật (cần Khẩn, Thượng khẩn, Hỏa tốc và/hoặc Mật, Tối mật, Tuyệt mật, hoặc để trống); bỏ qua dòng này.`,
        ],
      ]);
      expect(JSON.stringify(batch)).not.toMatch(/Zebra|BCA-A03|Bộ Công an/);
    },
  );
});

describe('register adapter — header forms', () => {
  it('reads an incoming register whose document date column is headed only "Ngày tháng"', async () => {
    const csv = semicolonCsv([
      [
        'Ngày đến',
        'Số đến',
        'Tác giả',
        'Số, ký hiệu',
        'Ngày tháng',
        'Tên loại và trích yếu nội dung',
        'Đơn vị hoặc người nhận',
      ],
      ['02/01/2025', '1', 'UBND tỉnh', '1/UBND', '31/12/2024', 'Công văn', 'Văn phòng'],
    ]);
    const folder = await folderWith({});
    await writeFile(join(folder, 'den.csv'), csv);
    const [batch] = await collect(adapter(folder).pull(null));
    expect(batch.issues).toEqual([]);
    expect(batch.part.documents).toEqual([
      expect.objectContaining({ id: incomingId('2025', '1'), date: '2024-12-31' }),
    ]);
  });
});
