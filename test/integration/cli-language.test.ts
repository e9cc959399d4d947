/**
 * The commands on the stored data say what a person reads in one language and one format:
 * Vietnamese by default, English on request, Vietnam times, and an unknown unit or run is an error
 * (exit 2) that names it. `import` without --as-of evaluates at DUNGHAN_CLOCK, as every command.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/program.js';
import { EXAMPLE_BUNDLE } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import type { TestDatabase } from './support/test-database.js';
import { createTestDatabase, query } from './support/test-database.js';

describe('dunghan on the stored data, in one language and one format (real Postgres)', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const dunghan = (argv: string[], extra: NodeJS.ProcessEnv = {}) =>
    capture((io) => runCli(argv, io), { ...env, ...extra });

  beforeAll(async () => {
    db = await createTestDatabase();
    // A clock in the example's spring: at the real clock every open case would be long overdue.
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'cli-language-test',
      DUNGHAN_CLOCK: '2024-05-08T17:00:00+07:00',
    };
  });
  afterAll(() => db.drop());

  it('imports without --as-of as of DUNGHAN_CLOCK, and says when in Vietnam time', async () => {
    const imported = await dunghan(['import', '--bundle', EXAMPLE_BUNDLE]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /^Đã nhập \(lượt \d+\): thêm 25, cập nhật 0, không đổi 0, bị loại 0\. Đánh giá tại 08\/05\/2024 17:00 \+07:00: \d+ nghĩa vụ, \d+ thay đổi\.\n$/,
    );
    // GD's official mailbox is judged at the end of the phase: still pending on 8 May 2024.
    const [mailbox] = await query<{ status: string }>(
      db.url,
      "SELECT status FROM obligations WHERE id = 'official_mailbox:GD:2024-1'",
    );
    expect(mailbox.status).toBe('pending');
  });

  it('refuses an unknown unit with exit 2 and names it, in either language', async () => {
    const vi = await dunghan(['obligations', '--unit', 'NOPE']);
    expect(vi).toEqual({
      code: 2,
      stdout: '',
      stderr: '--unit NOPE: không có đơn vị này trong dữ liệu đã lưu; các đơn vị: BCVT, BGD, VP\n',
    });
    const en = await dunghan(['obligations', '--unit', 'NOPE', '--lang', 'en']);
    expect([en.code, en.stderr]).toEqual([
      2,
      '--unit NOPE: no such unit in the stored data; units: BCVT, BGD, VP\n',
    ]);
    const known = await dunghan(['obligations', '--unit', 'VP', '--format', 'table']);
    expect(known.code).toBe(0);
    expect(known.stdout).toMatch(/^ĐÚNG HẠN — kết quả đánh giá tại thời điểm 08\/05\/2024 17:00 \+07:00\n/);
  });

  it('takes --as-of 08/05/2024 on the stored data', async () => {
    const byDay = await dunghan(['obligations', '--as-of', '08/05/2024']);
    expect(byDay.code).toBe(0);
    expect((JSON.parse(byDay.stdout) as { asOf: string }).asOf).toBe('2024-05-08T23:59:59+07:00');
  });

  it('lists runs in Vietnamese with Vietnam times, and refuses an unknown run with exit 2', async () => {
    const runs = await dunghan(['runs']);
    expect(runs.code).toBe(0);
    const [header, first] = runs.stdout.split('\n');
    expect(header).toBe(
      'Lượt\tNguồn\tKích hoạt\tTrạng thái\tBắt đầu\tThời gian\tĐã đọc\tThêm\tCập nhật\tKhông đổi\tXoá\tBị loại\tCảnh báo\tLỗi',
    );
    expect(first).toMatch(
      /^\d+\timport\tcli\tthành công\t\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}(:\d{2})? \+07:00\t\d+,\d s\t/,
    );
    expect(runs.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T|Z\t|seen|inserted|succeeded/);
    const en = await dunghan(['runs', '--lang', 'en']);
    expect(en.stdout.split('\n')[1]).toMatch(/^\d+\timport\tcli\tsucceeded\t.* \+07:00\t\d+\.\d s\t/);

    const unknown = await dunghan(['runs', '--rejections', '99']);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: '--rejections 99: không có lượt đồng bộ số 99 (xem: dunghan runs)\n',
    });
    const unknownEn = await dunghan(['runs', '--rejections', 'abc'], { DUNGHAN_LANG: 'en' });
    expect([unknownEn.code, unknownEn.stderr]).toEqual([
      2,
      '--rejections abc: there is no sync run abc (see: dunghan runs)\n',
    ]);
    const [run] = await query<{ id: string }>(db.url, 'SELECT id FROM sync_runs ORDER BY id LIMIT 1');
    expect(await dunghan(['runs', '--rejections', run.id])).toEqual({
      code: 0,
      stdout: `Lượt ${run.id} không loại bản ghi nào.\n`,
      stderr: '',
    });
  });

  it('lists the sources in Vietnamese, or English with --lang en', async () => {
    const vi = await dunghan(['sources']);
    expect(vi.code).toBe(0);
    expect(vi.stdout).toBe(
      'Nguồn\tLoại\tTrạng thái\tLịch chạy\tLượt gần nhất\tCon trỏ\n' +
        'bundle-inbox\tbundle-folder\tđang bật\t30 1 * * *\t—\t—\n',
    );
    const en = await dunghan(['sources', '--lang', 'en']);
    expect(en.stdout).toBe(
      'Source\tKind\tState\tSchedule\tLast run\tCursor\nbundle-inbox\tbundle-folder\tenabled\t30 1 * * *\t—\t—\n',
    );
  });
});
