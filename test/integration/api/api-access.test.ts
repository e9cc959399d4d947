/**
 * The HTTP API as the people it is given to will meet it, over HTTP against the real Postgres:
 * every role against every endpoint (allowed or refused), each caller seeing only what is hers,
 * hostile input answered 4xx with the parameter named — never 500 — and frozen snapshots that no
 * request can change.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvaluate } from '../../../src/cli/evaluate.command.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { Database } from '../../../src/infra/database/database.js';
import { TokenStore } from '../../../src/infra/store/token-store.js';
import type { AccessRole } from '../../../src/modules/access/roles.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';

const AS_OF = '2024-05-08T17:00:00+07:00';
const PHASE = '2024-1';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describe('HTTP API: access, scope and hostile input', () => {
  let db: TestDatabase;
  let api: RunningApi;
  const tokens = {} as Record<AccessRole, string>;
  const statuses: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'api-test',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-api-')),
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    tokens.admin = (await createToken(api.app, { role: 'admin', label: 'Quản trị' })).token;
    tokens.council = (await createToken(api.app, { role: 'council', label: 'Hội đồng thi đua' })).token;
    tokens.leader = (await createToken(api.app, { role: 'leader', person: 'GD' })).token;
    tokens.unit_head = (await createToken(api.app, { role: 'unit_head', person: 'TP1' })).token;
    tokens.staff = (await createToken(api.app, { role: 'staff', person: 'CV1' })).token;
    tokens.integration = (
      await createToken(api.app, { role: 'integration', label: 'Văn phòng điện tử' })
    ).token;
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function call(method: Method, path: string, role: AccessRole | null, body?: unknown, raw?: string) {
    const headers: Record<string, string> = {};
    if (role !== null) headers.authorization = `Bearer ${tokens[role]}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(api.url + path, {
      method,
      headers,
      ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    statuses.push(res.status);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json: json as Record<string, unknown> & { items?: unknown[] }, text };
  }

  /** Every person's role; `integration` (a system) reads nothing. */
  const ALL: AccessRole[] = ['admin', 'council', 'leader', 'unit_head', 'staff'];
  const ROLES_TRIED: AccessRole[] = [...ALL, 'integration'];

  /** Every endpoint, who may call it; the rest must get 403 (and no token 401). */
  const MATRIX: { method: Method; path: string; allowed: AccessRole[]; body?: unknown }[] = [
    { method: 'GET', path: '/api/sources', allowed: ['admin', 'council', 'leader'] },
    { method: 'POST', path: '/api/sources/khong-co/sync', allowed: ['admin', 'integration'] },
    { method: 'POST', path: '/api/sources/khong-co/push', allowed: ['admin', 'integration'], body: {} },
    { method: 'GET', path: '/api/runs', allowed: ['admin', 'council', 'leader'] },
    { method: 'GET', path: '/api/runs/1/rejections', allowed: ['admin', 'council', 'leader'] },
    { method: 'GET', path: '/api/obligations', allowed: ALL },
    { method: 'GET', path: '/api/obligations/khong-co', allowed: ALL },
    {
      method: 'GET',
      path: `/api/evaluation?asOf=${encodeURIComponent(AS_OF)}`,
      allowed: ['admin', 'council', 'leader', 'unit_head'],
    },
    { method: 'GET', path: '/api/reminders', allowed: ALL },
    {
      method: 'GET',
      path: '/api/digests?week=2024-W19',
      allowed: ['admin', 'council', 'leader', 'unit_head'],
    },
    { method: 'GET', path: `/api/snapshots/${PHASE}`, allowed: ['admin', 'council', 'leader'] },
    {
      method: 'GET',
      path: `/api/snapshots/${PHASE}/diff?from=1&to=1`,
      allowed: ['admin', 'council', 'leader'],
    },
    { method: 'GET', path: `/api/snapshots/${PHASE}/1`, allowed: ['admin', 'council', 'leader'] },
    {
      method: 'GET',
      path: `/api/snapshots/${PHASE}/1/export?format=json`,
      allowed: ['admin', 'council', 'leader'],
    },
    { method: 'POST', path: `/api/snapshots/${PHASE}`, allowed: ['council'], body: {} },
    { method: 'GET', path: `/api/scores?phase=${PHASE}`, allowed: ALL },
    { method: 'GET', path: '/api/exemptions', allowed: ['admin', 'council', 'leader', 'unit_head'] },
    {
      method: 'POST',
      path: '/api/exemptions',
      allowed: ['council', 'leader'],
      body: { obligationId: 'khong-co', reason: 'thử quyền' },
    },
    {
      method: 'DELETE',
      path: '/api/exemptions/999999',
      allowed: ['council', 'leader'],
      body: { reason: 'thử' },
    },
    { method: 'GET', path: '/api/adjustments', allowed: ['admin', 'council', 'leader', 'unit_head'] },
    {
      method: 'POST',
      path: '/api/adjustments',
      allowed: ['council'],
      body: { phaseId: PHASE, level: 'unit', subjectId: 'khong-co', points: 1, reason: 'thử quyền' },
    },
    { method: 'GET', path: '/api/audit', allowed: ['admin', 'council', 'leader'] },
    { method: 'GET', path: '/api/calendar?year=2024', allowed: ALL },
    {
      method: 'PUT',
      path: '/api/calendar/2024-02-30',
      allowed: ['admin'],
      body: { kind: 'off', name: 'thử' },
    },
    { method: 'DELETE', path: '/api/calendar/2030-01-02', allowed: ['admin'] },
    {
      method: 'PUT',
      path: '/api/calendar/years/2030',
      allowed: ['admin'],
      body: { year: 2030, days: 'thử' },
    },
    { method: 'GET', path: '/api/campaigns', allowed: ALL },
    { method: 'GET', path: '/api/campaigns/2024', allowed: ALL },
    { method: 'PUT', path: '/api/campaigns/2024', allowed: ['admin'], body: { name: 'thử', phases: [] } },
  ];

  it('refuses every endpoint without a token (401, with a Bearer challenge) and with a made-up one', async () => {
    for (const e of MATRIX) {
      const res = await call(e.method, e.path, null, e.body);
      expect([e.path, res.status]).toEqual([e.path, 401]);
    }
    const forged = await fetch(`${api.url}/api/obligations`, {
      headers: { authorization: 'Bearer dh_' + 'A'.repeat(43) },
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('refuses a stored token whose role is no access role (a job role written in by hand) as unknown', async () => {
    const { token } = await new TokenStore(api.app.get(Database).dataSource).create({
      role: 'clerk',
      personId: null,
      unitId: null,
      label: 'văn thư',
      at: new Date(),
    });
    const res = await fetch(`${api.url}/api/obligations`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('lets each role call exactly the endpoints it is allowed, and refuses the rest with 403', async () => {
    const outcome: string[] = [];
    const expected: string[] = [];
    for (const e of MATRIX) {
      for (const role of ROLES_TRIED) {
        const res = await call(e.method, e.path, role, e.body);
        outcome.push(`${e.method} ${e.path} ${role}: ${res.status === 403 ? 'refused' : 'allowed'}`);
        expected.push(`${e.method} ${e.path} ${role}: ${e.allowed.includes(role) ? 'allowed' : 'refused'}`);
        if (res.status === 403) expect(String(res.json?.message)).toMatch(/không được phép/);
      }
    }
    expect(outcome).toEqual(expected);
  });

  it('shows staff only their own obligations and a unit head only her unit’s', async () => {
    const mine = await call('GET', '/api/obligations?pageSize=500', 'staff');
    expect(mine.status).toBe(200);
    const items = mine.json.items as { personId: string; unitId: string; id: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((o) => o.personId))).toEqual(new Set(['CV1']));

    const unit = await call('GET', '/api/obligations?pageSize=500', 'unit_head');
    const unitItems = unit.json.items as { unitId: string }[];
    expect(unitItems.length).toBeGreaterThan(0);
    expect(new Set(unitItems.map((o) => o.unitId))).toEqual(new Set(['VP']));

    // Asking for someone else's gives nothing, not someone else's.
    const other = await call('GET', '/api/obligations?person=CV2', 'staff');
    expect(other.json.items).toEqual([]);
    const all = await call('GET', '/api/obligations?pageSize=500', 'leader');
    const foreign = (all.json.items as { id: string; personId: string }[]).find((o) => o.personId === 'CV2')!;
    expect(foreign).toBeDefined();
    expect((await call('GET', `/api/obligations/${encodeURIComponent(foreign.id)}`, 'staff')).status).toBe(
      404,
    );
    const seen = await call('GET', `/api/obligations/${encodeURIComponent(foreign.id)}`, 'leader');
    expect(seen.status).toBe(200);
    expect((seen.json.history as unknown[]).length).toBeGreaterThan(0);
  });

  it('pages through the leader’s obligations without overlap, filtered by rule, status and due range', async () => {
    const all = await call('GET', '/api/obligations?pageSize=500', 'leader');
    const total = all.json.total as number;
    const ids: string[] = [];
    for (let page = 1; ids.length < total; page++) {
      const res = await call('GET', `/api/obligations?pageSize=7&page=${page}`, 'leader');
      ids.push(...(res.json.items as { id: string }[]).map((o) => o.id));
      expect(res.json.total).toBe(total);
    }
    expect(new Set(ids).size).toBe(total);
    const late = await call(
      'GET',
      '/api/obligations?status=late&rule=unit_submission&dueFrom=2024-01-01&dueTo=2024-12-31',
      'leader',
    );
    for (const o of late.json.items as { status: string; rule: string; dueDate: string }[]) {
      expect([o.status, o.rule]).toEqual(['late', 'unit_submission']);
      expect(o.dueDate >= '2024-01-01' && o.dueDate <= '2024-12-31').toBe(true);
    }
  });

  it('answers malformed and hostile input with a 4xx naming the parameter, never a 500', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/obligations?pageSize=1000000', 400, /^pageSize:/],
      ['/api/obligations?pageSize=abc', 400, /^pageSize:/],
      ['/api/obligations?page=-1', 400, /^page:/],
      ['/api/obligations?page=1&page=2', 400, /^page:/],
      ['/api/obligations?status=DROP%20TABLE%20obligations', 400, /^status:/],
      ['/api/obligations?rule=%27%20OR%201%3D1--', 400, /^rule:/],
      ['/api/obligations?dueFrom=2024-02-30', 400, /^dueFrom:/],
      ['/api/obligations?dueTo=yesterday', 400, /^dueTo:/],
      [`/api/obligations?unit=${'x'.repeat(5000)}`, 400, /^unit:/],
      ['/api/obligations?unit=%00', 400, /^unit:/],
      ['/api/evaluation?asOf=2024-05-08T17:00:00', 400, /^asOf:/],
      ['/api/evaluation?asOf=%27%3B%20DROP%20TABLE%20obligations%3B--', 400, /^asOf:/],
      ['/api/runs?limit=1e9', 400, /^limit:/],
      ['/api/runs/1%3B%20DELETE%20FROM%20sync_runs/rejections', 400, /^id:/],
      ['/api/runs/99999999999999999999/rejections', 400, /^id:/],
      ['/api/runs/123456789/rejections', 404, /Không có lượt/],
      ['/api/digests?week=2024-W99', 400, /^week:/],
      ['/api/digests/99999999999999999999', 404, /Không có/],
      ['/api/snapshots/1%27%20OR%20%271/1', 404, /Không có đợt/],
      [`/api/snapshots/${PHASE}/abc`, 400, /^version:/],
      [`/api/snapshots/${PHASE}/99999999999`, 400, /^version:/],
      [`/api/snapshots/${PHASE}/diff?from=1`, 400, /^to:/],
      [`/api/snapshots/${PHASE}/1/export?format=pdf`, 400, /^format:/],
    ];
    for (const [path, status, message] of cases) {
      const res = await call('GET', path, 'admin');
      expect([path, res.status]).toEqual([path, status]);
      expect(String(res.json?.message)).toMatch(message);
    }
    // SQL-like text where an id is expected is just an id nobody has.
    const injected = await call(
      'GET',
      `/api/obligations?unit=${encodeURIComponent("VP' OR '1'='1")}`,
      'leader',
    );
    expect(injected.status).toBe(200);
    expect(injected.json.items).toEqual([]);
    expect(
      (await query<{ n: number }>(db.url, 'SELECT count(*)::int AS n FROM obligations'))[0].n,
    ).toBeGreaterThan(0);

    // Bodies: not JSON, the wrong shape, the wrong types.
    expect((await call('POST', `/api/snapshots/${PHASE}`, 'council', undefined, '{"asOf": ')).status).toBe(
      400,
    );
    const wrongType = await call('POST', `/api/snapshots/${PHASE}`, 'council', { asOf: 12 });
    expect([wrongType.status, String(wrongType.json.message)]).toEqual([
      400,
      expect.stringMatching(/^asOf:/),
    ]);
    const arrayBody = await call('POST', `/api/snapshots/${PHASE}`, 'council', [1, 2]);
    expect([arrayBody.status, String(arrayBody.json.message)]).toEqual([
      400,
      expect.stringMatching(/^body:/),
    ]);
    const huge = await call('POST', `/api/snapshots/${PHASE}`, 'council', { asOf: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
  });

  it('freezes a phase for the council; no request edits or removes a frozen version', async () => {
    const frozen = await call('POST', `/api/snapshots/${PHASE}`, 'council', { asOf: AS_OF });
    expect(frozen.status).toBe(201);
    const version = frozen.json.version as number;
    const before = await call('GET', `/api/snapshots/${PHASE}/${version}`, 'council');
    expect(before.json.checksum).toMatch(/^sha256:/);
    // Times as everywhere else in the API: ISO 8601 at +07:00, not epoch milliseconds.
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+07:00$/;
    expect(frozen.json.asOf).toBe(AS_OF);
    expect(before.json.asOf).toBe(AS_OF);
    expect(before.json.frozenAt).toMatch(iso);
    const versions = (await call('GET', `/api/snapshots/${PHASE}`, 'leader')).json.versions as {
      version: number;
      asOf: unknown;
      frozenAt: unknown;
    }[];
    expect(versions.find((x) => x.version === version)).toMatchObject({
      asOf: AS_OF,
      frozenAt: before.json.frozenAt,
    });
    for (const method of ['PUT', 'PATCH', 'DELETE'] as Method[]) {
      for (const path of [`/api/snapshots/${PHASE}`, `/api/snapshots/${PHASE}/${version}`]) {
        const res = await call(method, path, 'admin', { content: {} });
        expect([method, path, res.status]).toEqual([method, path, 404]);
      }
    }
    const after = await call('GET', `/api/snapshots/${PHASE}/${version}`, 'council');
    expect(after.json).toEqual(before.json);
    const xlsx = await fetch(`${api.url}/api/snapshots/${PHASE}/${version}/export?format=xlsx`, {
      headers: { authorization: `Bearer ${tokens.leader}` },
    });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('serves the same scores as dunghan evaluate on the same file, units ranked', async () => {
    const offline = await capture((io) => runEvaluate({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), {});
    const expected = (JSON.parse(offline.stdout) as { scores: Record<string, unknown>[] }).scores;
    const served = await call('GET', '/api/scores?pageSize=1000', 'council');
    expect(served.status).toBe(200);
    const items = served.json.items as (Record<string, unknown> & { level: string; subjectId: string })[];
    const shape = (s: Record<string, unknown>) => ({
      phaseId: s.phaseId,
      level: s.level,
      id: s.id ?? s.subjectId,
      rules: s.rules,
      score: s.score,
      grade: s.grade,
      ...(s.level === 'unit' ? { excellentShare: s.excellentShare, excellentTarget: s.excellentTarget } : {}),
    });
    const key = (s: { phaseId: unknown; level: unknown; id: unknown }) =>
      `${String(s.phaseId)} ${String(s.level)} ${String(s.id)}`;
    const sort = (rows: ReturnType<typeof shape>[]) => rows.sort((x, y) => (key(x) < key(y) ? -1 : 1));
    expect(sort(items.map(shape))).toEqual(sort(expected.map(shape)));
    expect(expected.length).toBeGreaterThan(0);
    const units = items.filter((s) => s.level === 'unit' && s.phaseId === PHASE) as unknown as {
      score: number;
      rank: number;
    }[];
    for (let i = 1; i < units.length; i++) {
      expect(units[i].score).toBeLessThanOrEqual(units[i - 1].score);
      expect(units[i].rank).toBe(units[i].score === units[i - 1].score ? units[i - 1].rank : i + 1);
    }
    expect(units[0].rank).toBe(1);
  });

  it('shows staff their own score only and a unit head her unit and its people', async () => {
    const own = await call('GET', `/api/scores?phase=${PHASE}`, 'staff');
    expect(
      (own.json.items as { level: string; subjectId: string }[]).map((s) => [s.level, s.subjectId]),
    ).toEqual([['person', 'CV1']]);
    expect((await call('GET', '/api/scores?level=unit', 'staff')).json.items).toEqual([]);
    const unit = await call('GET', `/api/scores?phase=${PHASE}`, 'unit_head');
    const rows = unit.json.items as { level: string; subjectId: string; unitId: string }[];
    expect(new Set(rows.map((s) => s.unitId))).toEqual(new Set(['VP']));
    expect(rows.some((s) => s.level === 'unit' && s.subjectId === 'VP')).toBe(true);
    expect((await call('GET', '/api/scores?unit=BCVT', 'unit_head')).json.items).toEqual([]);
  });

  it('exempts an obligation with a reason: audited, re-evaluated, scored, visible in the next snapshot, revocable', async () => {
    const listed = await call('GET', '/api/obligations?person=CV1&pageSize=500', 'leader');
    const target = (listed.json.items as { id: string; status: string }[]).find((o) =>
      ['late', 'overdue', 'violated'].includes(o.status),
    )!;
    expect(target).toBeDefined();
    const before = await call('GET', `/api/scores?phase=${PHASE}&subject=CV1`, 'leader');

    const noReason = await call('POST', '/api/exemptions', 'leader', {
      obligationId: target.id,
      reason: '   ',
    });
    expect([noReason.status, noReason.json.parameter]).toEqual([400, 'reason']);
    const made = await call('POST', '/api/exemptions', 'leader', {
      obligationId: target.id,
      reason: 'Nghỉ ốm có giấy của bệnh viện',
    });
    expect(made.status).toBe(201);
    expect(made.json.obligation).toMatchObject({ id: target.id, status: 'exempt' });
    const again = await call('POST', '/api/exemptions', 'council', {
      obligationId: target.id,
      reason: 'lần hai',
    });
    expect(again.status).toBe(409);

    const detail = await call('GET', `/api/obligations/${encodeURIComponent(target.id)}`, 'staff');
    expect((detail.json.obligation as { status: string; details: Record<string, unknown> }).status).toBe(
      'exempt',
    );
    expect((detail.json.obligation as { details: Record<string, unknown> }).details).toMatchObject({
      exemptedStatus: target.status,
      exemptionReason: 'Nghỉ ốm có giấy của bệnh viện',
    });
    const after = await call('GET', `/api/scores?phase=${PHASE}&subject=CV1`, 'leader');
    expect(after.json.items).not.toEqual(before.json.items);

    const audit = await call('GET', `/api/audit?action=exemption.create`, 'council');
    const entry = (
      audit.json.items as { actor: string; target: string; reason: string; before: unknown; after: unknown }[]
    )[0];
    expect(entry).toMatchObject({
      target: `obligation:${target.id}`,
      reason: 'Nghỉ ốm có giấy của bệnh viện',
    });
    expect(entry.actor).toMatch(/^token:\d+ \(leader, GD\)/);
    expect(entry.before).toMatchObject({ status: target.status });
    expect(entry.after).toMatchObject({ status: 'exempt' });

    const frozen = await call('POST', `/api/snapshots/${PHASE}`, 'council', { asOf: AS_OF });
    expect(frozen.json.created).toBe(true);
    const snapshot = await call('GET', `/api/snapshots/${PHASE}/${String(frozen.json.version)}`, 'council');
    const exemptions = (snapshot.json.content as { exemptions: { obligationId: string; reason: string }[] })
      .exemptions;
    expect(exemptions).toEqual([
      expect.objectContaining({ obligationId: target.id, reason: 'Nghỉ ốm có giấy của bệnh viện' }),
    ]);

    const exemptionId = (made.json.exemption as { id: string }).id;
    const revoked = await call('DELETE', `/api/exemptions/${exemptionId}`, 'council', {
      reason: 'Giấy tờ không hợp lệ',
    });
    expect(revoked.status).toBe(200);
    expect(revoked.json.obligation).toMatchObject({ status: target.status });
    const restored = await call('GET', `/api/scores?phase=${PHASE}&subject=CV1`, 'leader');
    const withoutRun = (items: unknown) =>
      (items as Record<string, unknown>[]).map(({ evaluationId: _run, ...rest }) => rest);
    expect(withoutRun(restored.json.items)).toEqual(withoutRun(before.json.items));
  });

  it('adjusts a unit’s score for the council only, audited, with the rank recomputed', async () => {
    const [unit] = (await call('GET', `/api/scores?phase=${PHASE}&level=unit&subject=VP`, 'council')).json
      .items as {
      score: number;
      computedScore: number;
    }[];
    const wrong = await call('POST', '/api/adjustments', 'council', {
      phaseId: PHASE,
      level: 'unit',
      subjectId: 'VP',
      points: '2.5',
      reason: 'Khen thưởng đột xuất',
    });
    expect([wrong.status, wrong.json.parameter]).toEqual([400, 'points']);
    const made = await call('POST', '/api/adjustments', 'council', {
      phaseId: PHASE,
      level: 'unit',
      subjectId: 'VP',
      points: -2.5,
      reason: 'Chậm báo cáo tổng kết',
    });
    expect(made.status).toBe(201);
    expect(made.json.score).toMatchObject({
      computedScore: unit.computedScore,
      adjustment: -2.5,
      score: Math.max(0, Math.round((unit.computedScore - 2.5) * 100) / 100),
    });
    const audit = await call('GET', '/api/audit?target=score:*', 'leader');
    expect((audit.json.items as { action: string; reason: string }[])[0]).toMatchObject({
      action: 'adjustment.create',
      reason: 'Chậm báo cáo tổng kết',
    });
  });

  it('serves its OpenAPI description without a token', async () => {
    const res = await fetch(`${api.url}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/api/obligations',
      '/api/obligations/{id}',
      '/api/snapshots/{phase}',
      '/api/sources/{name}/sync',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect((await fetch(`${api.url}/api/docs`)).status).toBe(200);
  });

  it('never answered any of the above with a 5xx', () => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
