/**
 * Same-day push over HTTP against the real Postgres (issue 12): a bundle the office system pushes at
 * 09:00 is judged by 09:01, the same bytes pushed again change nothing, a refused record is named in
 * the answer, and the `integration` token that pushes can read nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import { projectRoot } from '../../../src/config/project-root.js';
import { Database } from '../../../src/infra/database/database.js';
import { TokenStore } from '../../../src/infra/store/token-store.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import { folderSource } from '../support/sync-fixture.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';

const AT_0900 = '2024-05-09T09:00:00+07:00';
const AT_0901 = '2024-05-09T09:01:00+07:00';

/** A task the office system assigned at 08:30 (Thursday 9 May 2024): its plan is due in 3 working days. */
const NEW_TASK = {
  id: 'p1',
  documentId: null,
  title: 'Báo cáo nhanh tình hình triển khai',
  assignerId: 'GD',
  unitId: 'VP',
  assigneeId: 'CV1',
  assignedAt: '2024-05-09T08:30:00+07:00',
  deadline: null,
  deadlineChanges: [],
  plan: null,
  completedAt: null,
  cancelledAt: null,
};

const PUSHED = JSON.stringify({
  format: 'dunghan.bundle.v1',
  source: { system: 'van-phong-dien-tu', exportedAt: '2024-05-09T08:59:00+07:00' },
  // The second task's time has no offset: refused, and named.
  tasks: [NEW_TASK, { ...NEW_TASK, id: 'p-bad', assignedAt: '2024-05-09T08:30:00' }],
});

interface Answer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

describe('same-day push (HTTP, real Postgres)', () => {
  let db: TestDatabase;
  let at0900: RunningApi;
  let at0901: RunningApi;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    const fixture = folderSource('van-phong');
    const axisInbox = join(fixture.root, 'axis');
    mkdirSync(axisInbox);
    writeFileSync(
      join(fixture.configDir, 'sources.json'),
      JSON.stringify({
        sources: [
          { name: 'van-phong', kind: 'bundle-folder', options: { folder: fixture.inbox } },
          {
            name: 'truc-lien-thong',
            kind: 'edxml',
            options: { folder: axisInbox, ownOrganId: '000.00.12.H99' },
          },
          {
            name: 'hop-thu-nho',
            kind: 'bundle-folder',
            options: { folder: fixture.inbox },
            limits: { maxFileBytes: 400 },
          },
          { name: 'da-tat', kind: 'bundle-folder', enabled: false, options: { folder: fixture.inbox } },
        ],
      }),
    );
    const env = (clock: string): NodeJS.ProcessEnv => ({
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      DUNGHAN_WORKER_NAME: 'push-test',
      DUNGHAN_CLOCK: clock,
      HOST: '127.0.0.1',
      PORT: '0',
    });
    // The agency as last night's sync left it: units, people, earlier tasks.
    const imported = await capture(
      (io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: '2024-05-08T17:00:00+07:00' }, io),
      env(AT_0900),
    );
    expect(imported.code).toBe(0);
    at0900 = await bootstrapApi({ env: env(AT_0900), logger: false });
    at0901 = await bootstrapApi({ env: env(AT_0901), logger: false });
    tokens.office = (
      await createToken(at0900.app, { role: 'integration', label: 'Văn phòng điện tử' })
    ).token;
    tokens.axis = (
      await createToken(at0900.app, { role: 'integration', source: 'truc-lien-thong', label: 'Cổng trục' })
    ).token;
    tokens.admin = (await createToken(at0900.app, { role: 'admin', label: 'Quản trị' })).token;
  });

  afterAll(async () => {
    await at0900?.close();
    await at0901?.close();
    await db?.drop();
  });

  async function call(
    api: RunningApi,
    method: string,
    path: string,
    token: string | null,
    body?: string,
    contentType = 'application/json',
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await fetch(api.url + path, { method, headers, body });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = { text };
    }
    return { status: res.status, json, headers: res.headers };
  }

  const push = (token: string, body: string, source = 'van-phong', contentType = 'application/json') =>
    call(at0900, 'POST', `/api/sources/${source}/push`, token, body, contentType);

  /** What a push could change: the records, the judgements, the runs and their rejections. */
  const counts = () =>
    query<Record<string, number>>(
      db.url,
      `SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM documents)::int AS documents,
              (SELECT count(*) FROM obligations)::int AS obligations,
              (SELECT count(*) FROM obligation_history)::int AS history,
              (SELECT count(*) FROM evaluations)::int AS evaluations,
              (SELECT count(*) FROM sync_runs)::int AS runs,
              (SELECT count(*) FROM sync_rejections)::int AS rejections`,
    );

  let firstRunId: string;

  it('judges a task pushed at 09:00 by 09:01, and names the record it refused', async () => {
    const before = await call(at0901, 'GET', '/api/obligations?person=CV1&rule=plan', tokens.admin);
    expect((before.json.items as { subjectId: string }[]).map((o) => o.subjectId)).not.toContain('p1');

    const answer = await push(tokens.office, PUSHED);
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      outcome: 'received',
      source: 'van-phong',
      run: { trigger: 'push', status: 'succeeded', inserted: 1, rejected: 1 },
    });
    expect(answer.json.message).toMatch(/^Đã nhận và xử lý \(lượt \d+\): thêm 1, .*bị loại 1 \/ Received/);
    expect(answer.json.rejections).toEqual([
      expect.objectContaining({
        kind: 'task',
        recordId: 'p-bad',
        field: 'assignedAt',
        severity: 'error',
        messageVi: expect.stringMatching(/công việc \(task\) p-bad, trường assignedAt: .*thiếu múi giờ/),
        messageEn: expect.stringMatching(/task p-bad, field assignedAt: .*no UTC offset/),
      }),
    ]);
    firstRunId = (answer.json.run as { id: string }).id;

    // At 09:01, the administrator's list shows the task judged: its plan due in 3 working days.
    const seen = await call(at0901, 'GET', '/api/obligations?person=CV1&rule=plan', tokens.admin);
    expect(seen.status).toBe(200);
    const plan = (seen.json.items as Record<string, unknown>[]).find((o) => o.subjectId === 'p1');
    expect(plan).toMatchObject({
      id: 'plan:p1',
      unitId: 'VP',
      personId: 'CV1',
      dueDate: '2024-05-14',
      status: 'pending',
      evaluatedAsOf: '2024-05-09T09:00:00+07:00',
    });
  });

  it('answers the same bytes again "already received" and changes nothing', async () => {
    const before = await counts();
    const again = await push(tokens.office, PUSHED);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ outcome: 'already_received', run: { id: firstRunId } });
    expect(again.json.message).toMatch(
      /^Đã nhận trước đó \(lượt \d+, .*\); không có gì thay đổi \/ Already received/,
    );
    expect(again.json.rejections).toHaveLength(1);
    expect(await counts()).toEqual(before);

    // The run list still holds the one push, as the administrator sees it.
    const runs = await call(at0901, 'GET', '/api/runs?source=van-phong', tokens.admin);
    const pushes = (runs.json.items as { trigger: string; runKey: string }[]).filter(
      (r) => r.trigger === 'push',
    );
    expect(pushes).toHaveLength(1);
    expect(pushes[0].runKey).toBe(`push:${String(again.json.sha256)}`);

    // Other bytes are another push, even with the same records: read, nothing new stored.
    const reformatted = await push(tokens.office, PUSHED + '\n');
    expect(reformatted.status).toBe(201);
    expect(reformatted.json.run).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('answers two identical pushes at once with one read and one "already received"', async () => {
    const body = JSON.stringify({
      format: 'dunghan.bundle.v1',
      source: { system: 'van-phong-dien-tu', exportedAt: '2024-05-09T08:59:30+07:00' },
      tasks: [{ ...NEW_TASK, id: 'p2', title: 'Rà soát hồ sơ' }],
    });
    const answers = await Promise.all([push(tokens.office, body), push(tokens.office, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(new Set(answers.map((a) => (a.json.run as { id: string }).id)).size).toBe(1);
    const tasks = await query<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM tasks WHERE id = 'p2'");
    expect(tasks[0].n).toBe(1);
  });

  it('reads again a push whose run died mid-way (its worker gone), under the same run', async () => {
    const body = JSON.stringify({
      format: 'dunghan.bundle.v1',
      source: { system: 'van-phong-dien-tu', exportedAt: '2024-05-09T08:59:40+07:00' },
      tasks: [{ ...NEW_TASK, id: 'p3', title: 'Tổng hợp ý kiến' }],
    });
    const sha = createHash('sha256').update(body).digest('hex');
    const [dead] = await query<{ id: string }>(
      db.url,
      `INSERT INTO sync_runs (source, run_key, trigger, status, worker, started_at, heartbeat_at)
       VALUES ('van-phong', $1, 'push', 'running', 'a-killed-api', now(), now()) RETURNING id`,
      [`push:${sha}`],
    );
    const answer = await push(tokens.office, body);
    expect(answer.status).toBe(201);
    expect(answer.json.run).toMatchObject({ id: dead.id, status: 'succeeded', inserted: 1 });
  });

  it('keeps a body that is not a bundle as a run with one rejection naming the push and why', async () => {
    const answer = await push(tokens.office, '{"format": "something.else"}');
    expect(answer.status).toBe(201);
    expect(answer.json.run).toMatchObject({ trigger: 'push', status: 'succeeded', inserted: 0, rejected: 1 });
    const [rejection] = answer.json.rejections as {
      location: string;
      messageVi: string;
      messageEn: string;
    }[];
    expect(rejection.location).toBe(`push-${String(answer.json.sha256).slice(0, 16)}.json`);
    expect(rejection.messageVi).toMatch(/format.*tệp bị từ chối/);
    expect(rejection.messageEn).toMatch(/format.*file rejected/);
  });

  it('reads an edXML message pushed by the axis gateway with the edXML source’s adapter', async () => {
    const xml = readFileSync(
      join(projectRoot(), 'test', 'fixtures', 'edxml', '20250310-0805-incoming-new.edxml'),
    );
    const answer = await push(tokens.axis, xml.toString('utf8'), 'truc-lien-thong', 'application/xml');
    expect(answer.status).toBe(201);
    expect(answer.json.run).toMatchObject({
      source: 'truc-lien-thong',
      trigger: 'push',
      status: 'succeeded',
    });
    expect((answer.json.run as { inserted: number }).inserted).toBeGreaterThanOrEqual(1);
    const stored = await query<{ n: number }>(
      db.url,
      "SELECT count(*)::int AS n FROM documents WHERE number = '215/UBND-KGVX'",
    );
    expect(stored[0].n).toBe(1);
  });

  it('refuses a push it cannot take, naming why, before storing anything', async () => {
    const before = await counts();
    const cases: [Promise<Answer>, number, RegExp][] = [
      [push(tokens.office, '<xml/>', 'van-phong', 'application/xml'), 415, /nhận application\/json/],
      [push(tokens.office, PUSHED, 'truc-lien-thong'), 415, /nhận application\/xml/],
      [push(tokens.office, PUSHED, 'hop-thu-nho'), 413, /vượt giới hạn 400 byte/],
      [push(tokens.office, PUSHED, 'da-tat'), 409, /đang tắt/],
      [push(tokens.office, PUSHED, 'khong-co'), 404, /Không có nguồn "khong-co"/],
      [push(tokens.office, '', 'van-phong'), 400, /nội dung trống/],
      // The axis gateway's token is bound to its own source.
      [push(tokens.axis, PUSHED, 'van-phong'), 403, /chỉ dùng cho nguồn "truc-lien-thong"/],
      // …and learns nothing of the others, not even whether they exist.
      [push(tokens.axis, PUSHED, 'khong-co'), 403, /chỉ dùng cho nguồn "truc-lien-thong"/],
      [push('dh_' + 'A'.repeat(43), PUSHED), 401, /không hợp lệ/],
    ];
    for (const [answer, status, message] of cases) {
      const got = await answer;
      expect([got.status, String(got.json.message)]).toEqual([status, expect.stringMatching(message)]);
    }
    expect(await counts()).toEqual(before);
  });

  it('lets the integration role push and sync, and read nothing', async () => {
    const reads = [
      '/api/sources',
      '/api/runs',
      `/api/runs/${firstRunId}/rejections`,
      '/api/obligations',
      '/api/obligations/plan:p1',
      '/api/scores?phase=2024-1',
      '/api/reminders',
      '/api/calendar?year=2024',
      '/api/campaigns',
      '/api/audit',
    ];
    for (const path of reads) {
      const got = await call(at0900, 'GET', path, tokens.office);
      expect([path, got.status]).toEqual([path, 403]);
      expect(String(got.json.message)).toMatch(/Vai trò integration không được phép/);
    }
    const sync = await call(at0900, 'POST', '/api/sources/van-phong/sync', tokens.office);
    expect(sync.status).toBe(202);
    const notItsSource = await call(at0900, 'POST', '/api/sources/van-phong/sync', tokens.axis);
    expect(notItsSource.status).toBe(403);
    const itsSource = await call(at0900, 'POST', '/api/sources/truc-lien-thong/sync', tokens.axis);
    expect(itsSource.status).toBe(202);
  });

  it('refuses an expired token with 401, saying in Vietnamese first that it expired', async () => {
    const day = 86_400_000;
    const { token } = await new TokenStore(at0900.app.get(Database).dataSource).create({
      role: 'integration',
      personId: null,
      unitId: null,
      label: 'hết hạn',
      at: new Date(Date.now() - 100 * day),
      expiresAt: new Date(Date.now() - day),
    });
    const got = await push(token, PUSHED);
    expect(got.status).toBe(401);
    expect(String(got.json.message)).toMatch(
      /^Mã truy cập đã hết hạn lúc \d{2}\/\d{2}\/\d{4} .*; xin quản trị viên cấp mã mới \/ The access token expired/,
    );
    expect(got.headers.get('www-authenticate')).toContain('invalid_token');
  });
});
