/**
 * The workspace's pages as each role meets them, over HTTP against the real Postgres: what each
 * one sees (the HTML), what answers 404 for her, the exemption request from the drafter's ask to
 * the leader's approval (and the scores that change), the council's freeze and export, the
 * administrator's day override — and bad form input answered with the field named, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningApi } from '../../../src/main.js';
import { DigestService } from '../../../src/modules/digests/digest.service.js';
import { ReminderService } from '../../../src/modules/reminders/reminder.service.js';
import { Reevaluation } from '../../../src/modules/settings/reevaluation.js';
import type { TestDatabase } from '../support/test-database.js';
import { query } from '../support/test-database.js';
import type { WebTestApi } from './web-test-api.js';
import { openWebTestApi } from './web-test-api.js';

const PHASE = '2024-1';

type Who = 'admin' | 'council' | 'leader' | 'headVP' | 'headBCVT' | 'staffCV1' | 'staffCV2';

describe('web pages: what each role sees, the exemption request, the council and the administrator', () => {
  let db: TestDatabase;
  let api: RunningApi;
  const tokens = {} as Record<Who, string>;
  const statuses: number[] = [];
  let reminded: { messages: { state: string }[] };

  let web: WebTestApi<Who>;

  beforeAll(async () => {
    web = await openWebTestApi(
      'web-test',
      ['admin', 'council', 'leader', 'headVP', 'headBCVT', 'staffCV1', 'staffCV2'],
      statuses,
    );
    ({ db, api } = web);
    Object.assign(tokens, web.tokens);
    // Tuesday morning's reminders (to the file outbox) and the digests of week 18, as the jobs would.
    reminded = await api.app.get(ReminderService).run(Date.parse('2024-05-07T08:00:00+07:00'));
    await api.app.get(DigestService).prepare('2024-W18');
  });

  afterAll(async () => {
    await web?.close();
  });

  const get = (path: string, who: Who, headers?: Record<string, string>) => web.get(path, who, headers);
  const post = (path: string, who: Who, fields: Record<string, string>) => web.post(path, who, fields);

  const requestRows = () =>
    query<{ id: string; state: string }>(
      db.url,
      'SELECT id::text, state FROM exemption_requests ORDER BY id',
    );

  it('shows the drafter her open items with the why-line, the next working days, in Vietnamese; English on request', async () => {
    const page = await get('/', 'staffCV2');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.html).toContain('<html lang="vi">');
    expect(page.html).toContain('Việc của tôi');
    expect(page.html).toContain('Nhiệm vụ e2');
    expect(page.html).toContain('trễ 2 ngày làm việc');
    expect(page.html).toContain('3 ngày làm việc sau ngày nhận nhiệm vụ 02/05');
    expect(page.html).toContain('5 ngày làm việc tới');
    // Someone else's work is not on her page.
    expect(page.html).not.toContain('Nhiệm vụ e3');
    expect(page.html).not.toContain('Nhiệm vụ e4');

    const en = await get('/?lang=en', 'staffCV2');
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('My work');
    expect(en.html).toContain('2 working days late');
    const accept = await get('/', 'staffCV2', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(accept.html).toContain('My work');
  });

  it('lists the reminders she was sent, each linking to its page', async () => {
    expect(reminded.messages.filter((m) => m.state === 'sent').length).toBeGreaterThan(0);
    const page = await get('/', 'staffCV2');
    const section = page.html.slice(page.html.indexOf('id="reminders"'));
    expect(section).not.toContain('Chưa có nhắc việc nào.');
    expect(section).toContain('href="/nghia-vu/plan%3Ae2"');
    expect(section).toContain('Nhiệm vụ e2');
  });

  it('shows a unit head her digests as they were mailed, and no other unit’s', async () => {
    const page = await get('/', 'headBCVT');
    const link = /href="\/ban-tin\/(\d+)"/.exec(page.html);
    expect(link).not.toBeNull();
    const digest = await get(`/ban-tin/${link![1]}`, 'headBCVT');
    expect(digest.status).toBe(200);
    expect(digest.html).toContain('Phòng Bưu chính - Viễn thông');
    expect(digest.html).toContain(`/ban-tin/${link![1]}/bieu-do.png`);
    const chart = await fetch(`${api.url}/ban-tin/${link![1]}/bieu-do.png`, {
      headers: { authorization: `Bearer ${tokens.headBCVT}` },
    });
    expect(chart.headers.get('content-type')).toBe('image/png');
    expect((await get(`/ban-tin/${link![1]}`, 'headVP')).status).toBe(404);
    expect((await get(`/ban-tin/${link![1]}`, 'staffCV2')).status).toBe(404);
  });

  it('answers 404 to a drafter for anything not hers, and to a unit head for another unit', async () => {
    expect((await get('/nghia-vu/plan:e2', 'staffCV2')).status).toBe(200);
    for (const path of [
      '/nghia-vu/plan:e2',
      '/don-vi/BCVT',
      '/cac-don-vi',
      '/hoi-dong',
      '/quan-tri',
      '/yeu-cau-mien-tru',
      '/ban-tin/1',
    ])
      expect([path, (await get(path, 'staffCV1')).status]).toEqual([path, 404]);
    for (const path of [
      '/don-vi/BCVT',
      '/don-vi/BCVT/bang-chung?pham_vi=overdue',
      '/don-vi/BCVT/xlsx',
      '/nghia-vu/plan:e2',
      '/hoi-dong',
      '/quan-tri',
    ])
      expect([path, (await get(path, 'headVP')).status]).toEqual([path, 404]);
    const missing = await get('/nghia-vu/khong-co', 'leader');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('Không tìm thấy');
  });

  it('shows a unit head her unit live: the rules, the overdue list, the people; each number opens its evidence', async () => {
    const page = await get('/', 'headBCVT');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Đơn vị: Phòng Bưu chính - Viễn thông');
    expect(page.html).toContain('Trịnh Văn Dũng');
    expect(page.html).toContain('Việc quá hạn');
    expect(page.html).toContain('/don-vi/BCVT/bang-chung?pham_vi=overdue');
    expect(page.html).not.toContain('Ngô Minh Châu');
    const overdue = /aria-label="Quá hạn: (\d+)"/.exec(page.html);
    expect(overdue).not.toBeNull();
    const evidence = await get('/don-vi/BCVT/bang-chung?pham_vi=overdue', 'headBCVT');
    expect(evidence.status).toBe(200);
    // The number and its evidence agree.
    expect(evidence.html).toContain(`${overdue![1]} nghĩa vụ`);
    expect(evidence.html).toContain('Nhiệm vụ e2');
    expect(evidence.html).toContain('/nghia-vu/plan%3Ae2');
    const one = await get('/nghia-vu/plan%3Ae2', 'headBCVT');
    expect(one.status).toBe(200);
    expect(one.html).toContain('Quá hạn');
    expect(one.html).toContain('Lịch sử thay đổi');
    const xlsx = await fetch(`${api.url}/don-vi/BCVT/xlsx`, {
      headers: { authorization: `Bearer ${tokens.headBCVT}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('answers bad input on a page with a 4xx page, never a 5xx', async () => {
    const bad = await get('/don-vi/BCVT/bang-chung?pham_vi=zzz', 'leader');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('pham_vi');
    for (const path of [
      '/nghia-vu/' + 'x'.repeat(400),
      '/nghia-vu/%00',
      '/don-vi/%27%22%3C',
      '/ban-tin/abc',
      '/hoi-dong/xuat/2024-1/0',
    ])
      expect((await get(path, 'council')).status).toBeLessThan(500);
  });

  let unitScoreBefore: number;

  it('takes a drafter’s request for an exemption: a missing reason is refused naming the field and stores nothing', async () => {
    const [score] = await query<{ score: string }>(
      db.url,
      `SELECT score::text FROM scores WHERE phase_id = $1 AND level = 'unit' AND subject_id = 'BCVT'`,
      [PHASE],
    );
    unitScoreBefore = Number(score.score);
    const refused = await post('/yeu-cau-mien-tru', 'staffCV2', {
      obligationId: 'plan:e2',
      reason: '   ',
      from: 'obligation',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Trường &quot;Lý do&quot;');
    expect(await requestRows()).toEqual([]);
    // Not hers: unknown to her.
    expect(
      (await post('/yeu-cau-mien-tru', 'staffCV1', { obligationId: 'plan:e2', reason: 'x' })).status,
    ).toBe(404);
    const asked = await post('/yeu-cau-mien-tru', 'staffCV2', {
      obligationId: 'plan:e2',
      reason: 'Nhiệm vụ giao trùng kỳ nghỉ lễ',
      from: 'obligation',
    });
    expect(asked.status).toBe(303);
    expect(asked.location).toBe('/nghia-vu/plan%3Ae2?ok=asked');
    const again = await post('/yeu-cau-mien-tru', 'staffCV2', { obligationId: 'plan:e2', reason: 'lần nữa' });
    expect(again.status).toBe(409);
    expect(await requestRows()).toHaveLength(1);
    const mine = await get('/', 'staffCV2');
    expect(mine.html).toContain('Chờ trưởng đơn vị');
  });

  it('lets only her unit head forward it, and only leadership or the council approve it; the scores change', async () => {
    const [{ id }] = await requestRows();
    expect((await post(`/yeu-cau-mien-tru/${id}/chuyen`, 'headVP', {})).status).toBe(404);
    expect((await post(`/yeu-cau-mien-tru/${id}/duyet`, 'leader', { reason: 'sớm quá' })).status).toBe(409);
    expect((await requestRows())[0].state).toBe('asked');
    const queue = await get('/yeu-cau-mien-tru', 'headBCVT');
    expect(queue.html).toContain('Nhiệm vụ giao trùng kỳ nghỉ lễ');
    expect(
      (await post(`/yeu-cau-mien-tru/${id}/chuyen`, 'headBCVT', { note: 'Đề nghị xem xét' })).status,
    ).toBe(303);
    expect((await requestRows())[0].state).toBe('forwarded');

    const noReason = await post(`/yeu-cau-mien-tru/${id}/duyet`, 'leader', { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('Lý do');
    expect((await requestRows())[0].state).toBe('forwarded');
    expect(await query(db.url, 'SELECT id FROM exemptions')).toEqual([]);

    expect(
      (await post(`/yeu-cau-mien-tru/${id}/duyet`, 'leader', { reason: 'Đồng ý miễn trừ' })).status,
    ).toBe(303);
    expect((await requestRows())[0].state).toBe('approved');
    const [score] = await query<{ score: string }>(
      db.url,
      `SELECT score::text FROM scores WHERE phase_id = $1 AND level = 'unit' AND subject_id = 'BCVT'`,
      [PHASE],
    );
    expect(unitScoreBefore).toBeLessThan(100);
    expect(Number(score.score)).toBeGreaterThan(unitScoreBefore);
    const mine = await get('/', 'staffCV2');
    expect(mine.html).toContain('Đã chấp thuận');
    expect(mine.html).not.toContain('trễ 2 ngày làm việc');
    const one = await get('/nghia-vu/plan%3Ae2', 'staffCV2');
    expect(one.html).toContain('Được miễn');
    // A decided request cannot be decided again.
    expect((await post(`/yeu-cau-mien-tru/${id}/tu-choi`, 'council', { reason: 'muộn' })).status).toBe(409);
    expect((await requestRows())[0].state).toBe('approved');
  });

  it('shows leadership every unit ranked and the rule × unit heat map', async () => {
    const page = await get('/', 'leader');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Xếp hạng các đơn vị');
    expect(page.html).toContain('Văn phòng Sở');
    expect(page.html).toContain('Phòng Bưu chính - Viễn thông');
    expect(page.html).toMatch(/aria-label="Văn phòng Sở, [^"]+: [^"]+%"/);
    expect((await get('/don-vi/VP', 'leader')).status).toBe(200);
  });

  it('lets the council adjust a score with a reason; a bad number is refused naming the field and changes nothing', async () => {
    const scoreOf = async () =>
      Number(
        (
          await query<{ score: string }>(
            db.url,
            `SELECT score::text FROM scores WHERE phase_id = $1 AND level = 'unit' AND subject_id = 'VP'`,
            [PHASE],
          )
        )[0].score,
      );
    const before = await scoreOf();
    const fields = {
      phase: PHASE,
      level: 'unit',
      subject: 'VP',
      points: 'hai',
      reason: 'Khen thưởng đột xuất',
    };
    const bad = await post('/hoi-dong/dieu-chinh', 'council', fields);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Trường &quot;Số điểm&quot;');
    // What she typed is still in the form.
    expect(bad.html).toContain('Khen thưởng đột xuất');
    const noReason = await post('/hoi-dong/dieu-chinh', 'council', { ...fields, points: '2,5', reason: '' });
    expect(noReason.status).toBe(400);
    expect(await query(db.url, 'SELECT id FROM score_adjustments')).toEqual([]);
    expect((await post('/hoi-dong/dieu-chinh', 'leader', { ...fields, points: '2,5' })).status).toBe(404);
    const done = await post('/hoi-dong/dieu-chinh', 'council', { ...fields, points: '2,5' });
    expect(done.status).toBe(303);
    expect(await scoreOf()).toBeCloseTo(Math.min(100, before + 2.5), 2);
    expect((await get('/hoi-dong', 'council')).html).toContain('+2,50');
  });

  it('lets the council freeze a phase and download its export; a bad phase is refused naming the field', async () => {
    const page = await get('/', 'council');
    expect(page.html).toContain('Chốt số liệu đợt');
    const bad = await post('/hoi-dong/chot', 'council', { phase: 'khong-co' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Đợt');
    expect(await query(db.url, 'SELECT id FROM review_snapshots')).toEqual([]);
    const frozen = await post('/hoi-dong/chot', 'council', { phase: PHASE });
    expect(frozen.status).toBe(303);
    const after = await get('/hoi-dong', 'council');
    expect(after.html).toContain(`/hoi-dong/xuat/${PHASE}/1`);
    const file = await fetch(`${api.url}/hoi-dong/xuat/${PHASE}/1`, {
      headers: { authorization: `Bearer ${tokens.council}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('.xlsx');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    // A decision after the freeze, frozen again: the two versions compared.
    const adjusted = await post('/hoi-dong/dieu-chinh', 'council', {
      phase: PHASE,
      level: 'unit',
      subject: 'BCVT',
      points: '-3',
      reason: 'Trừ điểm do báo cáo chậm',
    });
    expect(adjusted.status).toBe(303);
    expect((await post('/hoi-dong/chot', 'council', { phase: PHASE })).status).toBe(303);
    const versions = await get('/hoi-dong', 'council');
    expect(versions.html.slice(versions.html.indexOf('id="versions"'))).toContain(
      `/hoi-dong/so-sanh/${PHASE}?tu=1&amp;den=2`,
    );
    const compared = await get(`/hoi-dong/so-sanh/${PHASE}?tu=1&den=2`, 'council');
    expect(compared.status).toBe(200);
    expect(compared.html).toContain('Đơn vị: Phòng Bưu chính - Viễn thông');
    expect((await get(`/hoi-dong/so-sanh/${PHASE}?tu=1&den=9`, 'council')).status).toBe(404);
    expect((await get(`/hoi-dong/so-sanh/${PHASE}?tu=x&den=2`, 'council')).status).toBe(400);
    expect((await get(`/hoi-dong/so-sanh/${PHASE}?tu=1&den=2`, 'headBCVT')).status).toBe(404);
  });

  it('lets the administrator override a day and shows the re-evaluation; a bad date changes nothing', async () => {
    const page = await get('/?nam=2024', 'admin');
    expect(page.html).toContain('Nguồn dữ liệu');
    expect(page.html).toContain('Lịch làm việc năm 2024');
    expect(page.html).toContain('Nhật ký thao tác');
    const bad = await post('/quan-tri/lich', 'admin', { date: '2024-13-45', kind: 'off', name: 'Thử' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Ngày');
    const noName = await post('/quan-tri/lich', 'admin', { date: '2024-05-07', kind: 'off', name: '' });
    expect(noName.status).toBe(400);
    expect(noName.html).toContain('Tên ngày');
    expect(await query(db.url, 'SELECT day FROM calendar_overrides')).toEqual([]);
    const done = await post('/quan-tri/lich', 'admin', {
      date: '2024-05-07',
      kind: 'off',
      name: 'Nghỉ đột xuất',
    });
    expect(done.status).toBe(303);
    await api.app.get(Reevaluation).settled();
    const after = await get('/?nam=2024', 'admin');
    expect(after.html).toContain('Nghỉ đột xuất');
    expect(after.html).toContain('calendar:2024-05-07');
  });

  it('never answered 5xx', () => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
