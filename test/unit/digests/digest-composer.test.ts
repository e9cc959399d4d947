import { describe, expect, it } from '@jest/globals';
import { trendChartSpec } from '../../../src/presentation/chart/trend-chart.js';
import { MAX_LISTED_ITEMS, composeDigest } from '../../../src/presentation/mail/digest-composer.js';
import type { UnitDigest } from '../../../src/domain/digests/digest-content.js';
import { leadershipDigest, unitDigest } from '../../../src/domain/digests/digest-content.js';
import { formatRate, formatScore, formatWeekdayShort } from '../../../src/presentation/formats.js';
import { renderTrendChart } from '../../../src/presentation/chart/trend-chart.renderer.js';
import { day } from '../../factories/dataset.factory.js';
import { scenario } from './digest-scenario.js';

const CID = 'trend-chart@dunghan';
const { basis } = scenario();
const vp = unitDigest(basis, 'VP');
const vi = composeDigest(vp, { lang: 'vi', chartCid: CID });
const en = composeDigest(vp, { lang: 'en', chartCid: CID });
const lead = composeDigest(leadershipDigest(basis), { lang: 'vi', chartCid: CID });

/** The HTML's visible text, to read it as the recipient would. */
const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');

describe('the digest as mailed', () => {
  const numbers: { name: string; got: string; want: string }[] = [
    { name: 'a rate, Vietnamese decimal comma', got: formatRate(2 / 3, 'vi'), want: '66,7 %' },
    { name: 'a whole rate', got: formatRate(1, 'vi'), want: '100 %' },
    { name: 'nothing judged', got: formatRate(null, 'vi'), want: '—' },
    { name: 'a rate in English', got: formatRate(2 / 3, 'en'), want: '66.7 %' },
    { name: 'a score, two decimals', got: formatScore(69.05, 'vi'), want: '69,05' },
    {
      name: 'a due date, as a Vietnamese calendar abbreviates weekdays',
      got: formatWeekdayShort(day('2024-04-19'), 'vi'),
      want: 'T6 19/04',
    },
    { name: 'Sunday', got: formatWeekdayShort(day('2024-04-21'), 'vi'), want: 'CN 21/04' },
    { name: 'a due date in English', got: formatWeekdayShort(day('2024-04-19'), 'en'), want: 'Fri 19 Apr' },
  ];
  it.each(numbers)('$name: $want', ({ got, want }) => expect(got).toBe(want));

  it('has a Vietnamese subject a head can act on from the inbox', () => {
    expect(vi.subject).toBe('[Đúng hạn] Tuần 15/2024 — Văn phòng Sở: đạt 66,7 %, 1 việc quá hạn');
    expect(lead.subject).toBe('[Đúng hạn] Tuần 15/2024 — Toàn Sở (2 đơn vị): đạt 55,6 %, 2 việc quá hạn');
  });

  const lines: string[] = [
    'Kính gửi đồng chí Vũ Thị Lan,',
    'Tuần 15/2024 (08/04 – 14/04/2024)',
    'Số liệu tính đến 07:30 thứ Hai, 15/04/2024',
    'Đợt thi đua: Đợt 1 (01/01 – 31/05/2024, sơ kết)',
    'Điểm đợt: 69,05 — Hoàn thành',
    'Xếp hạng: 1/2 đơn vị',
    '1. Kết quả theo chỉ tiêu',
    'Báo cáo kế hoạch thực hiện (3 ngày)',
    'Văn bản quản lý trên phần mềm',
    '3. Việc quá hạn (1)',
    '- T3 09/04: Nhiệm vụ t2 — Báo cáo kế hoạch thực hiện (3 ngày) — Ngô Minh Châu — trễ 4 ngày làm việc',
    '4. Đến hạn trong 5 ngày làm việc tới: 15/04 – 22/04/2024 (6)',
    'Trong khoảng này: 18/04 nghỉ – Giỗ Tổ Hùng Vương (10/3 âm lịch).',
    '- T6 19/04: Lịch công tác tuần 17/2024 — Lịch công tác tuần đúng hạn — Vũ Thị Lan',
    '5. Theo cá nhân (2)',
    'Văn bản mật và công việc liên quan không được đưa vào thư này.',
  ];
  it.each(lines)('the text says, with its diacritics: %s', (line) => expect(vi.text).toContain(line));

  const shown: string[] = [
    'Kính gửi đồng chí Vũ Thị Lan,',
    'Số liệu tính đến 07:30 thứ Hai, 15/04/2024',
    'Điểm đợt 69,05 Hoàn thành Xếp hạng 1/2 đơn vị Quá hạn 1 việc Đến hạn 5 ngày làm việc tới 6 việc',
    'Báo cáo kế hoạch thực hiện (3 ngày) 2/3 66,7 % 2/3 66,7 % 100 %',
    'Chung 4/6 66,7 % 5/7 71,4 % 100 %',
    'T3 09/04 Nhiệm vụ t2 Báo cáo kế hoạch thực hiện (3 ngày) Ngô Minh Châu 4',
    'Trong khoảng này: 18/04 nghỉ – Giỗ Tổ Hùng Vương (10/3 âm lịch).',
    'Vũ Thị Lan (trưởng đơn vị) 1/1 100 % 100,00 Hoàn thành xuất sắc 0 2',
  ];
  it.each(shown)('the HTML shows: %s', (line) => expect(visible(vi.html)).toContain(line));

  it('is Unicode NFC throughout, so a diacritic is one character everywhere', () => {
    for (const part of [vi.subject, vi.text, vi.html, lead.text]) expect(part).toBe(part.normalize('NFC'));
  });

  it('has the per-rule table with last week, phase to date and the 100 % target', () => {
    expect(vi.text).toMatch(/Báo cáo kế hoạch thực hiện \(3 ngày\)\s+2\/3 · 66,7 %\s+2\/3 · 66,7 %\s+100 %/);
    expect(vi.text).toMatch(/Chung\s+4\/6 · 66,7 %\s+5\/7 · 71,4 %\s+100 %/);
    // A rule with nothing judged in either period is left out rather than shown as dashes.
    expect(vi.text).not.toContain('Chữ ký số cơ quan và cá nhân');
  });

  it('shows the chart inline, by its Content-ID, with a text alternative', () => {
    expect(vi.html).toContain(`<img src="cid:${CID}"`);
    expect(vi.html).toMatch(/alt="Biểu đồ tỷ lệ đạt theo tuần trong 8 tuần gần nhất"/);
    expect(vi.html).toMatch(/^<!DOCTYPE html><html lang="vi">/);
  });

  it('escapes what comes from the data', () => {
    expect(vi.html).toContain('Báo cáo &lt;b&gt;sơ kết&lt;/b&gt; &amp; kiến nghị');
    expect(vi.html).not.toContain('<b>sơ kết</b>');
    expect(vi.text).toContain('Báo cáo <b>sơ kết</b> & kiến nghị');
  });

  it('escapes a quote in a name as the reminders do: one escaper for every mail', () => {
    const quoted = composeDigest(
      { ...vp, unit: { ...vp.unit, name: `Phòng "Đối ngoại" O'Neil` } },
      { lang: 'vi', chartCid: CID },
    );
    expect(quoted.html).toContain('Phòng &quot;Đối ngoại&quot; O&#39;Neil');
    expect(quoted.html).not.toContain(`O'Neil`);
  });

  it('is available in English', () => {
    expect(en.subject).toBe('[Đúng hạn] Week 15, 2024 — Văn phòng Sở: 66.7 % met, 1 overdue');
    expect(en.text).toContain('Dear Vũ Thị Lan,');
    expect(en.text).toContain(
      '- Tue 9 Apr: Nhiệm vụ t2 — Implementation plan (3 days) — Ngô Minh Châu — 4 working days late',
    );
    expect(en.text).toContain(
      "In this period: 18 Apr day off – Hùng Kings' Commemoration Day (10th day of the 3rd lunar month).",
    );
    expect(en.html).toMatch(/^<!DOCTYPE html><html lang="en">/);
  });

  it('gives leadership every unit side by side, with ranks and the per-rule matrix', () => {
    expect(lead.text).toContain('Kính gửi Lãnh đạo Sở,');
    expect(lead.text).toMatch(/1\s+Văn phòng Sở\s+4\/6 · 66,7 %\s+69,05\s+Hoàn thành\s+1\s+6/);
    expect(lead.text).toMatch(
      /2\s+Phòng Kế hoạch - Tài chính\s+0\/2 · 0 %\s+16,67\s+Không hoàn thành\s+1\s+1/,
    );
    expect(lead.text).toMatch(/—\s+Ban Giám đốc \(lãnh đạo sở, không xếp hạng\)/);
    expect(lead.text).toContain('4. Tỷ lệ đạt từ đầu đợt theo chỉ tiêu');
    expect(lead.text).toContain('Kế hoạch: Báo cáo kế hoạch thực hiện (3 ngày)');
  });

  it('cuts a long list and says how many more there are', () => {
    const many: UnitDigest = {
      ...vp,
      overdue: Array.from({ length: MAX_LISTED_ITEMS + 7 }, (_, i) => ({
        ...vp.overdue[0],
        obligationId: `plan:x${i}`,
      })),
    };
    const composed = composeDigest(many, { lang: 'vi', chartCid: CID });
    expect(composed.text).toContain(`3. Việc quá hạn (${MAX_LISTED_ITEMS + 7})`);
    expect(composed.text).toContain('… và 7 việc khác.');
    expect(composed.html).toContain('… và 7 việc khác.');
  });

  it('says so when the week is outside every campaign phase', () => {
    const outside: UnitDigest = { ...vp, period: { ...vp.period, phase: null }, standing: null };
    const composed = composeDigest(outside, { lang: 'vi', chartCid: CID });
    expect(composed.text).toContain('Tuần này không thuộc đợt thi đua nào: không có điểm, không xếp hạng.');
    expect(composed.text).not.toContain('Từ đầu đợt');
  });
});

describe('the trend chart', () => {
  const spec = trendChartSpec(vp, 'vi');

  it('is specified per week, with the 100 % target', () => {
    expect(spec.labels.at(-1)).toEqual(['Tuần 15', '08/04']);
    expect(spec.ratePercent.slice(-2)).toEqual([100, 66.7]);
    expect(spec.pointLabels.slice(-2)).toEqual(['100', '66,7']);
    expect(spec.ratePercent[0]).toBeNull();
    expect(spec.judged.slice(-2)).toEqual([1, 6]);
    expect(spec.targetPercent).toBe(100);
    expect(spec.rateLabel).toBe('Tỷ lệ đạt (%)');
  });

  it('renders to a PNG server-side, at twice its CSS size', async () => {
    const png = await renderTrendChart(spec);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height, big-endian, at bytes 16–23.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([spec.width * 2, spec.height * 2]);
    expect(png.length).toBeGreaterThan(10_000);
  });
});
