/**
 * Preview, then apply (issue 13), on a generated agency in the real Postgres: adding one day off
 * to 2025 and changing a campaign's weights are each previewed, then applied. The preview leaves
 * the database exactly as it was (row counts and a checksum of the obligations and scores tables),
 * and applying the change produces exactly what the preview announced.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCalendarPreview, runCampaignPreview } from '../../../src/cli/preview.command.js';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import { exportInstantOf, generateAgency } from '../../../src/demo/agency-generator.js';
import { writeBundle } from '../../../src/demo/bundle-writer.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { Reevaluation } from '../../../src/modules/settings/reevaluation.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';

/** Friday 16 May 2025, late afternoon: phase 2025-1 is open, and much is due the next weeks. */
const AS_OF = '2025-05-16T17:00:00+07:00';

interface Standing {
  dueDate: string | null;
  status: string;
  workingDaysLate: number | null;
}
interface Move {
  id: string;
  before: Standing | null;
  after: Standing | null;
}
interface Mark {
  score: number;
  grade: string;
  rank: number | null;
}
interface ScoreMove {
  phaseId: string;
  level: string;
  subjectId: string;
  before: Mark | null;
  after: Mark | null;
}
interface Preview {
  change: string;
  asOf: string;
  obligations: number;
  movedTotal: number;
  moved: Move[];
  scores: ScoreMove[];
  unchanged: true;
}

describe('preview, then apply', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let admin: string;
  let council: string;
  let staff: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'dunghan-preview-'));
    const bundle = join(dir, 'agency.json');
    await writeBundle(
      bundle,
      generateAgency({
        seed: 'preview',
        units: 6,
        people: 40,
        targetRecords: 2500,
        from: '2025-03-01',
        to: '2025-05-16',
      }),
      { system: 'generated', exportedAt: exportInstantOf('2025-05-16') },
    );
    env = {
      DATABASE_URL: db.url,
      DUNGHAN_DATA_DIR: dir,
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture((io) => runImport({ bundle: [bundle], asOf: AS_OF }, io), env);
    expect(imported.code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    admin = (await createToken(api.app, { role: 'admin' })).token;
    council = (await createToken(api.app, { role: 'council' })).token;
    const [person] = await query<{ id: string }>(db.url, 'SELECT id FROM people ORDER BY id LIMIT 1');
    staff = (await createToken(api.app, { role: 'staff', person: person.id })).token;
  }, 120_000);
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

  /** Row counts and checksums of every table a preview could touch. */
  async function fingerprint() {
    const [row] = await query<Record<string, string>>(
      db.url,
      `SELECT (SELECT count(*) FROM obligations)::text AS obligations,
              (SELECT md5(coalesce(string_agg(o::text, '|' ORDER BY o.id COLLATE "C"), '')) FROM obligations o) AS obligations_sum,
              (SELECT count(*) FROM scores)::text AS scores,
              (SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY s.phase_id, s.level, s.subject_id COLLATE "C"), '')) FROM scores s) AS scores_sum,
              (SELECT count(*) FROM evaluations)::text AS evaluations,
              (SELECT count(*) FROM obligation_history)::text AS history,
              (SELECT count(*) FROM audit_log)::text AS audit,
              (SELECT count(*) FROM calendar_overrides)::text AS calendar,
              (SELECT count(*) FROM campaign_overrides)::text AS campaigns,
              (SELECT count(*) FROM exemptions)::text AS exemptions`,
    );
    return row;
  }

  const standings = async () =>
    new Map(
      (
        await query<{ id: string; due: string | null; status: string; late: number | null }>(
          db.url,
          "SELECT id, to_char(due_date, 'YYYY-MM-DD') AS due, status, working_days_late AS late FROM obligations",
        )
      ).map((o) => [o.id, { dueDate: o.due, status: o.status, workingDaysLate: o.late }]),
    );
  const marks = async () =>
    new Map(
      (
        await query<{ key: string; score: string; grade: string; rank: number | null }>(
          db.url,
          "SELECT phase_id || '/' || level || '/' || subject_id AS key, score::text, grade, rank FROM scores",
        )
      ).map((s) => [s.key, { score: Number(s.score), grade: s.grade, rank: s.rank }]),
    );

  /** What the preview announced equals what applying changed, obligation by obligation and score by score. */
  function expectApplied(
    preview: Preview,
    before: Map<string, Standing>,
    after: Map<string, Standing>,
    scoresBefore: Map<string, Mark>,
    scoresAfter: Map<string, Mark>,
  ) {
    const moved = [...new Set([...before.keys(), ...after.keys()])]
      .filter((id) => JSON.stringify(before.get(id) ?? null) !== JSON.stringify(after.get(id) ?? null))
      .sort();
    expect(preview.movedTotal).toBe(moved.length);
    expect(preview.moved.map((m) => m.id)).toEqual(moved.slice(0, preview.moved.length));
    for (const m of preview.moved) {
      expect(m.before).toEqual(before.get(m.id) ?? null);
      expect(m.after).toEqual(after.get(m.id) ?? null);
    }
    const changedScores = [...new Set([...scoresBefore.keys(), ...scoresAfter.keys()])].filter(
      (k) => JSON.stringify(scoresBefore.get(k) ?? null) !== JSON.stringify(scoresAfter.get(k) ?? null),
    );
    expect(preview.scores.map((s) => `${s.phaseId}/${s.level}/${s.subjectId}`).sort()).toEqual(
      changedScores.sort(),
    );
    for (const s of preview.scores) {
      const key = `${s.phaseId}/${s.level}/${s.subjectId}`;
      expect(s.before).toEqual(scoresBefore.get(key) ?? null);
      expect(s.after).toEqual(scoresAfter.get(key) ?? null);
    }
  }

  it('prints a preview on the command line, in Vietnamese, and refuses a bad change by its field', async () => {
    const untouched = await fingerprint();
    const day = await capture(
      (io) => runCalendarPreview({ date: '2025-05-20', kind: 'off', name: 'Nghỉ đột xuất' }, io),
      env,
    );
    expect(day.code).toBe(0);
    expect(day.stdout).toContain('Xem trước thay đổi calendar:2025-05-20');
    expect(day.stdout).toContain('Chưa lưu gì.');
    expect(day.stdout).toMatch(/\d+ trên \d+ nghĩa vụ đổi hạn hoặc trạng thái:/);
    expect(day.stdout).toContain('hạn 20/05/2025');
    const json = await capture(
      (io) =>
        runCalendarPreview({ date: '2025-05-20', kind: 'off', name: 'Nghỉ đột xuất', format: 'json' }, io),
      env,
    );
    expect((JSON.parse(json.stdout) as Preview).movedTotal).toBeGreaterThan(0);
    const bad = await capture(
      (io) => runCalendarPreview({ date: '2025-05-20', kind: 'holiday', name: 'x' }, io),
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('kind: chỉ nhận off hoặc working');
    const dir = mkdtempSync(join(tmpdir(), 'dunghan-preview-cli-'));
    const file = join(dir, 'campaign.json');
    writeFileSync(file, JSON.stringify({ name: 'x', phases: [], weights: { plan: -1 } }));
    const campaign = await capture((io) => runCampaignPreview({ id: '2025', file }, io), env);
    expect(campaign.code).toBe(2);
    expect(campaign.stderr).toMatch(/^weights|^phases/);
    expect(await fingerprint()).toEqual(untouched);
  });

  it('previews a day off in 2025 without storing anything, then applying it gives exactly the preview', async () => {
    const untouched = await fingerprint();
    const before = await standings();
    const scoresBefore = await marks();

    const refused = await call('POST', '/api/calendar/2025-05-19/preview', staff, {
      kind: 'off',
      name: 'Nghỉ đột xuất',
    });
    expect(refused.status).toBe(403);
    const bad = await call('POST', '/api/calendar/2025-05-19/preview', admin, { kind: 'holiday', name: 'x' });
    expect([bad.status, bad.json.parameter]).toEqual([400, 'kind']);

    const res = await call('POST', '/api/calendar/2025-05-19/preview?limit=100000', admin, {
      kind: 'off',
      name: 'Nghỉ đột xuất (bão)',
    });
    expect(res.status).toBe(200);
    const preview = res.json as unknown as Preview;
    expect(preview).toMatchObject({ change: 'calendar:2025-05-19', asOf: AS_OF, unchanged: true });
    expect(preview.movedTotal).toBeGreaterThan(0);
    // What was due on Monday 19 May is due on another day (later, or earlier for a step counted
    // back from a deadline), and nothing moves onto it.
    const offDay = preview.moved.filter((m) => m.before?.dueDate === '2025-05-19');
    expect(offDay.length).toBeGreaterThan(0);
    for (const m of preview.moved) expect(m.after?.dueDate).not.toBe('2025-05-19');
    expect(await fingerprint()).toEqual(untouched);

    const applied = await call('PUT', '/api/calendar/2025-05-19', admin, {
      kind: 'off',
      name: 'Nghỉ đột xuất (bão)',
    });
    expect(applied.status).toBe(202);
    await api.app.get(Reevaluation).settled();
    expectApplied(preview, before, await standings(), scoresBefore, await marks());
  });

  it('previews a change of weights (the council may too), then applying it gives exactly the preview', async () => {
    const campaign = (await call('GET', '/api/campaigns/2025', council)).json as Record<string, unknown>;
    const definition = {
      name: campaign.name,
      phases: (campaign.phases as Record<string, unknown>[]).map(({ id, name, start, end, review }) => ({
        id,
        name,
        start,
        end,
        review,
      })),
      grades: campaign.grades,
      excellentTarget: campaign.excellentTarget,
      weights: { ...(campaign.weights as Record<string, number>), staff_submission: 60, plan: 1 },
    };
    const untouched = await fingerprint();
    const before = await standings();
    const scoresBefore = await marks();

    const invalid = await call('POST', '/api/campaigns/2025/preview', council, {
      ...definition,
      weights: { plan: -1 },
    });
    expect(invalid.status).toBe(400);
    const res = await call('POST', '/api/campaigns/2025/preview', council, definition);
    expect(res.status).toBe(200);
    const preview = res.json as unknown as Preview;
    // Weights move scores, never an obligation's due date or status.
    expect(preview.movedTotal).toBe(0);
    const units = preview.scores.filter((s) => s.phaseId === '2025-1' && s.level === 'unit');
    expect(units.length).toBeGreaterThan(0);
    expect(units.some((s) => s.before!.score !== s.after!.score)).toBe(true);
    expect(await fingerprint()).toEqual(untouched);

    const applied = await call('PUT', '/api/campaigns/2025', admin, definition);
    expect(applied.status).toBe(202);
    await api.app.get(Reevaluation).settled();
    expectApplied(preview, before, await standings(), scoresBefore, await marks());
  });

  it('previews an exemption: the obligation excused and its person’s score, nothing stored', async () => {
    const [late] = await query<{ id: string; person_id: string }>(
      db.url,
      "SELECT id, person_id FROM obligations WHERE status = 'late' AND person_id IS NOT NULL AND phase_id = '2025-1' ORDER BY id LIMIT 1",
    );
    expect(late).toBeDefined();
    const untouched = await fingerprint();
    const res = await call('POST', '/api/exemptions/preview', council, {
      obligationId: late.id,
      reason: 'Nghỉ ốm có giấy xác nhận',
    });
    expect(res.status).toBe(200);
    const preview = res.json as unknown as Preview;
    expect(preview.moved).toEqual([
      expect.objectContaining({ id: late.id, before: expect.objectContaining({ status: 'late' }) }),
    ]);
    expect(preview.moved[0].after!.status).toBe('exempt');
    expect(preview.scores).toContainEqual(
      expect.objectContaining({ phaseId: '2025-1', level: 'person', subjectId: late.person_id }),
    );
    expect(await fingerprint()).toEqual(untouched);
  });
});
