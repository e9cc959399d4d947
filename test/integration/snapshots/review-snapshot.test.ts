import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServices } from '../support/services.js';
import { openServices } from '../support/services.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { runSnapshot } from '../../../src/cli/snapshot.command.js';
import { SnapshotIntegrityError, SnapshotService } from '../../../src/modules/snapshots/snapshot.service.js';
import { EXAMPLE_BUNDLE, exampleBundle, writeBundle } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import { defaultConfigDir } from '../../../src/config/project-root.js';
import { createTestDatabase, query, type TestDatabase } from '../support/test-database.js';

const ASOF = '2024-05-31T17:00:00+07:00';

describe('review snapshots (real Postgres)', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let ctx: TestServices;
  let service: SnapshotService;
  const out = mkdtempSync(join(tmpdir(), 'dunghan-snapshot-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DUNGHAN_WORKER_NAME: 'test' };
    expect((await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: ASOF }, io), env)).code).toBe(
      0,
    );
    ctx = await openServices(env);
    service = ctx.nest.get(SnapshotService);
  });
  afterAll(async () => {
    await ctx.close();
    await db.drop();
  });

  it('freezes 2024-1 as version 1 with a checksum and the evidence behind each number', async () => {
    const r = await service.freeze('2024-1', { by: 'thư ký hội đồng' });
    expect(r).toEqual(expect.objectContaining({ version: 1, created: true }));
    expect(r.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The phase ended long before the test runs: frozen as of its last second.
    expect(new Date(r.asOf).toISOString()).toBe('2024-05-31T16:59:59.000Z');
    const v1 = await service.get('2024-1', 1);
    expect(v1.checksum).toBe(r.checksum);
    expect(v1.frozenBy).toBe('thư ký hội đồng');
    expect(v1.content.units.length).toBeGreaterThan(0);
    for (const u of v1.content.units) {
      for (const [rule, tally] of Object.entries(u.rules)) {
        expect(u.evidence[rule as keyof typeof u.evidence]).toHaveLength(tally.judged);
      }
    }
    expect(v1.content.units.map((u) => u.rank)).toEqual(
      [...v1.content.units].map((u) => u.rank).sort((a, b) => a - b),
    );
  });

  it('makes no new version when nothing changed', async () => {
    const r = await service.freeze('2024-1', { by: 'thư ký hội đồng' });
    expect(r).toEqual(expect.objectContaining({ version: 1, created: false }));
    expect((await service.list('2024-1')).map((v) => v.version)).toEqual([1]);
  });

  it('makes version 2 after the data changed, and the diff names what changed', async () => {
    const bundle = exampleBundle();
    // Task e2 (Phòng Bưu chính - Viễn thông) gets its plan reported the next day.
    bundle.tasks.find((t) => t.id === 'e2')!.plan = {
      reportedAt: '2024-05-03T09:00:00+07:00',
      targetDate: '2024-05-20',
    };
    const file = writeBundle(bundle, 'e2-planned.json');
    expect((await capture((io) => runImport({ bundle: [file], asOf: ASOF }, io), env)).code).toBe(0);

    const r = await service.freeze('2024-1', { by: 'thư ký hội đồng' });
    expect(r).toEqual(expect.objectContaining({ version: 2, created: true }));
    const [v1, v2] = [await service.get('2024-1', 1), await service.get('2024-1', 2)];
    expect(v2.checksum).not.toBe(v1.checksum);

    const d = await service.diff('2024-1', 1, 2);
    const bcvt = d.changes.find((c) => c.level === 'unit' && c.id === 'BCVT')!;
    expect(bcvt).toBeDefined();
    expect(bcvt.score.after).toBeGreaterThan(bcvt.score.before!);
    const plan = bcvt.rules.find((x) => x.rule === 'plan')!;
    expect(plan.after!.met).toBe(plan.before!.met + 1);
    // Other units only move in rank, if at all: their numbers and evidence are as they were.
    for (const c of d.changes.filter((x) => x.level === 'unit' && x.id !== 'BCVT')) {
      expect(c.score.after).toBe(c.score.before);
      expect(c.rules).toEqual([]);
      expect(c.rank.after).not.toBe(c.rank.before);
    }

    const printed = await capture((io) => runSnapshot({ phase: '2024-1', diff: '1..2' }, io), env);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('So sánh đợt 2024-1: phiên bản 1 → 2');
    expect(printed.stdout).toMatch(/Đơn vị BCVT \(Phòng Bưu chính - Viễn thông\): điểm/);
    // Scores with a decimal comma; the same diff in English on request.
    expect(printed.stdout).not.toMatch(/\d\.\d/);
    const english = await capture(
      (io) => runSnapshot({ phase: '2024-1', diff: '1..2', lang: 'en' }, io),
      env,
    );
    expect(english.stdout).toContain('Phase 2024-1 compared: version 1 → 2');
    expect(english.stdout).toMatch(
      /Unit BCVT \(Phòng Bưu chính - Viễn thông\): score [\d.—]+ → [\d.]+, rank/,
    );
    expect(english.stdout).toContain('  Implementation plan (3 days): ');
    const listed = await capture((io) => runSnapshot({ phase: '2024-1', list: true }, io), env);
    expect(listed.stdout).toMatch(
      /^2024-1 v1\tchốt \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}(:\d{2})? \+07:00 bởi .*\tsố liệu đến \d{2}\/\d{2}\/\d{4} [\d:]+ \+07:00\t/,
    );
  });

  it('is refused by the database when a frozen row is updated or deleted', async () => {
    await expect(
      query(db.url, `UPDATE review_snapshots SET checksum = 'x' WHERE version = 1`),
    ).rejects.toThrow(/frozen snapshot cannot be changed \(UPDATE\)/);
    await expect(
      query(db.url, `UPDATE review_snapshots SET content = jsonb_set(content, '{units,0,score}', '100')`),
    ).rejects.toThrow(/cannot be changed/);
    await expect(query(db.url, 'DELETE FROM review_snapshots')).rejects.toThrow(/\(DELETE\)/);
    await expect(query(db.url, 'TRUNCATE review_snapshots')).rejects.toThrow(/\(TRUNCATE\)/);
    const rows = await query<{ version: number }>(
      db.url,
      'SELECT version FROM review_snapshots ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
  });

  it('refuses to serve a version whose content no longer matches its checksum', async () => {
    // Only a superuser disabling the trigger could get here; the checksum still catches it.
    await query(
      db.url,
      `BEGIN;
       ALTER TABLE review_snapshots DISABLE TRIGGER review_snapshots_no_update_delete;
       UPDATE review_snapshots SET content = jsonb_set(content, '{units,0,score}', '1') WHERE version = 1;
       ALTER TABLE review_snapshots ENABLE TRIGGER review_snapshots_no_update_delete;
       COMMIT;`,
    );
    await expect(service.get('2024-1', 1)).rejects.toBeInstanceOf(SnapshotIntegrityError);
    const cli = await capture(
      (io) => runSnapshot({ phase: '2024-1', export: 'json', version: '1' }, io),
      env,
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('không khớp mã kiểm tra');
  });

  it('exports version 2 as a print-ready XLSX that reads back with the four sheets and the right numbers', async () => {
    const file = join(out, 'ket-qua.xlsx');
    const r = await capture(
      (io) => runSnapshot({ phase: '2024-1', export: 'xlsx', version: '2', out: file }, io),
      env,
    );
    expect(r.code).toBe(0);
    const snapshot = await service.get('2024-1', 2);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Đơn vị',
      'Cá nhân',
      'Căn cứ',
      'Miễn trừ, điều chỉnh',
    ]);

    const units = book.getWorksheet('Đơn vị')!;
    expect(units.getCell('A1').value).toBe('Kết quả thi đua — Sơ kết 2024-1');
    expect(String(units.getCell('A3').value)).toContain('phiên bản 2');
    expect(String(units.getCell('A3').value)).toContain(snapshot.checksum);
    expect((units.getRow(4).values as unknown[]).slice(1, 6)).toEqual([
      'Hạng',
      'Mã',
      'Tên đơn vị',
      'Điểm',
      'Xếp loại',
    ]);
    expect(units.getRow(4).values).toEqual(expect.arrayContaining(['Tỷ lệ cán bộ xuất sắc', 'Chỉ tiêu']));
    expect(units.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 4 }));
    expect(units.pageSetup).toEqual(
      expect.objectContaining({
        orientation: 'landscape',
        paperSize: 9,
        fitToWidth: 1,
        printTitlesRow: '4:4',
      }),
    );
    expect(units.headerFooter.oddFooter).toContain('Trang &P / &N');
    const grades = {
      excellent: 'Hoàn thành xuất sắc',
      good: 'Hoàn thành tốt',
      pass: 'Hoàn thành',
      fail: 'Không hoàn thành',
    };
    snapshot.content.units.forEach((u, i) => {
      const row = units.getRow(5 + i);
      expect([1, 2, 3, 4, 5].map((c) => row.getCell(c).value)).toEqual([
        u.rank,
        u.id,
        u.name,
        u.score,
        grades[u.grade],
      ]);
      expect(row.getCell(4).numFmt).toBe('0.00');
    });
    const bcvt = snapshot.content.units.findIndex((u) => u.id === 'BCVT');
    const planTally = snapshot.content.units[bcvt].rules.plan!;
    const plan = units.getRow(5 + bcvt).getCell(6);
    expect(plan.value).toBe(planTally.rate);
    expect(plan.numFmt).toBe(`0.0%" (${planTally.met}/${planTally.judged})"`);

    const people = book.getWorksheet('Cá nhân')!;
    expect((people.getRow(4).values as unknown[]).slice(1, 7)).toEqual([
      'Hạng',
      'Mã',
      'Họ và tên',
      'Đơn vị',
      'Điểm',
      'Xếp loại',
    ]);
    snapshot.content.people.forEach((p, i) => {
      const row = people.getRow(5 + i);
      expect([1, 2, 3, 5, 6].map((c) => row.getCell(c).value)).toEqual([
        p.rank,
        p.id,
        p.name,
        p.score,
        grades[p.grade],
      ]);
    });
    // Right under the last person: a blank row, then the notes.
    expect(people.getRow(5 + snapshot.content.people.length).getCell(2).value).toBeNull();

    const evidence = book.getWorksheet('Căn cứ')!;
    expect((evidence.getRow(4).values as unknown[]).slice(1)).toEqual([
      'Đợt',
      'Cấp',
      'Mã',
      'Tên',
      'Tiêu chí',
      'Mã nghĩa vụ',
    ]);
    // Every obligation id behind every unit's and person's numbers, and nothing else.
    const listed: string[] = [];
    for (let n = 5; evidence.getRow(n).getCell(6).value !== null; n++) {
      const row = evidence.getRow(n);
      listed.push(`${String(row.getCell(3).value)} ${String(row.getCell(6).value)}`);
    }
    const expected = [...snapshot.content.units, ...snapshot.content.people].flatMap((row) =>
      Object.values(row.evidence).flatMap((ids) => ids.map((id) => `${row.id} ${id}`)),
    );
    expect(listed.sort()).toEqual(expected.sort());
    // The task whose plan version 2 counted (see above) is among BCVT's evidence.
    expect(listed).toContain('BCVT plan:e2');

    // The council decided nothing for 2024-1: the decisions sheet says so.
    expect(snapshot.content.exemptions ?? []).toEqual([]);
    expect(snapshot.content.adjustments ?? []).toEqual([]);
    expect(book.getWorksheet('Miễn trừ, điều chỉnh')!.getCell('A4').value).toBe(
      'Không có miễn trừ hoặc điều chỉnh điểm trong đợt này.',
    );
  });

  it('exports CSV with the UTF-8 BOM, one file per sheet, and JSON of the same', async () => {
    const base = join(out, 'ket-qua');
    const r = await capture(
      (io) => runSnapshot({ phase: '2024-1', export: 'csv', out: `${base}.csv` }, io),
      env,
    );
    expect(r.code).toBe(0);
    const csv = readFileSync(`${base}.don-vi.csv`);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[1].startsWith('Hạng,Mã,Tên đơn vị,Điểm,Xếp loại,')).toBe(true);
    expect(readFileSync(`${base}.can-cu.csv`, 'utf8').split('\r\n')[1]).toBe(
      'Đợt,Cấp,Mã,Tên,Tiêu chí,Mã nghĩa vụ',
    );
    expect(readFileSync(`${base}.mien-tru-dieu-chinh.csv`, 'utf8').split('\r\n')[1]).toBe(
      'Không có miễn trừ hoặc điều chỉnh điểm trong đợt này.',
    );

    const json = await capture((io) => runSnapshot({ phase: '2024-1', export: 'json' }, io), env);
    const parsed = JSON.parse(json.stdout) as { version: number; checksum: string; content: unknown };
    const latest = await service.get('2024-1');
    expect(parsed.version).toBe(2);
    expect(parsed.checksum).toBe(latest.checksum);
    expect(parsed.content).toEqual(latest.content);
  });

  it('carries the configured administrative frame, and exports the same bytes twice', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'dunghan-frame-config-'));
    cpSync(defaultConfigDir(), configDir, { recursive: true });
    const settings = JSON.parse(readFileSync(join(configDir, 'dunghan.json'), 'utf8')) as object;
    writeFileSync(
      join(configDir, 'dunghan.json'),
      JSON.stringify({
        ...settings,
        exportFrame: {
          superior: 'UBND TỈNH HÀ NAM',
          agency: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
          place: 'Hà Nam',
          signers: [
            { authority: 'TM. HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG', title: 'CHỦ TỊCH', name: 'Nguyễn Văn An' },
          ],
        },
      }),
    );
    const framed = { ...env, DUNGHAN_CONFIG_DIR: configDir };
    const files = [join(out, 'khung-1.xlsx'), join(out, 'khung-2.xlsx')];
    for (const file of files) {
      const r = await capture(
        (io) => runSnapshot({ phase: '2024-1', export: 'xlsx', version: '2', out: file }, io),
        framed,
      );
      expect(r.code).toBe(0);
    }
    expect(readFileSync(files[0]).equals(readFileSync(files[1]))).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(files[0]) as unknown as ArrayBuffer);
    const units = book.getWorksheet('Đơn vị')!;
    expect(units.getCell('A1').value).toBe('UBND TỈNH HÀ NAM');
    expect(units.getCell('A2').value).toBe('SỞ THÔNG TIN VÀ TRUYỀN THÔNG');
    expect(units.getCell('A5').value).toBe('Kết quả thi đua — Sơ kết 2024-1');
    const last = units.getRow(units.rowCount);
    const names: unknown[] = [];
    last.eachCell((c) => names.push(c.value));
    expect(names).toContain('Nguyễn Văn An');
  });
});
