import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  MailDirectoryAdapter,
  type MailDirectoryAdapterOptions,
} from '../../../src/infra/adapters/mail-directory/mail-directory.adapter.js';
import { collect, folderWith, removeFolders } from './adapter-test.helpers.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/mail-directory');
const PEOPLE = [
  { id: 'p1', email: 'a.nv@thunghiem.gov.vn' },
  { id: 'p2', email: 'b.tt@thunghiem.gov.vn' },
  { id: 'p5', email: null },
];
const OWNERS = { 'Lê Văn C': 'p3', 'Phạm Thị D': 'p4', 'Trần Thị B': 'p2', 'vanthu@thunghiem.gov.vn': 'p9' };

const adapter = (options: Partial<MailDirectoryAdapterOptions> = {}) =>
  new MailDirectoryAdapter({ folder: FIXTURES, people: PEOPLE, ownerMap: OWNERS, ...options });

afterAll(removeFolders);

describe('mail-directory adapter', () => {
  it('reads a CSV export with Vietnamese headers into mailbox observations', async () => {
    const [batch] = await collect(adapter().pull(null));
    expect(batch.label).toBe('2025-03-10-zimbra.csv');
    expect(batch.part).toEqual({
      mailboxes: [
        { personId: 'p2', address: 'b.tt@thunghiem.gov.vn', lastActiveAt: '2025-03-10T08:00:00+07:00' },
        // Zimbra's generalized time is UTC.
        { personId: 'p1', address: 'a.nv@thunghiem.gov.vn', lastActiveAt: '2025-03-09T08:30:00+07:00' },
        // Never used: observed, without activity.
        { personId: 'p3', address: 'c.lv@thunghiem.gov.vn', lastActiveAt: null },
        { personId: 'p9', address: 'vanthu@thunghiem.gov.vn', lastActiveAt: '2025-03-10T07:45:00+07:00' },
      ],
    });
  });

  it('reports an unknown owner, a bad time and a bad address with file, row and column', async () => {
    const [batch] = await collect(adapter().pull(null));
    expect(batch.issues).toEqual([
      {
        location: '2025-03-10-zimbra.csv',
        record: '6',
        field: 'Chủ sở hữu',
        reason:
          'Tệp "2025-03-10-zimbra.csv", dòng 6, cột "Chủ sở hữu": không xác định được cán bộ sở hữu hộp thư "khach@thunghiem.gov.vn" (chủ sở hữu "Người ngoài"); bỏ qua dòng này.',
        reasonEn:
          'File "2025-03-10-zimbra.csv", row 6, column "Chủ sở hữu": the person owning mailbox "khach@thunghiem.gov.vn" (owner "Người ngoài") is unknown; row skipped.',
      },
      {
        location: '2025-03-10-zimbra.csv',
        record: '7',
        field: 'Lần hoạt động cuối',
        reason:
          'Tệp "2025-03-10-zimbra.csv", dòng 7, cột "Lần hoạt động cuối": thời điểm "hôm qua" không hợp lệ (cần dd/mm/yyyy HH:mm hoặc ISO 8601); bỏ qua dòng này.',
        reasonEn:
          'File "2025-03-10-zimbra.csv", row 7, column "Lần hoạt động cuối": time "hôm qua" is not valid (expected dd/mm/yyyy HH:mm or ISO 8601); row skipped.',
      },
      {
        location: '2025-03-10-zimbra.csv',
        record: '8',
        field: 'Địa chỉ',
        reason:
          'Tệp "2025-03-10-zimbra.csv", dòng 8, cột "Địa chỉ": "khong-phai-dia-chi" không phải địa chỉ thư; bỏ qua dòng này.',
        reasonEn:
          'File "2025-03-10-zimbra.csv", row 8, column "Địa chỉ": "khong-phai-dia-chi" is not a mail address; row skipped.',
      },
    ]);
  });

  it('reads a JSON export: local times get +07:00, epoch seconds, owners matched without diacritics', async () => {
    const batches = await collect(adapter().pull(null));
    const json = batches.find((b) => b.label === '2025-03-17-export.json')!;
    expect(json.issues).toEqual([]);
    expect(json.part.mailboxes).toEqual([
      { personId: 'p2', address: 'b.tt@thunghiem.gov.vn', lastActiveAt: '2025-03-17T08:10:00+07:00' },
      { personId: 'p1', address: 'a.nv@thunghiem.gov.vn', lastActiveAt: '2025-03-15T07:53:20+07:00' },
      { personId: 'p2', address: 'b.tt.old@thunghiem.vn', lastActiveAt: null },
    ]);
  });

  it('names the file and the missing column', async () => {
    const batches = await collect(adapter().pull(null));
    const missing = batches.find((b) => b.label === '2025-03-24-thieu-cot.csv')!;
    expect(missing.part).toEqual({});
    expect(missing.issues).toEqual([
      {
        location: '2025-03-24-thieu-cot.csv',
        record: null,
        field: 'lastActive',
        reason:
          'Tệp "2025-03-24-thieu-cot.csv": thiếu cột bắt buộc "Lần hoạt động cuối"; không nhập dòng nào.',
        reasonEn:
          'File "2025-03-24-thieu-cot.csv": the required column "lastActivity" is missing; no row imported.',
      },
    ]);
  });

  it('uses configured column names and reports broken JSON', async () => {
    const folder = await folderWith({
      'a.csv':
        'Mailbox;Người dùng;Last seen\nb.tt@thunghiem.gov.vn;x;17/03/2025 16:20:05\nb.tt@thunghiem.gov.vn;x;17/03/2025 16:20:05\n',
      'b.json': '{"accounts": [',
    });
    const batches = await collect(
      adapter({
        folder,
        columns: { address: ['Mailbox'], owner: ['Người dùng'], lastActive: ['Last seen'] },
      }).pull(null),
    );
    // The same observation twice is one observation.
    expect(batches[0].part.mailboxes).toEqual([
      { personId: 'p2', address: 'b.tt@thunghiem.gov.vn', lastActiveAt: '2025-03-17T16:20:05+07:00' },
    ]);
    expect(batches[1].issues).toHaveLength(1);
    expect(batches[1].issues[0].reason).toMatch(/^Tệp "b\.json" không đọc được: JSON không hợp lệ \(.+\)\.$/);
  });

  it('refuses a file over maxFileBytes or maxRecordsPerFile, and a row with a text over maxTextLength, then reads on', async () => {
    const header = 'Địa chỉ,Chủ sở hữu,Lần hoạt động cuối\n';
    const row = (n: number) => `a.nv@thunghiem.gov.vn,Nguyễn Văn A,0${n}/03/2025 08:00\n`;
    const folder = await folderWith({
      '1-big.csv': header + row(1).repeat(100),
      '2-many.csv': header + row(1) + row(2) + row(3) + row(4),
      '3-long.csv': header + `${'x'.repeat(300)}@thunghiem.gov.vn,Nguyễn Văn A,01/03/2025 08:00\n` + row(5),
    });
    const limits = {
      maxFileBytes: 1000,
      maxRecordsPerFile: 3,
      maxTextLength: 200,
      maxDepth: 16,
      maxEntityBytes: 1,
      maxExpandedBytes: 1,
    };
    const batches = await collect(
      new MailDirectoryAdapter({ folder, people: PEOPLE, ownerMap: OWNERS }, limits).pull(null),
    );
    expect(batches.map((b) => [b.label, b.issues.map((i) => [i.field, i.reasonEn])])).toEqual([
      ['1-big.csv', [[null, expect.stringContaining("over the source's limit maxFileBytes = 1000")]]],
      [
        '2-many.csv',
        [
          [
            null,
            expect.stringContaining("more than 3 records, over the source's limit maxRecordsPerFile = 3"),
          ],
        ],
      ],
      [
        '3-long.csv',
        [
          [
            'Địa chỉ',
            'File "3-long.csv", row 2, column "Địa chỉ": 317 characters long, over the source\'s limit maxTextLength = 200; row skipped.',
          ],
        ],
      ],
    ]);
    expect(batches.map((b) => b.part.mailboxes?.length ?? 0)).toEqual([0, 0, 1]);
  });

  it('commits a large export in batches of batchSize, moving the cursor only with the last', async () => {
    const [whole] = await collect(adapter().pull(null));
    const batches = await collect(adapter({ batchSize: 3 }).pull(null));
    const first = batches.filter((b) => b.label.startsWith('2025-03-10-zimbra.csv'));
    expect(first.map((b) => [b.label, b.part.mailboxes?.length, b.issues.length, b.cursor === null])).toEqual(
      [
        ['2025-03-10-zimbra.csv [1–3 / 4]', 3, whole.issues.length, true],
        ['2025-03-10-zimbra.csv [4–4 / 4]', 1, 0, false],
      ],
    );
    expect(first.flatMap((b) => b.part.mailboxes)).toEqual(whole.part.mailboxes);
    expect(first[1].cursor).toBe(whole.cursor);
  });

  it('resumes after a cursor without skipping or repeating a file', async () => {
    const all = await collect(adapter().pull(null));
    expect(all.map((b) => b.label)).toEqual([
      '2025-03-10-zimbra.csv',
      '2025-03-17-export.json',
      '2025-03-24-thieu-cot.csv',
    ]);
    for (let k = 0; k < all.length; k++) {
      expect(await collect(adapter().pull(all[k].cursor))).toEqual(all.slice(k + 1));
    }
    const together = await collect(adapter({ filesPerBatch: 2 }).pull(null));
    expect(together.map((b) => b.label.split(', ').at(-1))).toEqual([
      '2025-03-17-export.json',
      '2025-03-24-thieu-cot.csv',
    ]);
    expect(together[0].part.mailboxes).toHaveLength(7);
  });
});
