/**
 * The administrator's workspace beyond the overview, over HTTP against the real Postgres: a day
 * override is previewed before it is applied (the preview writes nothing; applying it then changes
 * what the preview said), and every other role gets 404 for these pages and forms.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningApi } from '../../../src/main.js';
import { Reevaluation } from '../../../src/modules/settings/reevaluation.js';
import { formatScore } from '../../../src/presentation/formats.js';
import type { TestDatabase } from '../support/test-database.js';
import { query } from '../support/test-database.js';
import type { WebTestApi } from './web-test-api.js';
import { openWebTestApi } from './web-test-api.js';

type Who = 'admin' | 'council' | 'leader' | 'headVP' | 'staffCV1';

describe('web admin: preview before apply, people’s access, only for the administrator', () => {
  let db: TestDatabase;
  let api: RunningApi;
  const tokens = {} as Record<Who, string>;
  const statuses: number[] = [];

  let web: WebTestApi<Who>;

  beforeAll(async () => {
    web = await openWebTestApi(
      'web-admin-test',
      ['admin', 'council', 'leader', 'headVP', 'staffCV1'],
      statuses,
    );
    ({ db, api } = web);
    Object.assign(tokens, web.tokens);
  });

  afterAll(async () => {
    await web?.close();
  });

  const get = (path: string, who: Who, headers?: Record<string, string>) => web.get(path, who, headers);
  const post = (path: string, who: Who, fields: Record<string, string>) => web.post(path, who, fields);

  /** Everything a preview could touch, to prove it touched nothing. */
  const state = async () => ({
    obligations: await query<{ id: string }>(
      db.url,
      'SELECT id, due_date::text, status, working_days_late FROM obligations ORDER BY id',
    ),
    scores: await query(
      db.url,
      'SELECT phase_id, level, subject_id, score::text, rank FROM scores ORDER BY 1, 2, 3',
    ),
    overrides: await query(db.url, 'SELECT day::text FROM calendar_overrides'),
    evaluations: await query(db.url, 'SELECT count(*)::int AS n FROM evaluations'),
    audit: await query(db.url, 'SELECT count(*)::int AS n FROM audit_log'),
    settings: await query(db.url, 'SELECT id, definition FROM campaign_overrides ORDER BY 1'),
    grants: await query(db.url, 'SELECT person_id, role FROM access_grants ORDER BY 1, 2'),
    tokens: await query(db.url, 'SELECT id, revoked_at::text FROM api_tokens ORDER BY 1'),
  });

  const WEIGHTS = {
    plan: '10',
    staff_submission: '15',
    unit_submission: '15',
    review_rounds: '15',
    document_channel: '15',
    digital_signature: '10',
    official_mailbox: '10',
    weekly_schedule: '10',
  };
  const form = (w: Record<string, string>) =>
    Object.fromEntries(Object.entries(w).map(([rule, v]) => [`w_${rule}`, v]));

  it('previews a day override: the form says "Xem trước", the preview lists the consequences and changes nothing', async () => {
    const admin = await get('/quan-tri?nam=2024', 'admin');
    expect(admin.status).toBe(200);
    expect(admin.html).toContain('action="/quan-tri/lich/xem-truoc"');
    expect(admin.html).toContain('Xem trước');

    const before = await state();
    const preview = await post('/quan-tri/lich/xem-truoc', 'admin', {
      date: '2024-05-07',
      kind: 'off',
      name: 'Nghỉ đột xuất',
    });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('Xem trước: 2024-05-07 thành Ngày nghỉ');
    expect(preview.html).toContain('Chưa có gì thay đổi');
    expect(preview.html).toMatch(/\d+ trên \d+ nghĩa vụ đổi hạn hoặc trạng thái/);
    expect(preview.html).toContain('Điểm và thứ hạng của các đơn vị: trước → sau');
    // "Áp dụng" posts the very values previewed.
    expect(preview.html).toContain('action="/quan-tri/lich"');
    expect(preview.html).toContain('name="date" value="2024-05-07"');
    expect(preview.html).toContain('Áp dụng');
    expect(await state()).toEqual(before);
  });

  it('refuses a bad preview naming the field, with a 4xx, and changes nothing', async () => {
    const before = await state();
    const bad = await post('/quan-tri/lich/xem-truoc', 'admin', {
      date: '2024-13-45',
      kind: 'off',
      name: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Trường &quot;Ngày&quot;');
    const noName = await post('/quan-tri/lich/xem-truoc', 'admin', {
      date: '2024-05-07',
      kind: 'off',
      name: '',
    });
    expect(noName.status).toBe(400);
    expect(noName.html).toContain('Trường &quot;Tên ngày&quot;');
    const badKind = await post('/quan-tri/lich/xem-truoc', 'admin', {
      date: '2024-05-07',
      kind: 'holiday',
      name: 'Thử',
    });
    expect(badKind.status).toBe(400);
    expect(badKind.html).toContain('Trường &quot;Loại&quot;');
    expect(await state()).toEqual(before);
  });

  it('applies after the preview: exactly the obligations it said move, move', async () => {
    const before = await state();
    const preview = await post('/quan-tri/lich/xem-truoc', 'admin', {
      date: '2024-05-07',
      kind: 'off',
      name: 'Nghỉ đột xuất',
    });
    const said = /(\d+) trên (\d+) nghĩa vụ đổi hạn hoặc trạng thái/.exec(preview.html);
    expect(said).not.toBeNull();
    const moved = Number(said![1]);
    expect(moved).toBeGreaterThan(0);

    const applied = await post('/quan-tri/lich', 'admin', {
      date: '2024-05-07',
      kind: 'off',
      name: 'Nghỉ đột xuất',
    });
    expect(applied.status).toBe(303);
    expect(await api.app.get(Reevaluation).outcome()).toBeNull();
    const after = await state();
    const was = new Map(before.obligations.map((o) => [o.id, JSON.stringify(o)]));
    const changed = after.obligations.filter((o) => was.get(o.id) !== JSON.stringify(o));
    expect(changed.length).toBe(moved);
    expect(after.overrides).toEqual([{ day: '2024-05-07' }]);
  });

  it('lists the campaigns with their phases and a weights form per campaign that previews', async () => {
    const page = await get('/quan-tri/phong-trao', 'admin');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Phong trào thi đua');
    expect(page.html).toContain('(2024)');
    expect(page.html).toContain('2024-1');
    expect(page.html).toContain('action="/quan-tri/phong-trao/2024/xem-truoc"');
    expect(page.html).toContain('Trọng số: Báo cáo kế hoạch thực hiện (3 ngày)');
    expect(page.html).toContain('name="w_review_rounds" type="text" value="15"');
    // The administrator's navigation leads here.
    expect((await get('/quan-tri', 'admin')).html).toContain('href="/quan-tri/phong-trao"');
  });

  it('refuses a bad weight naming the rule, with a 4xx, and changes nothing; an unknown campaign is 404', async () => {
    const before = await state();
    const bad = await post(
      '/quan-tri/phong-trao/2024/xem-truoc',
      'admin',
      form({ ...WEIGHTS, plan: 'mười' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Trường &quot;Trọng số: Báo cáo kế hoạch thực hiện (3 ngày)&quot;');
    // What was typed is shown again.
    expect(bad.html).toContain('value="mười"');
    const badApply = await post(
      '/quan-tri/phong-trao/2024',
      'admin',
      form({ ...WEIGHTS, review_rounds: '-5' }),
    );
    expect(badApply.status).toBe(400);
    expect(badApply.html).toContain('Trọng số: Số lần góp ý dự thảo');
    const unknown = await post('/quan-tri/phong-trao/khong-co/xem-truoc', 'admin', form(WEIGHTS));
    expect(unknown.status).toBe(404);
    expect(await state()).toEqual(before);
  });

  it('previews new weights without writing anything, then applies them: the scores become what the preview said', async () => {
    const before = await state();
    const heavier = { ...WEIGHTS, plan: '25', review_rounds: '0' };
    const preview = await post('/quan-tri/phong-trao/2024/xem-truoc', 'admin', form(heavier));
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('Xem trước: trọng số phong trào');
    expect(preview.html).toContain('action="/quan-tri/phong-trao/2024"');
    expect(preview.html).toContain('name="w_plan" value="25"');
    expect(await state()).toEqual(before);
    // Each unit's score as the preview says it will be: name, phase, "before → after".
    const said = [
      ...preview.html.matchAll(
        /<tr><th scope="row">([^<]+)<\/th><td>(2024-[12])<\/td><td class="num">([^<]+)<\/td>/g,
      ),
    ].map((m) => [m[1], m[2], m[3].split(' → ')[1]]);
    expect(said.length).toBeGreaterThan(0);

    const applied = await post('/quan-tri/phong-trao/2024', 'admin', form(heavier));
    expect(applied.status).toBe(303);
    expect(applied.location).toContain('/quan-tri/phong-trao?ok=campaign');
    expect(await api.app.get(Reevaluation).outcome()).toBeNull();
    const scores = await query<{ name: string; phase_id: string; score: string }>(
      db.url,
      `SELECT u.name, s.phase_id, s.score::text FROM scores s JOIN units u ON u.id = s.subject_id
        WHERE s.level = 'unit' AND s.phase_id LIKE '2024-%'`,
    );
    const now = new Map(scores.map((s) => [`${s.name}|${s.phase_id}`, formatScore(Number(s.score), 'vi')]));
    for (const [name, phase, after] of said)
      expect([name, phase, now.get(`${name}|${phase}`)]).toEqual([name, phase, after]);
    const page = await get('/quan-tri/phong-trao?ok=campaign&v=2024', 'admin');
    expect(page.html).toContain('Đã lưu trọng số phong trào 2024');
    expect(page.html).toContain('name="w_plan" type="text" value="25"');
  });

  const audited = async (action: string) =>
    (
      await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [
        action,
      ])
    )[0].n;

  it('lists people with the role they sign in as and what was granted, and the API tokens with expiry', async () => {
    const page = await get('/quan-tri/truy-cap', 'admin');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Quyền truy cập</h1>');
    const row = (id: string) =>
      page.html.slice(
        page.html.indexOf(`(${id})</th>`),
        page.html.indexOf('</tr>', page.html.indexOf(`(${id})</th>`)),
      );
    expect(row('CV1')).toContain('Chuyên viên [staff]');
    expect(row('TP1')).toContain('Trưởng đơn vị [unit_head]');
    expect(row('GD')).toContain('Lãnh đạo sở [leader]');
    // The tokens made above, each with its role, person and expiry (90 days by default).
    expect(page.html).toContain('Mã truy cập API');
    const tokens = page.html.slice(page.html.indexOf('id="tokens"'));
    expect(tokens).toContain('<td>staff</td><td>CV1</td>');
    expect(tokens).toContain('đang dùng được');
    expect((await get('/quan-tri', 'admin')).html).toContain('href="/quan-tri/truy-cap"');
  });

  it('grants and revokes a role (audited); a bad role or person is refused naming the field and changes nothing', async () => {
    const grants = () => query(db.url, 'SELECT person_id, role, granted_by FROM access_grants ORDER BY 1, 2');
    const before = await grants();
    const auditBefore = await audited('access.grant');
    const badRole = await post('/quan-tri/truy-cap/cap-quyen', 'admin', { person: 'CV1', role: 'staff' });
    expect(badRole.status).toBe(400);
    expect(badRole.html).toContain('Trường &quot;Quyền&quot;');
    const badPerson = await post('/quan-tri/truy-cap/cap-quyen', 'admin', {
      person: 'KHONG',
      role: 'council',
    });
    expect(badPerson.status).toBe(400);
    expect(badPerson.html).toContain('Trường &quot;Người&quot;');
    expect(await grants()).toEqual(before);
    expect(await audited('access.grant')).toBe(auditBefore);

    const granted = await post('/quan-tri/truy-cap/cap-quyen', 'admin', { person: 'CV1', role: 'council' });
    expect(granted.status).toBe(303);
    expect(await grants()).toEqual([
      ...before,
      { person_id: 'CV1', role: 'council', granted_by: expect.any(String) },
    ]);
    expect(await audited('access.grant')).toBe(auditBefore + 1);
    const page = await get(granted.location!, 'admin');
    expect(page.html).toContain('Đã cấp quyền Hội đồng thi đua cho CV1');
    const row = page.html.slice(page.html.indexOf('(CV1)</th>'));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('Hội đồng thi đua [council]');

    const revoked = await post('/quan-tri/truy-cap/thu-hoi', 'admin', { person: 'CV1', role: 'council' });
    expect(revoked.status).toBe(303);
    expect(await grants()).toEqual(before);
    expect(await audited('access.revoke')).toBe(1);
  });

  it('makes a sign-in link for a person, shown once on the page (audited)', async () => {
    const made = await post('/quan-tri/truy-cap/lien-ket', 'admin', { person: 'CV2' });
    expect(made.status).toBe(200);
    expect(made.html).toContain('Liên kết đăng nhập một lần cho');
    expect(made.html).toMatch(/<code>https?:\/\/[^<]+<\/code>/);
    expect(await audited('sign-in-link.create')).toBe(1);
    // Shown once: the list page does not carry it.
    expect((await get('/quan-tri/truy-cap', 'admin')).html).not.toContain('<code>');
    const unknown = await post('/quan-tri/truy-cap/lien-ket', 'admin', { person: 'KHONG' });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('Trường &quot;Người&quot;');
    expect(await audited('sign-in-link.create')).toBe(1);
  });

  it('makes an API token shown once, that works until revoked; bad input is refused naming the field', async () => {
    const count = async () =>
      (await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM api_tokens'))[0].n;
    const before = await count();
    const badDays = await post('/quan-tri/truy-cap/ma-truy-cap', 'admin', {
      role: 'staff',
      person: 'CV2',
      source: '',
      days: 'mãi',
      label: '',
    });
    expect(badDays.status).toBe(400);
    expect(badDays.html).toContain('Trường &quot;Số ngày hiệu lực&quot;');
    const noPerson = await post('/quan-tri/truy-cap/ma-truy-cap', 'admin', {
      role: 'staff',
      person: '',
      source: '',
      days: '30',
      label: '',
    });
    expect(noPerson.status).toBe(400);
    expect(noPerson.html).toContain('Trường &quot;Người (cho vai trò staff');
    const badRole = await post('/quan-tri/truy-cap/ma-truy-cap', 'admin', {
      role: 'root',
      person: '',
      source: '',
      days: '30',
      label: '',
    });
    expect(badRole.status).toBe(400);
    expect(badRole.html).toContain('Trường &quot;Vai trò&quot;');
    expect(await count()).toBe(before);

    const made = await post('/quan-tri/truy-cap/ma-truy-cap', 'admin', {
      role: 'staff',
      person: 'CV2',
      source: '',
      days: '30',
      label: 'Điện thoại của Dũng',
    });
    expect(made.status).toBe(200);
    expect(made.html).toContain('Mã chỉ hiện một lần này');
    const secret = /<code>([^<]+)<\/code>/.exec(made.html)![1];
    const id = /Đã tạo mã (\d+)/.exec(made.html)![1];
    const stored = await query<{ days: number }>(
      db.url,
      'SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM api_tokens WHERE id = $1',
      [id],
    );
    expect(stored).toEqual([{ days: 30 }]);
    const mine = await fetch(api.url + '/', { headers: { authorization: `Bearer ${secret}` } });
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain('Việc của tôi');
    expect(await audited('token.create')).toBeGreaterThan(0);

    const revoked = await post(`/quan-tri/truy-cap/ma-truy-cap/${id}/thu-hoi`, 'admin', {});
    expect(revoked.status).toBe(303);
    expect((await get(revoked.location!, 'admin')).html).toContain(`Đã thu hồi mã ${id}.`);
    const after = await fetch(api.url + '/', { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
    expect(await audited('token.revoke')).toBe(1);
  });

  it('answers 404 to every other role for the administrator’s forms, and changes nothing', async () => {
    const before = await state();
    for (const who of ['council', 'leader', 'headVP', 'staffCV1'] as const) {
      const p = await post('/quan-tri/lich/xem-truoc', who, { date: '2024-05-06', kind: 'off', name: 'Thử' });
      expect([who, p.status]).toEqual([who, 404]);
      const w = await post('/quan-tri/phong-trao/2024/xem-truoc', who, form(WEIGHTS));
      expect([who, w.status]).toEqual([who, 404]);
      const a = await post('/quan-tri/phong-trao/2024', who, form(WEIGHTS));
      expect([who, a.status]).toEqual([who, 404]);
      expect([who, (await get('/quan-tri/phong-trao', who)).status]).toEqual([who, 404]);
      expect([who, (await get('/quan-tri/truy-cap', who)).status]).toEqual([who, 404]);
      for (const path of [
        '/quan-tri/truy-cap/cap-quyen',
        '/quan-tri/truy-cap/thu-hoi',
        '/quan-tri/truy-cap/lien-ket',
        '/quan-tri/truy-cap/ma-truy-cap',
        '/quan-tri/truy-cap/ma-truy-cap/1/thu-hoi',
      ]) {
        const r = await post(path, who, { person: 'CV1', role: 'admin', days: '30' });
        expect([who, path, r.status]).toEqual([who, path, 404]);
      }
    }
    expect(await state()).toEqual(before);
  });

  it('never answered 5xx', () => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
