/**
 * The demo's sign-in links, on the sample agency the demo generates (the committed sample bundle),
 * in the real Postgres: one per role, and each signs in as that role — the administrator and the
 * council by grant, the leader, a unit head and a drafter by their posts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../../../src/cli/service.commands.js';
import { projectRoot } from '../../../src/config/project-root.js';
import { DEMO_AS_OF } from '../../../src/demo/demo.command.js';
import { demoSignInLinks } from '../../../src/demo/demo-sign-in.js';
import type { RunningApi } from '../../../src/main.js';
import { bootstrapApi } from '../../../src/main.js';
import { capture } from '../support/cli-io.js';
import type { TestDatabase } from '../support/test-database.js';
import { createTestDatabase } from '../support/test-database.js';
import { Browser } from './browser.js';

const SAMPLE = join(projectRoot(), 'examples', 'sample-agency.bundle.json');

describe('the demo’s sign-in links (real Postgres)', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DUNGHAN_WORKER_NAME: 'demo-links-test',
      DUNGHAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'dunghan-demo-links-')),
      DUNGHAN_CLOCK: DEMO_AS_OF,
      HOST: '127.0.0.1',
      PORT: '0',
    };
    const imported = await capture((io) => runImport({ bundle: [SAMPLE], asOf: DEMO_AS_OF }, io), env);
    expect(imported.code).toBe(0);
    api = await bootstrapApi({ env, logger: false });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('gives one link per role, each signing in as that role', async () => {
    const links = await demoSignInLinks(api.app, api.url);
    expect(links.map((l) => l.role)).toEqual(['admin', 'council', 'leader', 'unit_head', 'staff']);
    for (const link of links) {
      expect(link.url.startsWith(`${api.url}/auth/link/`)).toBe(true);
      const browser = new Browser();
      expect((await browser.request(link.url)).status).toBe(303);
      const me = (await (await browser.request(`${api.url}/auth/me`)).json()) as Record<string, unknown>;
      expect(me).toMatchObject({ role: link.role, personId: link.personId });
    }
    const unitHead = links.find((l) => l.role === 'unit_head')!;
    expect(unitHead.unitId).not.toBeNull();
    // Running the demo again grants nothing twice and still gives a link per role.
    expect((await demoSignInLinks(api.app, api.url)).map((l) => l.role)).toHaveLength(5);
  }, 60_000);
});
