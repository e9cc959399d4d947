/**
 * The administrator's calendar and campaign changes over HTTP against the real Postgres: a day
 * declared off moves due dates (and taking it back restores them); a campaign change is validated,
 * audited and applies to open phases only — a phase frozen at its review keeps its weights.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/cli/service.commands.js';
import { createToken } from '../../../src/cli/token.command.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { Reevaluation } from '../../../src/modules/settings/reevaluation.js';
import { EXAMPLE_BUNDLE } from '../../factories/bundle.factory.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase, query } from '../support/test-database.js';

const AS_OF = '2024-05-08T17:00:00+07:00';

describe('calendar and campaigns, changed by the administrator', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let admin: string;
  let council: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-settings-')),
      DUNGHAN_CLOCK: AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    expect((await capture((io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: AS_OF }, io), env)).code).toBe(
      0,
    );
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
  const dueDates = () =>
    query<{ id: string; due: string | null }>(
      db.url,
      "SELECT id, to_char(due_date, 'YYYY-MM-DD') AS due FROM obligations ORDER BY id",
    );
  const unitScores = () =>
    query<{ subject_id: string; score: string }>(
      db.url,
      "SELECT subject_id, score FROM scores WHERE phase_id = '2024-1' AND level = 'unit' ORDER BY subject_id",
    );

  it('shows the year’s holidays and make-up days with where each comes from', async () => {
    const res = await call('GET', '/api/calendar?year=2024', council);
    expect(res.status).toBe(200);
    const days = res.json.days as {
      date: string;
      working: boolean;
      kind: string;
      reason: string;
      source: string;
    }[];
    expect(days).toContainEqual(
      expect.objectContaining({ date: '2024-04-18', working: false, kind: 'off', source: 'announced' }),
    );
    expect(days).toContainEqual(
      expect.objectContaining({ date: '2024-05-04', working: true, kind: 'makeup' }),
    );
  });

  it('moves due dates when the administrator declares a day off, and puts them back when it is taken away', async () => {
    const before = await dueDates();
    const refused = await call('PUT', '/api/calendar/2024-05-06', council, {
      kind: 'off',
      name: 'Nghỉ đột xuất',
    });
    expect(refused.status).toBe(403);
    const bad = await call('PUT', '/api/calendar/2024-02-30', admin, { kind: 'off', name: 'x' });
    expect([bad.status, bad.json.parameter]).toEqual([400, 'date']);
    const badKind = await call('PUT', '/api/calendar/2024-05-06', admin, { kind: 'holiday', name: 'x' });
    expect([badKind.status, badKind.json.parameter]).toEqual([400, 'kind']);

    const set = await call('PUT', '/api/calendar/2024-05-06', admin, {
      kind: 'off',
      name: 'Nghỉ đột xuất (bão)',
    });
    expect(set.status).toBe(202);
    expect(set.json.day).toMatchObject({ date: '2024-05-06', working: false, source: 'administrator' });
    await api.app.get(Reevaluation).settled();
    const after = await dueDates();
    const moved = after.filter((o, i) => o.due !== before[i].due);
    expect(moved.length).toBeGreaterThan(0);
    // Task e2's plan was due Monday 6 May; with that day off it is due Tuesday 7 May.
    expect(moved).toContainEqual({ id: 'plan:e2', due: '2024-05-07' });
    for (const o of moved) expect(o.due! > '2024-05-06').toBe(true);
    const [audit] = await query<{ action: string; target: string; reason: string }>(
      db.url,
      "SELECT action, target, reason FROM audit_log WHERE action = 'calendar.override'",
    );
    expect(audit).toEqual({
      action: 'calendar.override',
      target: 'calendar:2024-05-06',
      reason: 'Nghỉ đột xuất (bão)',
    });

    const removed = await call('DELETE', '/api/calendar/2024-05-06', admin);
    expect(removed.status).toBe(202);
    await api.app.get(Reevaluation).settled();
    expect(await dueDates()).toEqual(before);
    expect((await call('DELETE', '/api/calendar/2024-05-06', admin)).status).toBe(404);
  });

  it('applies a campaign change to open phases only: a frozen phase keeps its weights and dates', async () => {
    const [campaign] = (
      (await call('GET', '/api/campaigns', council)).json as unknown as {
        id: string;
        weights: Record<string, number>;
        phases: { id: string; state: string; start: string }[];
      }[]
    ).filter((c) => c.id === '2024');
    expect(campaign.phases.map((p) => [p.id, p.state])).toEqual([
      ['2024-1', 'open'],
      ['2024-2', 'open'],
    ]);
    const invalid = await call('PUT', '/api/campaigns/2024', admin, { ...campaign, weights: { plan: -1 } });
    expect([invalid.status, invalid.json.parameter]).toEqual([400, 'weights.plan']);

    // Open: the new weight counts.
    const scores0 = await unitScores();
    const heavier = await call('PUT', '/api/campaigns/2024', admin, {
      ...campaign,
      weights: { ...campaign.weights, plan: 60 },
    });
    expect(heavier.status).toBe(202);
    await api.app.get(Reevaluation).settled();
    const scores1 = await unitScores();
    expect(scores1).not.toEqual(scores0);

    // Frozen at its review: the phase is closed.
    expect((await call('POST', '/api/snapshots/2024-1', council, { asOf: AS_OF })).status).toBe(201);
    const moved = await call('PUT', '/api/campaigns/2024', admin, {
      ...campaign,
      phases: campaign.phases.map((p) => (p.id === '2024-1' ? { ...p, start: '2024-01-02' } : p)),
    });
    expect([moved.status, moved.json.parameter]).toEqual([409, 'phases[0].start']);
    const lighter = await call('PUT', '/api/campaigns/2024', admin, {
      ...campaign,
      weights: { ...campaign.weights, plan: 0 },
    });
    expect(lighter.status).toBe(202);
    await api.app.get(Reevaluation).settled();
    expect(await unitScores()).toEqual(scores1);
    const shown = lighter.json.campaign as {
      weights: Record<string, number>;
      phases: { id: string; state: string; frozen?: { weights: Record<string, number> } }[];
    };
    expect(shown.weights.plan).toBe(0);
    expect(shown.phases[0]).toMatchObject({
      id: '2024-1',
      state: 'closed',
      frozen: { weights: { plan: 60 } },
    });
    const audits = await query<{ n: number }>(
      db.url,
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'campaign.update'",
    );
    expect(audits[0].n).toBe(2);
  });
});
