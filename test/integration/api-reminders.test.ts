/**
 * `GET /api/reminders`: what was sent, to whom and why, over HTTP against the real Postgres, after
 * the 08:00 slot of Monday 6 May 2024 went to the file outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runRemind } from '../../src/cli/remind.command.js';
import { runImport } from '../../src/cli/service.commands.js';
import type { RunningApi } from '../../src/main.js';
import { bootstrapApi } from '../../src/main.js';
import { createToken } from '../../src/cli/token.command.js';
import { EXAMPLE_BUNDLE } from '../factories/bundle.factory.js';
import { capture } from './support/cli-io.js';
import { folderSource } from './support/sync-fixture.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

interface Listed {
  items: {
    state: string;
    stage: string;
    obligationId: string;
    to: { personId: string };
    why: string;
    messageId: string;
    slot: string;
    sentAt: string | null;
  }[];
}

describe('GET /api/reminders', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let leader: string;
  let staff: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const fixture = folderSource('office');
    const env = {
      DATABASE_URL: db.url,
      DUNGHAN_CONFIG_DIR: fixture.configDir,
      DUNGHAN_DATA_DIR: fixture.root,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    expect(
      (
        await capture(
          (io) => runImport({ bundle: [EXAMPLE_BUNDLE], asOf: '2024-05-06T07:00:00+07:00' }, io),
          env,
        )
      ).code,
    ).toBe(0);
    expect((await capture((io) => runRemind({ asOf: '2024-05-06T08:00:00+07:00' }, io), env)).code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
    leader = (await createToken(api.app, { role: 'leader', person: 'GD' })).token;
    staff = (await createToken(api.app, { role: 'staff', person: 'CV2' })).token;
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('lists the slot’s reminders with their recipient and why', async () => {
    const response = await fetch(`${api.url}/api/reminders?date=2024-05-06`, {
      headers: { authorization: `Bearer ${leader}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Listed;
    expect(body.items.map((r) => r.obligationId).sort()).toEqual([
      'plan:e2',
      'weekly_schedule:BCVT:2024-W19',
      'weekly_schedule:BGD:2024-W19',
    ]);
    const plan = body.items.find((r) => r.obligationId === 'plan:e2')!;
    expect(plan).toMatchObject({ state: 'sent', stage: 'due', to: { personId: 'CV2' } });
    // Instants for a machine reader: ISO 8601 with the +07:00 offset, never UTC `Z`.
    expect(plan.slot).toBe('2024-05-06T08:00:00+07:00');
    expect(plan.sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+07:00$/);
    expect(plan.why).toContain('thứ Bảy 4/5 làm bù');
    const byPerson = (await (
      await fetch(`${api.url}/api/reminders?person=CV2`, { headers: { authorization: `Bearer ${leader}` } })
    ).json()) as Listed;
    expect(byPerson.items.map((r) => r.obligationId)).toEqual(['plan:e2']);
  });

  it('shows a staff member the reminders sent to her only, whatever person she asks for', async () => {
    const asked = await fetch(`${api.url}/api/reminders?person=TP2`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(asked.status).toBe(200);
    const body = (await asked.json()) as Listed;
    expect(body.items.map((r) => r.obligationId)).toEqual(['plan:e2']);
    expect(body.items.every((r) => r.to.personId === 'CV2')).toBe(true);
  });

  const bad: [string, string][] = [
    ['state=bogus', 'state'],
    ['limit=abc', 'limit'],
    ['date=2024-02-30', 'date'],
  ];
  it.each(bad)('answers ?%s with 400 naming the parameter', async (query, parameter) => {
    const response = await fetch(`${api.url}/api/reminders?${query}`, {
      headers: { authorization: `Bearer ${leader}` },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(parameter);
  });
});
