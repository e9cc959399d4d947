/**
 * An administrator loads a newly announced year (a file in the shipped config/calendars format),
 * through the API and the command line, against the real Postgres: the loaded year replaces the
 * derived one, the open obligations that span it get new due dates, the change is audited, and a
 * bad file is refused naming the day and the field, changing nothing. A day override still wins.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/program.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import { projectRoot } from '../../../src/config/project-root.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { Reevaluation } from '../../../src/modules/settings/reevaluation.js';
import { exampleBundle, writeBundle } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';

const AS_OF = '2027-02-01T12:00:00+07:00';
/** A made-up 2027 announcement: Tết Thu 4 – Wed 10 Feb, Wed 3 Feb moved off, made up on Sat 30 Jan. */
const ANNOUNCEMENT_FILE = join(projectRoot(), 'test', 'fixtures', 'calendars', '2027.json');
const announcement = () => JSON.parse(readFileSync(ANNOUNCEMENT_FILE, 'utf8')) as Record<string, unknown>;

/** Two tasks without a deadline: each owes a plan within 3 working days of its assignment. */
function bundle2027(): string {
  const b = exampleBundle();
  const task = b.tasks[0];
  return writeBundle({
    ...b,
    source: { system: 'example', exportedAt: '2027-02-01T11:00:00+07:00' },
    documents: [],
    drafts: [],
    weeklySchedules: [],
    mailboxes: [],
    tasks: [
      { ...task, id: 't27a', title: 'Nhiệm vụ t27a', assignedAt: '2027-01-28T10:00:00+07:00', plan: null },
      { ...task, id: 't27b', title: 'Nhiệm vụ t27b', assignedAt: '2027-02-01T10:00:00+07:00', plan: null },
    ],
  });
}

describe('loading a newly announced year', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let env: NodeJS.ProcessEnv;
  let admin: string;
  let council: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-calendar-years-')),
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture((io) => runImport({ bundle: [bundle2027()], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    admin = (await createToken(api.app, { role: 'admin' })).token;
    council = (await createToken(api.app, { role: 'council' })).token;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(api.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
  const planDue = () =>
    query<{ id: string; due: string; status: string }>(
      db.url,
      "SELECT id, to_char(due_date, 'YYYY-MM-DD') AS due, status FROM obligations WHERE id LIKE 'plan:t27%' ORDER BY id",
    );
  const loads = () =>
    query<{ actor: string; target: string; reason: string | null; before: { derived: boolean } }>(
      db.url,
      "SELECT actor, target, reason, before FROM audit_log WHERE action = 'calendar.load' ORDER BY id",
    );
  const lastDerivedYears = async () =>
    (
      await query<{ derived_years: number[] }>(
        db.url,
        'SELECT derived_years FROM evaluations ORDER BY id DESC LIMIT 1',
      )
    )[0].derived_years;
  const bad = () => {
    const file = announcement();
    (file.days as Record<string, unknown>[])[4].kind = 'holiday';
    return file;
  };

  it('starts from the derived 2027: Tết Thu 4 – Wed 10 Feb and nothing else moved', async () => {
    const year = await call('GET', '/api/calendar?year=2027', council);
    expect(year.json).toMatchObject({ year: 2027, derived: true, announcement: null });
    expect((year.json.days as { source: string }[]).every((d) => d.source === 'derived')).toBe(true);
    // Thu 28 Jan + 3 working days = Tue 2 Feb; Mon 1 Feb + 3 = Tue 2, Wed 3, then Thu 11 Feb.
    expect(await planDue()).toEqual([
      { id: 'plan:t27a', due: '2027-02-02', status: 'pending' },
      { id: 'plan:t27b', due: '2027-02-11', status: 'pending' },
    ]);
    expect(await lastDerivedYears()).toContain(2027);
  });

  it('refuses a bad file naming the day and the field, and changes nothing (API and CLI)', async () => {
    const before = await planDue();
    const refused = await call('PUT', '/api/calendar/years/2027', admin, bad());
    expect(refused.status).toBe(400);
    expect(refused.json.parameter).toBe('days[4].kind');
    expect(String(refused.json.message)).toContain('2027-02-05');
    expect(String(refused.json.message)).toMatch(/"kind" phải là "off" \(nghỉ\) hoặc "working"/);
    expect(String(refused.json.message)).toContain('"kind" must be "off" or "working", got "holiday"');
    const wrongYear = await call('PUT', '/api/calendar/years/2028', admin, announcement());
    expect([wrongYear.status, wrongYear.json.parameter]).toEqual([400, 'year']);

    const file = join(env.DUNGHAN_DATA_DIR!, '2027-bad.json');
    writeFileSync(file, JSON.stringify(bad()));
    const vi = await capture((io) => runCli(['calendar', 'load', file], io), env);
    expect(vi.code).toBe(2);
    expect(vi.stdout).toBe('');
    expect(vi.stderr).toBe(
      `${file}: lịch năm 2027: days[4] (2027-02-05): "kind" phải là "off" (nghỉ) hoặc "working" (làm việc), ` +
        'nhận được "holiday" — lịch không thay đổi.\n',
    );
    const en = await capture((io) => runCli(['calendar', 'load', file, '--lang', 'en'], io), env);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(
      `${file}: calendar 2027: days[4] (2027-02-05): "kind" must be "off" or "working", got "holiday" — the calendar is unchanged.\n`,
    );
    const notJson = join(env.DUNGHAN_DATA_DIR!, '2027-broken.json');
    writeFileSync(notJson, '{"year": 2027,');
    const broken = await capture((io) => runCli(['calendar', 'load', notJson], io), env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${notJson}: không phải JSON hợp lệ`);

    await api.app.get(Reevaluation).settled();
    expect(await planDue()).toEqual(before);
    expect(await loads()).toEqual([]);
    expect((await call('GET', '/api/calendar?year=2027', council)).json.derived).toBe(true);
  });

  it('refuses a role other than the administrator', async () => {
    const refused = await call('PUT', '/api/calendar/years/2027', council, announcement());
    expect(refused.status).toBe(403);
    expect(await loads()).toEqual([]);
  });

  it('replaces the derived year: due dates move, the load is audited, the days show their announcement', async () => {
    const loaded = await call('PUT', '/api/calendar/years/2027', admin, announcement());
    expect(loaded.status).toBe(202);
    expect(loaded.json.reevaluation).toBe('started');
    await api.app.get(Reevaluation).settled();

    // Sat 30 Jan is worked and Wed 3 Feb is off: t27a is due Mon 1 Feb, t27b Fri 12 Feb.
    expect(await planDue()).toEqual([
      { id: 'plan:t27a', due: '2027-02-01', status: 'pending' },
      { id: 'plan:t27b', due: '2027-02-12', status: 'pending' },
    ]);
    expect(await lastDerivedYears()).not.toContain(2027);

    const [audit] = await loads();
    expect(audit).toMatchObject({
      target: 'calendar:2027',
      reason: announcement().source,
      before: { derived: true },
    });
    expect(audit.actor).toMatch(/^token:/);

    const year = await call('GET', '/api/calendar?year=2027', council);
    expect(year.json).toMatchObject({ year: 2027, derived: false, announcement: announcement().source });
    const days = year.json.days as { date: string; kind: string; source: string; announcement: string }[];
    expect(days).toHaveLength(13);
    expect(days).toContainEqual(
      expect.objectContaining({ date: '2027-01-30', kind: 'makeup', working: true, source: 'announced' }),
    );
    expect(days).toContainEqual(
      expect.objectContaining({
        date: '2027-02-03',
        kind: 'off',
        source: 'announced',
        announcement: announcement().source,
      }),
    );
  });

  it('keeps an administrator’s day override above the loaded year', async () => {
    const set = await call('PUT', '/api/calendar/2027-01-30', admin, { kind: 'off', name: 'Không làm bù' });
    expect(set.status).toBe(202);
    await api.app.get(Reevaluation).settled();
    const year = await call('GET', '/api/calendar?year=2027', council);
    expect(year.json.days).toContainEqual(
      expect.objectContaining({ date: '2027-01-30', working: false, source: 'administrator' }),
    );
    // Without the make-up Saturday: Fri 29 Jan, Mon 1, Tue 2 Feb.
    expect((await planDue())[0]).toEqual({ id: 'plan:t27a', due: '2027-02-02', status: 'pending' });
    expect((await call('DELETE', '/api/calendar/2027-01-30', admin)).status).toBe(202);
    await api.app.get(Reevaluation).settled();
  });

  it('loads a corrected announcement from the command line, audited and re-evaluated before it returns', async () => {
    const corrected = announcement();
    corrected.source = 'Thông báo giả định (đính chính): Tết từ thứ Năm 4/2, không hoán đổi ngày 3/2.';
    corrected.days = (corrected.days as { date: string }[]).filter(
      (d) => d.date !== '2027-01-30' && d.date !== '2027-02-03',
    );
    const file = join(env.DUNGHAN_DATA_DIR!, '2027-corrected.json');
    writeFileSync(file, JSON.stringify(corrected));
    const out = await capture((io) => runCli(['calendar', 'load', file], io), env);
    expect([out.code, out.stderr]).toEqual([0, '']);
    expect(out.stdout).toContain(
      'Đã nạp lịch nghỉ năm 2027 (11 ngày; nguồn: Thông báo giả định (đính chính)',
    );
    expect(out.stdout).toContain('thay cho lịch đã công bố trước đó của năm');
    expect(await planDue()).toEqual([
      { id: 'plan:t27a', due: '2027-02-02', status: 'pending' },
      { id: 'plan:t27b', due: '2027-02-11', status: 'pending' },
    ]);
    const audits = await loads();
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({ reason: corrected.source, before: { derived: false } });
    expect(audits[1].actor).toMatch(/^cli/);
  });

  it('replaces a shipped year as a whole too (the file under config/calendars stays as it is)', async () => {
    const shipped = JSON.parse(
      readFileSync(join(projectRoot(), 'config', 'calendars', '2026.json'), 'utf8'),
    ) as { source: string; days: { date: string }[] };
    const corrected = {
      ...shipped,
      source: 'Bản nạp thử: không hoán đổi ngày 31/8/2026',
      days: shipped.days.filter((d) => d.date !== '2026-08-31' && d.date !== '2026-08-22'),
    };
    expect((await call('PUT', '/api/calendar/years/2026', admin, corrected)).status).toBe(202);
    await api.app.get(Reevaluation).settled();
    const year = await call('GET', '/api/calendar?year=2026', council);
    expect(year.json).toMatchObject({ derived: false, announcement: corrected.source });
    const dates = (year.json.days as { date: string }[]).map((d) => d.date);
    expect(dates).toHaveLength(shipped.days.length - 2);
    expect(dates).not.toContain('2026-08-31');
    expect(dates).not.toContain('2026-08-22');
  });
});
