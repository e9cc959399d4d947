import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import {
  RegisterAdapter,
  type RegisterAdapterOptions,
} from '../../../src/infra/adapters/register/register.adapter.js';
import { recordId } from '../../../src/infra/adapters/shared/record-id.util.js';
import { collect, documentsOf, folderWith, removeFolders } from './adapter-test.helpers.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/register');
const UNITS = { 'Văn phòng': 'VP', 'Phòng TCBC': 'TCBC', TCBC: 'TCBC' };

const incomingId = (year: string, arrival: string, secret = false) =>
  recordId('register:in', year, secret ? 'mat' : '', arrival);
const outgoingId = (year: string, number: string, secret = false) =>
  recordId('register:out', year, secret ? 'mat' : '', number);
const taskId = (year: string, arrival: string, secret = false) =>
  recordId('register:task', year, secret ? 'mat' : '', arrival);

const adapter = (folder: string, options: Partial<RegisterAdapterOptions> = {}) =>
  new RegisterAdapter({ folder, unitMap: UNITS, ...options });

/** Excel stores wall-clock time; exceljs hands it over as a Date whose UTC fields are that clock. */
const day = (y: number, m: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, m - 1, d, h, mi));

type Sheet = { name: string; rows: ExcelJS.CellValue[][]; merges?: string[] };
async function xlsx(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name);
    s.rows.forEach((values, i) => {
      values.forEach((v, c) => {
        if (v !== undefined && v !== null && v !== '') ws.getCell(i + 1, c + 1).value = v;
      });
    });
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const FOLLOW_UP_HEADER = [
  'Số đến',
  'Ngày đến',
  'Tác giả',
  'Số, ký hiệu',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung',
  'Đơn vị/người giải quyết',
  'Thời hạn giải quyết',
  'Tiến độ giải quyết',
  'Độ mật',
  'Ghi chú',
];

function followUpWorkbook(): Promise<Buffer> {
  return xlsx([
    {
      name: 'Sổ 2025',
      merges: ['A1:K1', 'A2:K2'],
      rows: [
        ['SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN'],
        ['Năm 2025'],
        [],
        FOLLOW_UP_HEADER,
        [
          1,
          day(2025, 3, 10, 8, 5),
          'UBND tỉnh',
          '215/UBND-KGVX',
          day(2025, 3, 7),
          'Công văn về việc triển khai kế hoạch chuyển đổi số năm 2025',
          'Văn phòng',
          day(2025, 3, 20),
          'Đang giải quyết',
        ],
        [
          2,
          day(2025, 3, 10),
          'Bộ Nội vụ',
          '1020/BNV-CCVC',
          day(2025, 3, 5),
          { richText: [{ text: 'Kế hoạch ' }, { text: 'kiểm tra CCHC' }] },
          'Phòng TCBC/Nguyễn Văn Hai',
          '25/03/2025',
          'Đã giải quyết ngày 18/03/2025',
        ],
        [
          6,
          day(2025, 3, 13),
          'Sở Tài chính',
          '310/STC-NS',
          day(2025, 3, 12),
          'Công văn về dự toán',
          'Phòng Kế hoạch',
          day(2025, 3, 27),
          day(2025, 3, 26),
        ],
        [
          7,
          day(2025, 3, 13),
          'UBND tỉnh',
          '52/UBND-NCXX',
          day(2025, 3, 13),
          'Về công tác đặc biệt Orion',
          'Văn phòng',
          day(2025, 3, 15),
          '',
          'Tuyệt mật',
        ],
        [
          8,
          day(2025, 3, 14),
          'Sở Y tế',
          '80/SYT-VP',
          day(2025, 3, 14),
          'Công văn về y tế học đường',
          'Văn phòng',
          'hai tuần',
        ],
        [
          9,
          day(2025, 3, 14),
          'Sở Xây dựng',
          '90/SXD-QLN',
          day(2025, 3, 13),
          'Công văn về nhà ở công vụ',
          'Văn phòng',
          '',
          'Đã hoàn thành',
        ],
        // An arrival date that lost its date format: the Excel serial of 17/03/2025.
        [10, 45733, 'Sở Công Thương', '95/SCT-VP', day(2025, 3, 14), 'Báo cáo tình hình thương mại'],
        [
          11,
          day(2025, 3, 17),
          'Sở Nội vụ',
          '99/SNV-VP',
          day(2025, 3, 17),
          'Công văn',
          'Văn phòng',
          '',
          '',
          'Loại B',
        ],
      ],
    },
    { name: 'Hướng dẫn', rows: [['Ghi sổ theo Nghị định 30/2020/NĐ-CP']] },
  ]);
}

afterAll(removeFolders);

describe('register adapter — CSV registers', () => {
  it('reads the incoming register below its title rows and column numbers', async () => {
    const folder = await folderWith({});
    await copyFile(join(FIXTURES, '2025-03-so-den.csv'), join(folder, '2025-03-so-den.csv'));
    const [batch] = await collect(adapter(folder).pull(null));
    expect(batch.part.documents).toEqual([
      {
        id: incomingId('2025', '1'),
        direction: 'incoming',
        number: '215/UBND-KGVX',
        type: 'Công văn',
        subject: 'Công văn về việc triển khai kế hoạch chuyển đổi số năm 2025',
        confidentiality: 'normal',
        urgency: null,
        date: '2025-03-07',
        receivedAt: '2025-03-10T08:05:00+07:00',
        issuedAt: null,
        deadline: null,
        channel: 'paper',
        unitId: 'VP',
      },
      expect.objectContaining({
        id: incomingId('2025', '2'),
        type: 'Kế hoạch',
        receivedAt: '2025-03-10T00:00:00+07:00',
        unitId: 'TCBC',
      }),
      {
        id: incomingId('2025', '3', true),
        direction: 'incoming',
        confidentiality: 'confidential',
        date: '2025-03-11',
      },
      // "Mất bản gốc" (lost) in the note is not the stamp "Mật".
      expect.objectContaining({
        id: incomingId('2025', '5'),
        confidentiality: 'normal',
        type: 'Giấy mời',
        unitId: null,
      }),
    ]);
  });

  it('reports a bad date and an unknown unit with file, row and column, keeping the other rows', async () => {
    const [batch] = await collect(adapter(FIXTURES).pull(null));
    expect(batch.issues).toEqual([
      {
        location: '2025-03-so-den.csv',
        record: '9',
        field: 'Ngày tháng văn bản',
        reason:
          'Tệp "2025-03-so-den.csv", dòng 9, cột "Ngày tháng văn bản": ngày "31/02/2025" không hợp lệ (cần dd/mm/yyyy); bỏ qua dòng này.',
        reasonEn:
          'File "2025-03-so-den.csv", row 9, column "Ngày tháng văn bản": date "31/02/2025" is not valid (expected dd/mm/yyyy); row skipped.',
      },
      {
        location: '2025-03-so-den.csv',
        record: '10',
        field: 'Đơn vị hoặc người nhận',
        reason:
          'Tệp "2025-03-so-den.csv", dòng 10, cột "Đơn vị hoặc người nhận": không có đơn vị "Phòng Hợp tác quốc tế" trong bảng ánh xạ đơn vị; văn bản vẫn được nhập nhưng chưa gắn đơn vị.',
        reasonEn:
          'File "2025-03-so-den.csv", row 10, column "Đơn vị hoặc người nhận": unit "Phòng Hợp tác quốc tế" is not in the unit mapping; the document is imported without a unit.',
        severity: 'warning',
      },
    ]);
    expect(batch.part.documents!.map((d) => d.id)).not.toContain(incomingId('2025', '4'));
  });

  it('reads the outgoing register with semicolons and headers typed without diacritics', async () => {
    const batches = await collect(adapter(FIXTURES, { channel: 'electronic' }).pull(null));
    const outgoing = batches.find((b) => b.label === '2025-03-so-di.csv')!;
    expect(outgoing.part.documents).toEqual([
      {
        id: outgoingId('2025', '88/SNV-TCBC'),
        direction: 'outgoing',
        number: '88/SNV-TCBC',
        type: 'Báo cáo',
        subject: 'Báo cáo kết quả tuyển dụng viên chức quý I năm 2025',
        confidentiality: 'normal',
        urgency: null,
        date: '2025-03-10',
        receivedAt: null,
        issuedAt: '2025-03-10T00:00:00+07:00',
        deadline: null,
        channel: 'electronic',
        // "Lưu: VT, TCBC": the archive copy names the drafting unit.
        unitId: 'TCBC',
      },
      {
        id: outgoingId('2025', '15/QĐ-SNV', true),
        direction: 'outgoing',
        confidentiality: 'secret',
        date: '2025-03-12',
      },
    ]);
    expect(outgoing.issues.map((i) => [i.record, i.field, i.reason])).toEqual([
      [
        '5',
        'SO, KY HIEU VAN BAN',
        'Tệp "2025-03-so-di.csv", dòng 5, cột "SO, KY HIEU VAN BAN": bỏ trống (cần số, ký hiệu của văn bản); bỏ qua dòng này.',
      ],
    ]);
  });

  it('names the file and the missing required column once, importing nothing from it', async () => {
    const batches = await collect(adapter(FIXTURES).pull(null));
    const missing = batches.find((b) => b.label === '2025-04-so-den-thieu-cot.csv')!;
    expect(missing.part).toEqual({});
    expect(missing.issues).toEqual([
      {
        location: '2025-04-so-den-thieu-cot.csv',
        record: null,
        field: 'Số đến',
        reason:
          'Tệp "2025-04-so-den-thieu-cot.csv": thiếu cột bắt buộc "Số đến" của sổ đăng ký văn bản đến; không nhập dòng nào.',
        reasonEn:
          'File "2025-04-so-den-thieu-cot.csv": the required column "Số đến" of the incoming document register is missing; no row imported.',
      },
    ]);
  });

  it('reports a file that is no register', async () => {
    const batches = await collect(adapter(FIXTURES).pull(null));
    const other = batches.find((b) => b.label === '2025-04-danh-ba.csv')!;
    expect(other.issues.map((i) => i.reasonEn)).toEqual([
      'File "2025-04-danh-ba.csv": no register recognised (no header row of an incoming, outgoing or follow-up register).',
    ]);
  });

  it('reports a repeated arrival number and keeps the later row', async () => {
    const csv = [
      'Ngày đến,Số đến,Ngày tháng văn bản,Tên loại và trích yếu nội dung',
      '02/01/2025,1,31/12/2024,Công văn thứ nhất',
      '02/01/2025,01,02/01/2025,Công văn thứ hai',
      '05/01/2026,1,04/01/2026,Số đến năm sau bắt đầu lại',
    ].join('\n');
    const [batch] = await collect(adapter(await folderWith({ 'den.csv': csv })).pull(null));
    expect(batch.part.documents!.map((d) => [d.id, d.subject])).toEqual([
      [incomingId('2025', '1'), 'Công văn thứ hai'],
      [incomingId('2026', '1'), 'Số đến năm sau bắt đầu lại'],
    ]);
    expect(batch.issues.map((i) => i.reason)).toEqual([
      'Tệp "den.csv", dòng 3, cột "Số đến": trùng với dòng 2 (cùng năm 2025); dòng sau được giữ.',
    ]);
  });

  it('refuses a CSV that is not UTF-8 and an old .xls workbook', async () => {
    const windows1258 = Buffer.concat([
      Buffer.from('Ng'),
      Buffer.from([0xe0, 0xf2]),
      Buffer.from('y đến,Số đến\n'),
    ]);
    const batches = await collect(
      adapter(await folderWith({ 'a.csv': windows1258, 'b.xls': 'binary' })).pull(null),
    );
    expect(batches.flatMap((b) => b.issues.map((i) => i.reason))).toEqual([
      'Tệp "a.csv" không đọc được: không phải văn bản UTF-8; hãy lưu lại dưới dạng "CSV UTF-8".',
      'Tệp "b.xls" có định dạng Excel 97-2003 (.xls), không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8.',
    ]);
  });
});

describe('register adapter — XLSX follow-up register', () => {
  it('maps each row to a document and a task with the deadline from "Thời hạn giải quyết"', async () => {
    const [batch] = await collect(
      adapter(await folderWith({ 'theo-doi.xlsx': await followUpWorkbook() })).pull(null),
    );
    const docs = batch.part.documents!;
    const tasks = batch.part.tasks!;
    expect(docs.map((d) => d.id)).toEqual([
      incomingId('2025', '1'),
      incomingId('2025', '2'),
      incomingId('2025', '6'),
      incomingId('2025', '7', true),
      incomingId('2025', '9'),
      incomingId('2025', '10'),
    ]);
    expect(docs[0]).toMatchObject({
      number: '215/UBND-KGVX',
      receivedAt: '2025-03-10T08:05:00+07:00',
      date: '2025-03-07',
      unitId: 'VP',
    });
    expect(docs[1]).toMatchObject({ subject: 'Kế hoạch kiểm tra CCHC', type: 'Kế hoạch', unitId: 'TCBC' });
    expect(docs[5]).toMatchObject({ receivedAt: '2025-03-17T00:00:00+07:00', unitId: null });
    expect(tasks).toEqual([
      {
        id: taskId('2025', '1'),
        documentId: incomingId('2025', '1'),
        title: 'Công văn về việc triển khai kế hoạch chuyển đổi số năm 2025',
        unitId: 'VP',
        assigneeId: null,
        assignedAt: '2025-03-10T08:05:00+07:00',
        deadline: '2025-03-20',
        completedAt: null,
        cancelledAt: null,
      },
      expect.objectContaining({
        id: taskId('2025', '2'),
        unitId: 'TCBC',
        deadline: '2025-03-25',
        completedAt: '2025-03-18T00:00:00+07:00',
      }),
      // A confidential row: only the ids and the link (DOMAIN.md §4).
      { id: taskId('2025', '7', true), documentId: incomingId('2025', '7', true) },
      expect.objectContaining({ id: taskId('2025', '9'), deadline: null, completedAt: null }),
    ]);
  });

  it('reports bad rows with the sheet, row and column of a multi-sheet workbook', async () => {
    const [batch] = await collect(
      adapter(await folderWith({ 'theo-doi.xlsx': await followUpWorkbook() })).pull(null),
    );
    expect(batch.issues.map((i) => [i.record, i.field, i.reason])).toEqual([
      [
        'Sổ 2025!7',
        'Đơn vị/người giải quyết',
        'Tệp "theo-doi.xlsx", trang tính "Sổ 2025", dòng 7, cột "Đơn vị/người giải quyết": không có đơn vị "Phòng Kế hoạch" trong bảng ánh xạ đơn vị; văn bản vẫn được nhập nhưng chưa gắn đơn vị, không tạo nhiệm vụ.',
      ],
      [
        'Sổ 2025!9',
        'Thời hạn giải quyết',
        'Tệp "theo-doi.xlsx", trang tính "Sổ 2025", dòng 9, cột "Thời hạn giải quyết": ngày "hai tuần" không hợp lệ (cần dd/mm/yyyy); bỏ qua dòng này.',
      ],
      [
        'Sổ 2025!10',
        'Tiến độ giải quyết',
        'Tệp "theo-doi.xlsx", trang tính "Sổ 2025", dòng 10, cột "Tiến độ giải quyết": "Đã hoàn thành" cho biết đã giải quyết nhưng không ghi ngày; chưa ghi nhận hoàn thành.',
      ],
      [
        'Sổ 2025!12',
        'Độ mật',
        'Tệp "theo-doi.xlsx", trang tính "Sổ 2025", dòng 12, cột "Độ mật": độ mật "Loại B" không hợp lệ (cần Mật, Tối mật, Tuyệt mật hoặc để trống); bỏ qua dòng này.',
      ],
    ]);
  });

  it('gives a document the same id in the incoming and the follow-up register', async () => {
    const folder = await folderWith({ 'b-theo-doi.xlsx': await followUpWorkbook() });
    await copyFile(join(FIXTURES, '2025-03-so-den.csv'), join(folder, 'a-so-den.csv'));
    const batches = await collect(adapter(folder).pull(null));
    const fromRegister = batches[0].part.documents!.find((d) => d.number === '215/UBND-KGVX')!;
    const fromFollowUp = batches[1].part.documents!.find((d) => d.number === '215/UBND-KGVX')!;
    expect(fromFollowUp.id).toBe(fromRegister.id);
  });

  it('reports a file that is not a workbook', async () => {
    const [batch] = await collect(adapter(await folderWith({ 'hong.xlsx': 'not a zip' })).pull(null));
    expect(batch.issues).toHaveLength(1);
    expect(batch.issues[0].reason).toBe(
      'Tệp "hong.xlsx" không đọc được: không phải tệp Excel (.xlsx) hợp lệ.',
    );
    expect(batch.issues[0].reasonEn).toMatch(
      /^File "hong\.xlsx" could not be read: not a valid Excel \(\.xlsx\) file \(.+\)\.$/,
    );
  });
});

describe('register adapter — cursor and confidentiality', () => {
  async function fullFolder() {
    const folder = await folderWith({ '2025-03-theo-doi.xlsx': await followUpWorkbook() });
    for (const f of [
      '2025-03-so-den.csv',
      '2025-03-so-di.csv',
      '2025-04-danh-ba.csv',
      '2025-04-so-den-thieu-cot.csv',
    ]) {
      await copyFile(join(FIXTURES, f), join(folder, f));
    }
    return folder;
  }

  it('resumes after a cursor without skipping or repeating a file', async () => {
    const folder = await fullFolder();
    const all = await collect(adapter(folder).pull(null));
    expect(all.map((b) => b.label)).toEqual([
      '2025-03-so-den.csv',
      '2025-03-so-di.csv',
      '2025-03-theo-doi.xlsx',
      '2025-04-danh-ba.csv',
      '2025-04-so-den-thieu-cot.csv',
    ]);
    for (let k = 0; k < all.length; k++) {
      expect(await collect(adapter(folder).pull(all[k].cursor))).toEqual(all.slice(k + 1));
    }
    const paired = await collect(adapter(folder, { filesPerBatch: 2 }).pull(null));
    expect(paired.map((b) => b.label.split(', ').at(-1))).toEqual([
      '2025-03-so-di.csv',
      '2025-04-danh-ba.csv',
      '2025-04-so-den-thieu-cot.csv',
    ]);
    expect(await collect(adapter(folder, { filesPerBatch: 2 }).pull(paired[0].cursor))).toEqual(
      paired.slice(1),
    );
  });

  it('never emits the number, subject, author or unit of a confidential row', async () => {
    const batches = await collect(adapter(await fullFolder()).pull(null));
    const everything = JSON.stringify(batches);
    for (const secret of [
      '47/UBND-NCXX',
      'Zebra',
      '15/QĐ-SNV',
      'Falcon',
      'Cục An ninh',
      '52/UBND-NCXX',
      'Orion',
    ]) {
      expect(everything).not.toContain(secret);
    }
    const confidential = documentsOf(batches).filter((d) => d.confidentiality !== 'normal');
    expect(confidential).toHaveLength(3);
    for (const d of confidential)
      expect(Object.keys(d).sort()).toEqual(['confidentiality', 'date', 'direction', 'id']);
  });
});
